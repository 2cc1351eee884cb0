"""The account area's use cases: sign in and out, the session check, the account page, the password change."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.digests import token_digest
from contracts.lpse import LpseProfile
from lpse_runtime.backoff import after_failure, locked_until
from lpse_runtime.commit import commit
from lpse_runtime.staff import dummy_hash, hash_password, password_matches_off_loop
from verification.provider_area import area_db, session_db
from verification.provider_area.area import AreaView, area_view
from verification.provider_area.password import decide_password_change
from verification.provider_area.rules import (
    ProviderPrincipal,
    StoredSession,
    back_off_keys,
    opens_area,
    password_change_problems,
)


@dataclass(frozen=True)
class SignInResult:
    """A new session token; or why not: locked until when, or a deactivated account (since when, which LPSE)."""

    token: str | None = None
    locked_until: datetime | None = None
    deactivated: bool = False
    deactivated_at: datetime | None = None
    lpse: str | None = None


async def sign_in(
    pool: asyncpg.Pool,
    user_id: str,
    password: str,
    *,
    client: str,
    secret: str,
    now: datetime,
    old_token: str | None = None,
) -> SignInResult:
    """Back-off first (answered at once), then the password off the event loop (an unknown user ID costs the same
    argon2 time against a dummy hash); a right password of a deactivated account opens no session."""
    keys = back_off_keys(secret, user_id, client)
    async with pool.acquire() as conn:
        waits = [u for u in (locked_until(f, now) for f in (await session_db.failures(conn, list(keys))).values()) if u]
        if waits:
            return SignInResult(locked_until=max(waits))
        row = await session_db.account_for_sign_in(conn, user_id) if user_id else None
    stored = row["password_hash"] if row is not None and row["password_hash"] else await asyncio.to_thread(dummy_hash)
    matches = await password_matches_off_loop(stored, password)
    async with pool.acquire() as conn, conn.transaction():
        if row is None or not row["password_hash"] or not matches:
            latest = await session_db.failures_for_update(conn, list(keys), now)
            for key, free in keys.items():
                await session_db.save_failures(conn, key, after_failure(latest.get(key), free, now))
            return SignInResult()
        await session_db.forget_failures(conn, next(iter(keys)))
        if row["status"] != "active":
            return SignInResult(deactivated=True, deactivated_at=row["deactivated_at"], lpse=row["lpse"])
        if old_token:
            await session_db.end_session(conn, token_digest(old_token), now)
        token = secrets.token_urlsafe(32)
        await session_db.open_session(conn, token_digest(token), row["id"], now)
    return SignInResult(token=token)


async def sign_out(pool: asyncpg.Pool, token: str, now: datetime) -> None:
    """End the session: the cookie opens nothing from now on, wherever it was copied to."""
    async with pool.acquire() as conn:
        await session_db.end_session(conn, token_digest(token), now)


async def principal(pool: asyncpg.Pool, token: str, now: datetime) -> ProviderPrincipal | None:
    """The account a live session of an active account opens (and the session's idle time restarted), or None."""
    digest = token_digest(token)
    async with pool.acquire() as conn:
        row = await session_db.session_with_account(conn, digest)
        if row is None:
            return None
        stored = StoredSession(row["created_at"], row["last_seen_at"], row["ended_at"])
        if not opens_area(stored, row["status"], now):
            return None
        await session_db.touch_session(conn, digest, now)
    return ProviderPrincipal(
        provider_id=row["provider_id"],
        user_id=row["user_id"],
        lpse=row["lpse"],
        company_name=row["company_name"],
        email=row["email"],
        language="en" if row["language"] == "en" else "id",
    )


@dataclass(frozen=True)
class Area:
    """The account page, and the case whose activation receipt it links to (when one was issued)."""

    view: AreaView
    receipt_case_id: uuid.UUID | None


async def area(pool: asyncpg.Pool, profile: LpseProfile, provider_id: uuid.UUID) -> Area | None:
    """What the account page shows, read in one snapshot."""
    async with pool.acquire() as conn, conn.transaction(isolation="repeatable_read", readonly=True):
        account = await area_db.account(conn, provider_id)
        if account is None:
            return None
        requests = await area_db.requests(conn, provider_id)
        history = await area_db.history(conn, provider_id)
    view = area_view(profile, account, account["case_documents"], requests, history)
    return Area(view, account["case_id"] if account["has_receipt"] else None)


async def change_password(
    pool: asyncpg.Pool, provider: ProviderPrincipal, current: str, new: str, *, token: str, now: datetime
) -> dict[str, str]:
    """Check the current password (off the event loop) and that the new one differs; store it, end the account's
    other sessions, announce and audit it. Field → message when refused (nothing stored)."""
    async with pool.acquire() as conn:
        stored = await area_db.password_hash(conn, provider.provider_id)
    matches = bool(stored) and await password_matches_off_loop(stored or "", current)
    errors = password_change_problems(matches, current, new)
    if errors:
        return errors
    new_hash = await asyncio.to_thread(hash_password, new)
    async with pool.acquire() as conn, conn.transaction():
        row = await area_db.password_for_update(conn, provider.provider_id)
        if row is None or row["password_hash"] != stored or row["status"] != "active":
            return password_change_problems(False, current, new)  # changed meanwhile: the current one is no more
        decided = decide_password_change(provider, row["director_name"], new_hash, token_digest(token), now)
        await commit(conn, decided, area_db.save_password_change)
    return {}
