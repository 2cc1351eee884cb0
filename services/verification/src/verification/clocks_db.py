"""The SQL of a case's clocks: started, paused, resumed, stopped, breached."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from lpse_runtime.worktime import ClockState, stored_clock


async def insert_clock(conn: asyncpg.Connection, case_id: uuid.UUID, state: ClockState, deadline_text: str) -> None:
    """Store a started clock."""
    await conn.execute(
        """INSERT INTO case_clocks (case_id, name, label, deadline_text, working, status, started_at, due_at,
                                    remaining_seconds)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
        case_id,
        state.name,
        state.label,
        deadline_text,
        state.working,
        state.status,
        state.started_at,
        state.due,
        state.remaining_seconds,
    )


def clock_state(row: asyncpg.Record) -> ClockState:
    """The calculator's view of a stored clock."""
    return stored_clock(row)


async def lock_clock(conn: asyncpg.Connection, case_id: uuid.UUID, name: str) -> asyncpg.Record | None:
    """A clock, locked."""
    return await conn.fetchrow("SELECT * FROM case_clocks WHERE case_id = $1 AND name = $2 FOR UPDATE", case_id, name)


async def stop_clocks(conn: asyncpg.Connection, case_id: uuid.UUID, at: datetime) -> None:
    """Stop every clock still counting on a case."""
    await conn.execute(
        "UPDATE case_clocks SET status = 'stopped', stopped_at = $2 WHERE case_id = $1 AND status <> 'stopped'",
        case_id,
        at,
    )


async def mark_breached(conn: asyncpg.Connection, case_id: uuid.UUID, name: str, at: datetime) -> None:
    """Record that a clock's deadline passed."""
    await conn.execute("UPDATE case_clocks SET breached_at = $3 WHERE case_id = $1 AND name = $2", case_id, name, at)


async def clocks_of(conn: asyncpg.Connection, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[asyncpg.Record]]:
    """The clocks of several cases, by case."""
    rows = await conn.fetch("SELECT * FROM case_clocks WHERE case_id = ANY($1::uuid[]) ORDER BY name", case_ids)
    result: dict[uuid.UUID, list[asyncpg.Record]] = {}
    for row in rows:
        result.setdefault(row["case_id"], []).append(row)
    return result


async def save_clock(conn: asyncpg.Connection, case_id: uuid.UUID, state: ClockState) -> None:
    """Save a clock after a pause or a resume."""
    await conn.execute(
        """UPDATE case_clocks SET status = $3, due_at = $4, remaining_seconds = $5, stopped_at = $6
           WHERE case_id = $1 AND name = $2""",
        case_id,
        state.name,
        state.status,
        state.due,
        state.remaining_seconds,
        state.stopped_at,
    )
