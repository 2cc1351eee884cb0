"""The SQL of a case's checklist: one row per document the standard asks, with the verifier's finding."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from verification.domain import ChecklistItem, ItemResult


async def insert_checklist(conn: asyncpg.Connection, case_id: uuid.UUID, items: list[ChecklistItem]) -> None:
    """Store a case's starting checklist."""
    await conn.executemany(
        "INSERT INTO checklist_items (case_id, position, code, name, mandatory) VALUES ($1, $2, $3, $4, $5)",
        [(case_id, i, item.code, item.name, item.mandatory) for i, item in enumerate(items)],
    )


async def checklist(conn: asyncpg.Connection, case_id: uuid.UUID) -> list[ChecklistItem]:
    """A case's checklist, in the standard's order."""
    rows = await conn.fetch("SELECT * FROM checklist_items WHERE case_id = $1 ORDER BY position", case_id)
    return [ChecklistItem(r["code"], r["name"], r["mandatory"], ItemResult(r["result"]), r["note"]) for r in rows]


async def save_item(conn: asyncpg.Connection, case_id: uuid.UUID, item: ChecklistItem, by: str, at: datetime) -> None:
    """Record one finding."""
    await conn.execute(
        """UPDATE checklist_items SET result = $3, note = $4, checked_by = $5, checked_at = $6
           WHERE case_id = $1 AND code = $2""",
        case_id,
        item.code,
        item.result.value,
        item.note,
        by,
        at,
    )


async def reset_items(conn: asyncpg.Connection, case_id: uuid.UUID, codes: list[str]) -> None:
    """Documents uploaded again are to be checked again."""
    await conn.execute(
        """UPDATE checklist_items SET result = 'pending', note = '', checked_by = NULL, checked_at = NULL
           WHERE case_id = $1 AND code = ANY($2::text[])""",
        case_id,
        codes,
    )
