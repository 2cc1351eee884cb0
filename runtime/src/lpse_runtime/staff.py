"""Staff identity shared by every service: password hashing and the server-side session check.

The identity service owns accounts and sessions; every other service reads a session through
`identity.session_principal`, a function granted to its database role (see the README, "Staff identity").
"""

from __future__ import annotations

import asyncio
import functools
import secrets
from collections.abc import Callable
from urllib.parse import urlencode

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request
from pydantic import BaseModel, ConfigDict

from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.identity import StaffRole
from lpse_runtime.clock import Clock

SESSION_COOKIE = "lpse_staff"
EVERY_LPSE = "*"
SIGN_IN_PATH = "/staf/masuk"

_hasher = PasswordHasher()


class Grant(BaseModel):
    """One role held in one LPSE ('*': every LPSE)."""

    model_config = ConfigDict(frozen=True)

    role: StaffRole
    lpse: str


class StaffPrincipal(BaseModel):
    """A signed-in staff member: who, and which roles in which LPSEs."""

    model_config = ConfigDict(frozen=True)

    username: str
    name: str
    grants: tuple[Grant, ...]
    acting: Grant | None = None  # the grant that authorized the current action (set by `lpse_runtime.authz`)

    @property
    def role(self) -> str:
        """The role acting now: the one that authorized the action, else the first held (the console's label)."""
        if self.acting is not None:
            return self.acting.role
        return self.grants[0].role if self.grants else "tanpa_peran"

    @property
    def lpse(self) -> str:
        """The LPSE of the first role held: the one whose queue and deliveries the console shows."""
        return self.grants[0].lpse if self.grants else ""

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


@functools.cache
def dummy_hash() -> str:
    """A hash with the same argon2 parameters as real ones: an unknown user costs as much time as a known one."""
    return hash_password(secrets.token_urlsafe(16))


async def password_matches_off_loop(stored_hash: str, password: str) -> bool:
    """`password_matches` in a worker thread: argon2 takes ~0.1 s of CPU and must not stall other requests."""
    return await asyncio.to_thread(password_matches, stored_hash, password)


def parse_grant(text: str) -> Grant | None:
    """'verifikator@depok' → Grant; an unknown role is dropped rather than trusted."""
    role, _, lpse = text.partition("@")
    try:
        return Grant.model_validate({"role": role, "lpse": lpse})
    except ValueError:
        return None


class SessionCheck:
    """Reads a staff session through identity's granted function on the service's own pool."""

    def __init__(self, pool: Callable[[], asyncpg.Pool], clock: Clock) -> None:
        self._pool = pool
        self._clock = clock

    async def principal(self, token: str) -> StaffPrincipal | None:
        """The staff member whose live session this token opens, or None."""
        row = await self._pool().fetchrow(
            "SELECT * FROM identity.session_principal($1, $2)", token_digest(token), self._clock.now()
        )
        if row is None:
            return None
        grants = tuple(g for g in (parse_grant(t) for t in row["grants"]) if g is not None)
        return StaffPrincipal(username=row["username"], name=row["name"], grants=grants)


async def current_staff(request: Request) -> StaffPrincipal | None:
    """The signed-in staff member (server-side session from the cookie), or None; read once per request."""
    if hasattr(request.state, "staff"):
        found: StaffPrincipal | None = request.state.staff
        return found
    token = request.cookies.get(SESSION_COOKIE, "")
    check: SessionCheck | None = getattr(request.app.state, "staff_sessions", None)
    principal = await check.principal(token) if token and check is not None and len(token) <= 200 else None
    request.state.staff = principal
    return principal


def sign_in_redirect(request: Request) -> HTTPException:
    """A 303 to the sign-in page that comes back here afterwards."""
    # Percent-encoded: a path with characters outside Latin-1 cannot go into a header as it is.
    back = urlencode({"next": request.url.path})
    return HTTPException(status_code=303, headers={"Location": f"{SIGN_IN_PATH}?{back}"})


async def require_staff(request: Request) -> StaffPrincipal:
    """The signed-in staff member, or a redirect to the sign-in page (303 via HTTPException)."""
    principal = await current_staff(request)
    if principal is None:
        raise sign_in_redirect(request)
    return principal
