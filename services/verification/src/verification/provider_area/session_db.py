"""The SQL of the provider's sessions and sign-in back-off: `provider_sessions`, `provider_sign_in_failures`."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from lpse_runtime.backoff import Failures


async def account_for_sign_in(conn: asyncpg.Connection, user_id: str) -> asyncpg.Record | None:
    """The account a user ID names, whatever its case and status, with its password hash."""
    return await conn.fetchrow(
        """SELECT id, user_id, lpse, status, password_hash, deactivated_at FROM providers
           WHERE upper(user_id) = upper($1)""",
        user_id,
    )


async def open_session(conn: asyncpg.Connection, token_hash: str, provider_id: uuid.UUID, now: datetime) -> None:
    """A new session (only the token's digest is stored)."""
    await conn.execute(
        """INSERT INTO provider_sessions (token_hash, provider_id, created_at, last_seen_at)
           VALUES ($1, $2, $3, $3)""",
        token_hash,
        provider_id,
        now,
    )


async def session_with_account(conn: asyncpg.Connection, token_hash: str) -> asyncpg.Record | None:
    """A session and the account it belongs to as it stands now (its status read on every request)."""
    return await conn.fetchrow(
        """SELECT s.created_at, s.last_seen_at, s.ended_at, p.id AS provider_id, p.user_id, p.lpse, p.company_name,
                  p.email, p.status, c.language
           FROM provider_sessions s JOIN providers p ON p.id = s.provider_id JOIN cases c ON c.id = p.case_id
           WHERE s.token_hash = $1""",
        token_hash,
    )


async def touch_session(conn: asyncpg.Connection, token_hash: str, now: datetime) -> None:
    """The session was used now: its idle time starts again."""
    await conn.execute(
        "UPDATE provider_sessions SET last_seen_at = greatest(last_seen_at, $2) WHERE token_hash = $1",
        token_hash,
        now,
    )


async def end_session(conn: asyncpg.Connection, token_hash: str, now: datetime) -> None:
    """End one session now (signing out)."""
    await conn.execute(
        "UPDATE provider_sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL", token_hash, now
    )


async def end_sessions(
    conn: asyncpg.Connection, provider_id: uuid.UUID, now: datetime, *, keep: str | None = None
) -> int:
    """End every live session of an account (deactivated, or its password changed), but `keep` (a token's digest);
    return how many were ended."""
    status: str = await conn.execute(
        """UPDATE provider_sessions SET ended_at = $2
           WHERE provider_id = $1 AND ended_at IS NULL AND token_hash IS DISTINCT FROM $3""",
        provider_id,
        now,
        keep,
    )
    return int(status.split()[-1])


def _failures(row: asyncpg.Record) -> Failures:
    return Failures(row["count"], row["last_failed_at"], row["locked_until"])


async def failures(conn: asyncpg.Connection, keys: list[str]) -> dict[str, Failures]:
    """The remembered failures of each key that has any."""
    rows = await conn.fetch("SELECT * FROM provider_sign_in_failures WHERE key = ANY($1::text[])", keys)
    return {r["key"]: _failures(r) for r in rows if r["count"] > 0}


async def failures_for_update(conn: asyncpg.Connection, keys: list[str], now: datetime) -> dict[str, Failures]:
    """The keys' failures, their rows locked until the transaction ends so that two failures at once both count
    (a missing row is made first, at no count, so that there is a row to lock)."""
    await conn.executemany(
        """INSERT INTO provider_sign_in_failures (key, count, last_failed_at) VALUES ($1, 0, $2)
           ON CONFLICT DO NOTHING""",
        [(key, now) for key in sorted(keys)],
    )
    rows = await conn.fetch(
        "SELECT * FROM provider_sign_in_failures WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE", keys
    )
    return {r["key"]: _failures(r) for r in rows if r["count"] > 0}


async def save_failures(conn: asyncpg.Connection, key: str, remembered: Failures) -> None:
    """Remember a key's failures and its lock."""
    await conn.execute(
        """UPDATE provider_sign_in_failures SET count = $2, last_failed_at = $3, locked_until = $4 WHERE key = $1""",
        key,
        remembered.count,
        remembered.last_failed_at,
        remembered.locked_until,
    )


async def forget_failures(conn: asyncpg.Connection, key: str) -> None:
    """A right password clears the account's count."""
    await conn.execute("DELETE FROM provider_sign_in_failures WHERE key = $1", key)
