"""Signing in and out of the account area, and the session check: each loads, decides by the rules, stores once."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.digests import token_digest
from lpse_runtime.backoff import after_failure, locked_until
from lpse_runtime.staff import dummy_hash, password_matches_off_loop
from verification.provider_area import session_db
from verification.provider_area.rules import ProviderPrincipal, StoredSession, back_off_keys, opens_area


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
