"""The SQL of internal accounts: the account made on a request, and its single-use set-password links."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from identity.accounts import Account


async def username_taken(conn: asyncpg.Connection, username: str) -> bool:
    """Whether any account, active or not, has this username (case-folded)."""
    return bool(await conn.fetchval("SELECT 1 FROM staff_accounts WHERE lower(username) = lower($1)", username))


async def ended_by_expiry(conn: asyncpg.Connection, username: str, now: datetime) -> asyncpg.Record | None:
    """An account disabled because its period of access is over (its sign-in is told so, never let in)."""
    return await conn.fetchrow(
        "SELECT * FROM staff_accounts WHERE username = $1 AND NOT active AND expires_at <= $2", username, now
    )


async def insert_internal_account(conn: asyncpg.Connection, account: Account) -> bool:
    """Store a new account without a password, with its one role; False when the username is taken."""
    inserted = await conn.fetchval(
        """INSERT INTO staff_accounts
               (account_id, username, name, full_name, password_hash, email, request_id, request_reference, expires_at)
           VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING true""",
        account.account_id,
        account.username,
        account.name,
        account.full_name,
        account.email,
        account.request_id,
        account.request_reference,
        account.expires_at,
    )
    if inserted:
        await conn.executemany(
            "INSERT INTO staff_roles (username, role, lpse) VALUES ($1, $2, $3)",
            [(account.username, g.role, g.lpse) for g in account.grants],
        )
    return bool(inserted)


async def insert_link(conn: asyncpg.Connection, digest: str, username: str, now: datetime, until: datetime) -> None:
    """Keep the digest of a new set-password link."""
    await conn.execute(
        "INSERT INTO set_password_links (digest, username, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        digest,
        username,
        now,
        until,
    )


async def link(conn: asyncpg.Connection, digest: str, *, lock: bool = False) -> asyncpg.Record | None:
    """A link by its digest with its account's state (the link's row locked when asked)."""
    return await conn.fetchrow(
        f"""SELECT l.username, l.expires_at, l.used_at, a.active, a.expires_at AS access_ends_at
            FROM set_password_links l JOIN staff_accounts a ON a.username = l.username
            WHERE l.digest = $1 {"FOR UPDATE OF l" if lock else ""}""",
        digest,
    )


async def use_link(conn: asyncpg.Connection, digest: str, now: datetime) -> None:
    """A link opens nothing more."""
    await conn.execute("UPDATE set_password_links SET used_at = $2 WHERE digest = $1", digest, now)


async def end_links_of(conn: asyncpg.Connection, username: str, now: datetime) -> None:
    """Every unused link of an account that ended opens nothing more."""
    await conn.execute(
        "UPDATE set_password_links SET used_at = $2 WHERE username = $1 AND used_at IS NULL", username, now
    )
