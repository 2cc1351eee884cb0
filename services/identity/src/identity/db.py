"""All of identity's SQL: accounts and their roles, sessions, remembered sign-in failures."""

from __future__ import annotations

from datetime import datetime, timedelta

import asyncpg

from contracts.identity import StaffGrant
from identity.accounts import Account, AccountStatus
from identity.domain import Failures


async def account(conn: asyncpg.Connection, username: str) -> asyncpg.Record | None:
    """An active account by its username."""
    return await conn.fetchrow("SELECT * FROM staff_accounts WHERE username = $1 AND active", username)


ACCOUNT_WITH_GRANTS = """
    SELECT a.account_id, a.username, a.name, a.full_name, a.active, a.must_change_password, a.email,
        a.request_id, a.request_reference, a.expires_at,
        ARRAY(SELECT r.role || '@' || r.lpse FROM staff_roles r WHERE r.username = a.username ORDER BY r.role, r.lpse)
            AS grants
    FROM staff_accounts a"""


def as_account(row: asyncpg.Record) -> Account:
    """A stored account (without its password hash)."""
    return Account(
        account_id=row["account_id"],
        username=row["username"],
        name=row["name"],
        full_name=row["full_name"],
        grants=tuple(
            StaffGrant.model_validate(dict(zip(("role", "lpse"), g.split("@", 1), strict=True))) for g in row["grants"]
        ),
        status=AccountStatus.ACTIVE if row["active"] else AccountStatus.DISABLED,
        must_change_password=row["must_change_password"],
        email=row["email"],
        request_id=row["request_id"],
        request_reference=row["request_reference"],
        expires_at=row["expires_at"],
    )


async def accounts(conn: asyncpg.Connection) -> list[Account]:
    """Every account, by username."""
    return [as_account(r) for r in await conn.fetch(f"{ACCOUNT_WITH_GRANTS} ORDER BY a.username")]


async def find_account(conn: asyncpg.Connection, username: str) -> Account | None:
    """An account, active or not."""
    row = await conn.fetchrow(f"{ACCOUNT_WITH_GRANTS} WHERE a.username = $1", username)
    return None if row is None else as_account(row)


async def account_for_update(conn: asyncpg.Connection, username: str) -> Account | None:
    """An account, active or not, its row locked until the transaction ends."""
    found = await conn.fetchval("SELECT 1 FROM staff_accounts WHERE username = $1 FOR UPDATE", username)
    if found is None:
        return None
    row = await conn.fetchrow(f"{ACCOUNT_WITH_GRANTS} WHERE a.username = $1", username)
    return as_account(row)


async def insert_account(conn: asyncpg.Connection, account: Account, password_hash: str) -> bool:
    """Store a new account with its roles; False when the username is taken (nothing stored)."""
    inserted = await conn.fetchval(
        """INSERT INTO staff_accounts (account_id, username, name, full_name, password_hash, must_change_password)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING RETURNING true""",
        account.account_id,
        account.username,
        account.name,
        account.full_name,
        password_hash,
        account.must_change_password,
    )
    if inserted:
        await save_account(conn, account)
    return bool(inserted)


async def save_account(conn: asyncpg.Connection, account: Account) -> None:
    """Store an account's roles, status, official email and whether its password must be replaced."""
    await conn.execute(
        "UPDATE staff_accounts SET active = $2, must_change_password = $3, email = $4 WHERE username = $1",
        account.username,
        account.status is AccountStatus.ACTIVE,
        account.must_change_password,
        account.email,
    )
    await conn.execute("DELETE FROM staff_roles WHERE username = $1", account.username)
    await conn.executemany(
        "INSERT INTO staff_roles (username, role, lpse) VALUES ($1, $2, $3)",
        [(account.username, g.role, g.lpse) for g in account.grants],
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


async def failures_for_update(conn: asyncpg.Connection, keys: list[str], now: datetime) -> dict[str, Failures]:
    """The keys' failures with their rows locked until the transaction ends, so two failures at once are counted
    one after the other (a missing row is made first, at no count, so that there is a row to lock)."""
    await conn.executemany(
        "INSERT INTO sign_in_failures (key, failures, last_failed_at) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING",
        [(key, now) for key in sorted(keys)],
    )
    rows = await conn.fetch("SELECT * FROM sign_in_failures WHERE key = ANY($1::text[]) ORDER BY key FOR UPDATE", keys)
    return {
        r["key"]: Failures(r["failures"], r["last_failed_at"], r["locked_until"]) for r in rows if r["failures"] > 0
    }


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
