"""A desk's queue by keyset: open tickets first, then the nearest running deadline, then the oldest."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

Cursor = tuple[bool, datetime, datetime, uuid.UUID]
INFINITY = "infinity"


def encode(cursor: Cursor) -> str:
    """The cursor as the page's link carries it."""
    closed, due, opened, ticket_id = cursor
    due_text = INFINITY if due == datetime.max or due.year >= 9999 else due.isoformat()
    return f"{int(closed)}~{due_text}~{opened.isoformat()}~{ticket_id}"


def decode(raw: str | None) -> Cursor | None:
    """A cursor from a link, or None when absent or not one of ours (the first page then)."""
    if not raw:
        return None
    try:
        closed, due, opened, ticket_id = raw.split("~")
        due_at = datetime.fromisoformat("9999-12-31T00:00:00+00:00" if due == INFINITY else due)
        return closed == "1", due_at, datetime.fromisoformat(opened), uuid.UUID(ticket_id)
    except ValueError:
        return None


async def page(
    conn: asyncpg.Connection,
    lpse: str,
    level: str,
    *,
    status: str | None,
    search: str | None,
    after: Cursor | None,
    limit: int,
) -> list[asyncpg.Record]:
    """One page of the level's queue (tickets at LKPP show in the queue of the level that forwarded them)."""
    return list(
        await conn.fetch(
            """SELECT id, reference, category_label, reporter_role, status, holder, level, opened_at, closed,
                      clock_note, service_id, LEAST(queue_due, '9999-12-31 00:00:00+00'::timestamptz) AS sort_due
               FROM tickets
               WHERE lpse = $1 AND (level = $2 OR (level = 'lkpp' AND forwarded_from = $2))
                 AND ($3::text IS NULL OR status = $3)
                 AND ($4::text IS NULL OR reference ILIKE '%' || $4 || '%' OR summary ILIKE '%' || $4 || '%')
                 AND ($5::boolean IS NULL
                      OR (closed, LEAST(queue_due, '9999-12-31 00:00:00+00'::timestamptz), opened_at, id)
                         > ($5, $6, $7, $8))
               ORDER BY closed, LEAST(queue_due, '9999-12-31 00:00:00+00'::timestamptz), opened_at, id
               LIMIT $9""",
            lpse,
            level,
            status,
            search,
            None if after is None else after[0],
            None if after is None else after[1],
            None if after is None else after[2],
            None if after is None else after[3],
            limit,
        )
    )
