"""A timer worker given kinds fires only those: another handler's timers stay pending for their own worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from lpse_runtime import timers
from lpse_runtime.clock import SettableClock
from lpse_runtime.db import create_pool
from lpse_runtime.timers import Timer, TimerWorker
from tests.support import Infra, reset_schema

pytestmark = pytest.mark.integration
NOW = datetime(2026, 8, 21, 0, 0, tzinfo=UTC)


async def test_a_worker_fires_its_kinds_and_leaves_the_others(infra: Infra) -> None:
    pool = await create_pool(await reset_schema(infra, "helpdesk"), schema="helpdesk")
    fired: list[str] = []

    async def record(conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
        fired.append(timer.kind)

    try:
        async with pool.acquire() as conn:
            for kind in ("pengaduan.tenggat", "tiket.tenggat"):
                await timers.schedule(conn, kind=kind, subject_id="s", clock="c", fire_at=NOW - timedelta(minutes=1))
        worker = TimerWorker(pool, SettableClock(NOW), record, kinds=("pengaduan.tenggat",))
        assert await worker.fire_due() == 1
        assert await worker.fire_due() == 0
        assert fired == ["pengaduan.tenggat"]
        pending = await pool.fetchval("SELECT array_agg(kind) FROM timers WHERE fired_at IS NULL")
        assert pending == ["tiket.tenggat"]
        assert await TimerWorker(pool, SettableClock(NOW), record).fire_due() == 1, "a worker of every kind takes it"
    finally:
        await pool.close()
