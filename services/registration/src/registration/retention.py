"""Which uploads have outlived their keeping period, and forgetting them (SQL; the periods are settings)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import asyncpg

from registration.domain import ApplicationStatus

# An application in one of these has nothing more coming: its documents are kept only for complaints and audits.
CLOSED = tuple(
    s.value
    for s in (
        ApplicationStatus.ACTIVE,
        ApplicationStatus.REJECTED,
        ApplicationStatus.AGGREGATED,
        ApplicationStatus.AGGREGATION_REFUSED,
    )
)


async def stale_uploads(
    conn: asyncpg.Connection, *, draft_expired_before: datetime, closed_before: datetime, limit: int
) -> list[asyncpg.Record]:
    """Uploads of drafts never sent whose link expired before the first time, and of applications closed before
    the second (their last change), oldest first."""
    rows: list[asyncpg.Record] = await conn.fetch(
        """SELECT d.draft_id, d.code, d.object_name FROM documents d JOIN drafts r ON r.id = d.draft_id
           LEFT JOIN applications a ON a.id = r.application_id
           WHERE (r.application_id IS NULL AND r.expires_at < $1)
              OR (a.status = ANY($3::text[]) AND a.updated_at < $2)
           ORDER BY d.uploaded_at LIMIT $4""",
        draft_expired_before,
        closed_before,
        list(CLOSED),
        limit,
    )
    return rows


async def forget_uploads(conn: asyncpg.Connection, keys: Sequence[tuple[uuid.UUID, str]]) -> int:
    """Drop these uploads' rows (their objects are already gone); returns how many."""
    result: str = await conn.execute(
        """DELETE FROM documents d USING unnest($1::uuid[], $2::text[]) AS k(draft_id, code)
           WHERE d.draft_id = k.draft_id AND d.code = k.code""",
        [k[0] for k in keys],
        [k[1] for k in keys],
    )
    return int(result.split()[-1])
