"""Case references people can read out on the phone: DPK-2611-7K3Q9P."""

from __future__ import annotations

from datetime import datetime

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_reference(short_code: str, now: datetime, entropy: bytes, *, prefix: str = "") -> str:
    """[prefix-]LPSE short code, year and month, six Crockford base-32 characters from the entropy."""
    number = int.from_bytes(entropy[:5], "big")
    code = "".join(CROCKFORD[(number >> (5 * i)) & 31] for i in range(6))
    head = f"{prefix}-" if prefix else ""
    return f"{head}{short_code}-{now:%y%m}-{code}"
