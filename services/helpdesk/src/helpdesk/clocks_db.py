"""The SQL of a case's clocks, over (case_kind, case_id): tickets use 'tiket', complaints may use their own kind."""

from __future__ import annotations

import uuid

import asyncpg

from lpse_runtime.worktime import ClockState, stored_clock


async def insert_clock(
    conn: asyncpg.Connection, kind: str, case_id: uuid.UUID, state: ClockState, service_id: str | None, text: str
) -> None:
    """Store a started clock (a restarted one replaces the old row of its name)."""
    await conn.execute(
        """INSERT INTO case_clocks (case_kind, case_id, name, label, unit, working, status, started_at, due_at,
                                    remaining_seconds, stopped_at, service_id, deadline_text)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, $10, $11)
           ON CONFLICT (case_kind, case_id, name) DO UPDATE SET
               label = EXCLUDED.label, unit = EXCLUDED.unit, working = EXCLUDED.working, status = EXCLUDED.status,
               started_at = EXCLUDED.started_at, due_at = EXCLUDED.due_at, remaining_seconds = NULL,
               stopped_at = NULL, service_id = EXCLUDED.service_id, deadline_text = EXCLUDED.deadline_text""",
        kind,
        case_id,
        state.name,
        state.label,
        state.unit.value if state.unit else None,
        state.working,
        state.status,
        state.started_at,
        state.due,
        service_id,
        text,
    )


def clock_state(row: asyncpg.Record) -> ClockState:
    """A stored clock as worktime counts it."""
    return stored_clock(row)


async def clocks_of(conn: asyncpg.Connection, kind: str, case_id: uuid.UUID) -> list[asyncpg.Record]:
    """A case's clocks, by name."""
    return list(
        await conn.fetch("SELECT * FROM case_clocks WHERE case_kind = $1 AND case_id = $2 ORDER BY name", kind, case_id)
    )


async def save_clock(conn: asyncpg.Connection, kind: str, case_id: uuid.UUID, state: ClockState) -> None:
    """Store a clock after a pause, resume or stop."""
    await conn.execute(
        """UPDATE case_clocks SET status = $4, due_at = $5, remaining_seconds = $6, stopped_at = $7, started_at = $8
           WHERE case_kind = $1 AND case_id = $2 AND name = $3""",
        kind,
        case_id,
        state.name,
        state.status,
        state.due,
        state.remaining_seconds,
        state.stopped_at,
        state.started_at,
    )
