"""Durable timers: rows in the service schema, fired exactly once by whichever replica locks them first."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from lpse_runtime.clock import Clock
from lpse_runtime.loop import WakingLoop

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timer:
    """A timer that is due."""

    id: uuid.UUID
    kind: str
    subject_id: str
    clock: str
    fire_at: datetime
    payload: dict[str, Any]


OnFire = Callable[[asyncpg.Connection, Timer, datetime], Awaitable[None]]


def timer_id(subject_id: str, clock: str, kind: str, fire_at: datetime) -> uuid.UUID:
    """A stable id: scheduling the same timer twice is a no-op."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"timer:{subject_id}:{clock}:{kind}:{fire_at.isoformat()}")


async def schedule(
    conn: asyncpg.Connection,
    *,
    kind: str,
    subject_id: str,
    clock: str,
    fire_at: datetime,
    payload: dict[str, Any] | None = None,
) -> uuid.UUID:
    """Schedule a timer in the caller's transaction."""
    tid = timer_id(subject_id, clock, kind, fire_at)
    await conn.execute(
        """INSERT INTO timers (id, kind, subject_id, clock, fire_at, payload) VALUES ($1, $2, $3, $4, $5, $6::jsonb)
           ON CONFLICT (id) DO NOTHING""",
        tid,
        kind,
        subject_id,
        clock,
        fire_at,
        json.dumps(payload or {}),
    )
    return tid


async def cancel(conn: asyncpg.Connection, subject_id: str, at: datetime, clock: str | None = None) -> int:
    """Cancel a subject's pending timers (of one clock, or all); returns how many."""
    result: str = await conn.execute(
        """UPDATE timers SET cancelled_at = $2
           WHERE subject_id = $1 AND ($3::text IS NULL OR clock = $3) AND fired_at IS NULL AND cancelled_at IS NULL""",
        subject_id,
        at,
        clock,
    )
    return int(result.split()[-1])


class TimerWorker:
    """Fires due timers (of the given kinds, or all): lock, run the effect, mark fired, all in one transaction."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        clock: Clock,
        on_fire: OnFire,
        *,
        poll_seconds: float = 1.0,
        batch_size: int = 50,
        database_url: str | None = None,
        schema: str = "",
        kinds: tuple[str, ...] | None = None,
    ) -> None:
        self._pool = pool
        self._kinds = list(kinds) if kinds is not None else None  # None: every kind
        self._clock = clock
        self._on_fire = on_fire
        self._batch_size = batch_size
        # A timer scheduled already due (a deadline in the past) fires at its commit rather than at the next poll.
        self._loop = WakingLoop(
            self._more_after_batch,
            name="timer worker",
            poll_seconds=poll_seconds,
            database_url=database_url,
            schema=schema,
            channel=f"{schema}_timers" if database_url else None,
        )

    async def fire_due(self) -> int:
        """Fire one batch of due timers; returns how many fired."""
        now = self._clock.now()
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                """SELECT * FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND fire_at <= $1
                     AND ($3::text[] IS NULL OR kind = ANY($3::text[]))
                   ORDER BY fire_at LIMIT $2 FOR UPDATE SKIP LOCKED""",
                now,
                self._batch_size,
                self._kinds,
            )
            for row in rows:
                timer = Timer(
                    row["id"], row["kind"], row["subject_id"], row["clock"], row["fire_at"], json.loads(row["payload"])
                )
                await self._on_fire(conn, timer, now)
                await conn.execute("UPDATE timers SET fired_at = $2 WHERE id = $1", row["id"], now)
        return len(rows)

    async def run(self) -> None:
        """Fire timers until cancelled; errors are logged and retried."""
        await self._loop.run()

    async def _more_after_batch(self) -> bool:
        return await self.fire_due() == self._batch_size
