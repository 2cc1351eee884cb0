"""What every public form shares: the LPSE from the path, the idempotency key, email syntax, one-line text."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from email_validator import EmailNotValidError, validate_email
from fastapi import HTTPException

from contracts.lpse import LpseProfile


def profile_or_404(profiles: Mapping[str, LpseProfile], code: str) -> LpseProfile:
    """The LPSE named in the path, or a 404 in Indonesian."""
    profile = profiles.get(code)
    if profile is None:
        raise HTTPException(404, "LPSE tidak dikenal")
    return profile


def submission_key(value: object) -> uuid.UUID:
    """The form's idempotency key: posting the same form twice creates one record."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.uuid4()


def normalized_email(raw: str) -> str | None:
    """The address in normal form when its syntax is valid (no DNS look-up), else None."""
    try:
        return str(validate_email(raw.strip(), check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


def one_line(raw: str) -> str:
    """Text with runs of white space folded to single spaces."""
    return " ".join(raw.split())
