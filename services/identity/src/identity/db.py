"""All of identity's SQL: accounts and their roles, sessions, remembered sign-in failures."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import asyncpg

from identity.domain import Failures


async def account(conn: asyncpg.Connection, username: str) -> asyncpg.Record | None:
    """An active account by its username."""
    return await conn.fetchrow("SELECT * FROM staff_accounts WHERE username = $1 AND active", username)


async def upsert_account(
    conn: asyncpg.Connection,
    *,
    username: str,
    name: str,
    full_name: str,
    password_hash: str,
    grants: Iterable[tuple[str, str]],
) -> None:
    """Create or update an account and replace its roles."""
    await conn.execute(
        """INSERT INTO staff_accounts (username, name, full_name, password_hash) VALUES ($1, $2, $3, $4)
           ON CONFLICT (username) DO UPDATE SET name = EXCLUDED.name, full_name = EXCLUDED.full_name,
               password_hash = EXCLUDED.password_hash, active = true""",
        username,
        name,
        full_name,
        password_hash,
    )
    await conn.execute("DELETE FROM staff_roles WHERE username = $1", username)
    await conn.executemany(
        "INSERT INTO staff_roles (username, role, lpse) VALUES ($1, $2, $3)",
        [(username, role, lpse) for role, lpse in grants],
    )


async def set_password(conn: asyncpg.Connection, username: str, password_hash: str, now: datetime) -> None:
    """Store a new password hash."""
    await conn.execute(
        "UPDATE staff_accounts SET password_hash = $2, password_changed_at = $3 WHERE username = $1",
        username,
        password_hash,
        now,
    )


async def open_session(
    conn: asyncpg.Connection, digest: str, username: str, now: datetime, idle: timedelta, absolute: timedelta
) -> None:
    """A new session (only the token's digest is stored)."""
    await conn.execute(
        """INSERT INTO staff_sessions (digest, username, created_at, last_seen_at, idle_timeout, expires_at)
           VALUES ($1, $2, $3, $3, $4, $5)""",
        digest,
        username,
        now,
        idle,
        now + absolute,
    )


async def revoke_session(conn: asyncpg.Connection, digest: str, now: datetime) -> None:
    """End one session now."""
    await conn.execute(
        "UPDATE staff_sessions SET revoked_at = $2 WHERE digest = $1 AND revoked_at IS NULL", digest, now
    )


async def revoke_sessions_of(conn: asyncpg.Connection, username: str, now: datetime) -> int:
    """End every session of an account (after a password change); return how many were live."""
    status: str = await conn.execute(
        "UPDATE staff_sessions SET revoked_at = $2 WHERE username = $1 AND revoked_at IS NULL", username, now
    )
    return int(status.split()[-1])


async def failures(conn: asyncpg.Connection, keys: list[str]) -> dict[str, Failures]:
    """The remembered failures of each key that has any."""
    rows = await conn.fetch("SELECT * FROM sign_in_failures WHERE key = ANY($1::text[])", keys)
    return {r["key"]: Failures(r["failures"], r["last_failed_at"], r["locked_until"]) for r in rows}


async def save_failures(conn: asyncpg.Connection, key: str, remembered: Failures) -> None:
    """Remember a key's failures and lock."""
    await conn.execute(
        """INSERT INTO sign_in_failures (key, failures, last_failed_at, locked_until) VALUES ($1, $2, $3, $4)
           ON CONFLICT (key) DO UPDATE SET failures = EXCLUDED.failures,
               last_failed_at = EXCLUDED.last_failed_at, locked_until = EXCLUDED.locked_until""",
        key,
        remembered.count,
        remembered.last_failed_at,
        remembered.locked_until,
    )


async def forget_failures(conn: asyncpg.Connection, key: str) -> None:
    """A successful sign-in clears the account's count."""
    await conn.execute("DELETE FROM sign_in_failures WHERE key = $1", key)
