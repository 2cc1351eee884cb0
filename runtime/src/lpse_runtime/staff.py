"""Staff identity shared by every service: password hashing and the signed session cookie check."""

from __future__ import annotations

from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request
from pydantic import BaseModel, ConfigDict, ValidationError

from contracts.envelope import Actor

StaffRole = Literal["verifikator", "helpdesk", "admin_ppe", "admin_agency", "kepala_lpse"]
SESSION_KEY = "staff"
SESSION_COOKIE = "lpse_staff"

_hasher = PasswordHasher()


class StaffPrincipal(BaseModel):
    """A signed-in staff member: who, which role, which LPSE."""

    model_config = ConfigDict(frozen=True)

    username: str
    name: str
    role: StaffRole
    lpse: str

    @property
    def actor(self) -> Actor:
        """The actor recorded on events and audit rows."""
        return Actor(id=self.username, role=self.role)


def hash_password(password: str) -> str:
    """An argon2id hash of a password."""
    return _hasher.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    """Whether a password matches its stored argon2 hash."""
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def sign_in(request: Request, principal: StaffPrincipal) -> None:
    """Put the principal in the signed session cookie."""
    request.session[SESSION_KEY] = principal.model_dump()


def sign_out(request: Request) -> None:
    """Clear the session."""
    request.session.pop(SESSION_KEY, None)


def current_staff(request: Request) -> StaffPrincipal | None:
    """The signed-in staff member, or None."""
    raw = request.session.get(SESSION_KEY)
    if not raw:
        return None
    try:
        return StaffPrincipal.model_validate(raw)
    except ValidationError:
        return None


def require_staff(request: Request) -> StaffPrincipal:
    """The signed-in staff member, or a redirect to the sign-in page (303 via HTTPException)."""
    principal = current_staff(request)
    if principal is None:
        raise HTTPException(status_code=303, headers={"Location": f"/staf/masuk?next={request.url.path}"})
    return principal
