"""The SQL of LKPP's answers to forwarded account changes: the account they concern, and its history line."""

from __future__ import annotations

import uuid

import asyncpg

from verification.lkpp_history import HistoryLine


async def lock_provider(conn: asyncpg.Connection, provider_id: uuid.UUID) -> bool:
    """Lock the account the answer concerns; False: this LPSE's registry has no such account."""
    return bool(await conn.fetchval("SELECT true FROM providers WHERE id = $1 FOR UPDATE", provider_id))


async def append_history(conn: asyncpg.Connection, line: HistoryLine) -> None:
    """Append one line to the account's history (naming the request only when this registry holds it)."""
    await conn.execute(
        """INSERT INTO account_history (provider_id, at, what, detail, actor, request_id)
           VALUES ($1, $2, $3, $4, $5, (SELECT id FROM account_requests WHERE id = $6))""",
        line.provider_id,
        line.at,
        line.what,
        line.detail,
        line.actor,
        line.request_id,
    )
