"""The SQL of the account page and the password change: the account, its documents, requests and history."""

from __future__ import annotations

import json
import uuid
from typing import Any

import asyncpg

from verification.provider_area import session_db
from verification.provider_area.password import HISTORY_ACTOR, HISTORY_WHAT, PasswordChanged


async def account(conn: asyncpg.Connection, provider_id: uuid.UUID) -> dict[str, Any] | None:
    """The account as the page shows it, with its case's documents and whether a receipt was issued."""
    row = await conn.fetchrow(
        """SELECT p.*, c.documents AS case_documents,
                  EXISTS (SELECT 1 FROM receipts r WHERE r.case_id = p.case_id) AS has_receipt
           FROM providers p JOIN cases c ON c.id = p.case_id WHERE p.id = $1""",
        provider_id,
    )
    if row is None:
        return None
    found = dict(row)
    found["case_documents"] = json.loads(row["case_documents"] or "[]")
    return found


async def requests(conn: asyncpg.Connection, provider_id: uuid.UUID) -> list[dict[str, Any]]:
    """The account's requests, newest first."""
    rows = await conn.fetch(
        """SELECT reference, kind, status, filed_at FROM account_requests WHERE provider_id = $1
           ORDER BY filed_at DESC, reference DESC""",
        provider_id,
    )
    return [dict(r) for r in rows]


async def history(conn: asyncpg.Connection, provider_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every change the account went through, newest first."""
    rows = await conn.fetch(
        "SELECT at, what, detail, actor FROM account_history WHERE provider_id = $1 ORDER BY at DESC, id DESC",
        provider_id,
    )
    return [dict(r) for r in rows]


async def password_for_update(conn: asyncpg.Connection, provider_id: uuid.UUID) -> asyncpg.Record | None:
    """The account's password hash and director, the row locked until the transaction ends."""
    return await conn.fetchrow(
        "SELECT password_hash, director_name, status FROM providers WHERE id = $1 FOR UPDATE", provider_id
    )


async def password_hash(conn: asyncpg.Connection, provider_id: uuid.UUID) -> str | None:
    """The account's password hash as it stands."""
    found: str | None = await conn.fetchval("SELECT password_hash FROM providers WHERE id = $1", provider_id)
    return found


async def save_password_change(conn: asyncpg.Connection, change: PasswordChanged) -> None:
    """Store the hash, spend any open set-password link, end the other sessions, and write the history line."""
    await conn.execute(
        "UPDATE providers SET password_hash = $2 WHERE id = $1", change.provider_id, change.password_hash
    )
    await conn.execute(
        "UPDATE password_tokens SET used_at = $2 WHERE provider_id = $1 AND used_at IS NULL",
        change.provider_id,
        change.at,
    )
    await session_db.end_sessions(conn, change.provider_id, change.at, keep=change.keep_session)
    await conn.execute(
        "INSERT INTO account_history (provider_id, at, what, actor) VALUES ($1, $2, $3, $4)",
        change.provider_id,
        change.at,
        HISTORY_WHAT,
        HISTORY_ACTOR,
    )
