"""What every public form shares: the LPSE from the path and the idempotency key (text rules: `lpse_runtime.text`)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

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
