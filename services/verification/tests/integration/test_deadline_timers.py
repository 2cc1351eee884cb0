"""A case's deadline timers fire exactly once, after a restart of the service, with two replicas running."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from nats.aio.client import Client
from nats.errors import TimeoutError as NatsTimeout

from lpse_runtime.clock import SettableClock
from tests.support import Infra, application_submitted, eventually, reset_schema
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration
WIB = ZoneInfo("Asia/Jakarta")


async def test_breach_fires_once_after_restart_across_replicas(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "verification")
    settings = Settings(database_url=url, nats_url=infra.nats_url, timer_poll_seconds=0.05)
    monday_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
    clock = SettableClock(monday_0900)
    js = nc.jetstream()
    # Magelang verifies the uploads online, so its clock starts at submission (a counter LPSE's waits for the file).
    event = application_submitted("magelang", "PT Tenggat")

    first = create_app(settings, clock=clock)
    async with first.router.lifespan_context(first):
        await js.publish(event.subject, event.model_dump_json().encode())
        pool = first.state.runtime.pool

        async def clocks_scheduled() -> bool:
            return bool(await pool.fetchval("SELECT count(*) = 2 FROM timers"))

        await eventually(clocks_scheduled, what="the reminder and breach timers of the new case")
        clock_row = await pool.fetchrow("SELECT * FROM case_clocks")
        # Magelang MGL-M: 12 working hours (jam kerja, assumed MPP hours 08-15 with a 12-13 break) from Monday
        # 09:00 WIB: 5 on Monday, 6 on Tuesday, 1 on Wednesday: Wednesday 09:00 WIB.
        wednesday_0900 = datetime(2026, 11, 25, 9, 0, tzinfo=WIB)
        assert clock_row["due_at"] == wednesday_0900
        assert clock_row["deadline_text"] == "12 Jam"
    # The service is down when the deadline passes.
    clock.set(wednesday_0900 + timedelta(hours=2))

    replicas = [create_app(settings, clock=clock) for _ in range(2)]
    async with replicas[0].router.lifespan_context(replicas[0]), replicas[1].router.lifespan_context(replicas[1]):
        pool = replicas[0].state.runtime.pool

        async def both_fired() -> bool:
            return bool(await pool.fetchval("SELECT count(*) = 2 FROM timers WHERE fired_at IS NOT NULL"))

        await eventually(both_fired, what="reminder and breach to fire")

        async def published() -> bool:
            return bool(await pool.fetchval("SELECT count(*) = 0 FROM outbox"))

        await eventually(published, what="the outbox to drain")
        reader = await js.pull_subscribe(
            "verification.magelang.case.>", durable="deadline-reader", stream="VERIFICATION"
        )
        messages = await reader.fetch(10, timeout=2)
        with pytest.raises(NatsTimeout):
            messages += await reader.fetch(10, timeout=1)
        messages = [m for m in messages if ".deadline_" in m.subject]
        kinds = sorted(m.subject.split(".")[3] for m in messages)
        assert kinds == ["deadline_approaching", "deadline_breached"]
        breach = json.loads(next(m.data for m in messages if m.subject.endswith("deadline_breached.v1")))
        assert breach["clock"] == clock_row["name"]
        assert datetime.fromisoformat(breach["due_at"]) == wednesday_0900
        assert await pool.fetchval("SELECT count(*) FROM audit_log WHERE action = 'deadline_breached'") == 1
        assert await pool.fetchval("SELECT breached_at IS NOT NULL FROM case_clocks")
