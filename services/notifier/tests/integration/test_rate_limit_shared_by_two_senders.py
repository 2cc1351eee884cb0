"""Two notifier processes on one database share one sending allowance: a burst woken in both at once still hands
the mail server no more than `SMTP_RATE_PER_MINUTE` messages in the minute."""

from __future__ import annotations

import contextlib
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from fastapi import FastAPI
from nats.aio.client import Client

from devstack.processes import free_port
from lpse_runtime.clock import SettableClock
from lpse_runtime.sealing import link_box
from notifier import db
from notifier.app import create_app
from notifier.render import RenderedEmail
from notifier.settings import Settings
from tests.support import AcceptingMailServer, Infra, eventually, reset_schema, unique_email

pytestmark = pytest.mark.integration
PER_MINUTE, BURST = 3, 12


def held_back(app: FastAPI) -> float:
    """How often this process's sender found the allowance used up."""
    value = app.state.runtime.registry.get_sample_value("notifier_rate_limited_total")
    return float(value or 0.0)


async def record_burst(app: FastAPI, settings: Settings, now: datetime) -> None:
    """BURST deliveries committed in one transaction, as a busy consumer would leave them: one wake-up for all."""
    box = link_box(settings)
    async with app.state.runtime.pool.acquire() as conn, conn.transaction():
        for _ in range(BURST):
            delivery_id = uuid.uuid4()
            email = RenderedEmail(
                unique_email("serbu"),
                "Permohonan diterima",
                "Isi",
                "<p>Isi</p>",
                f"<{delivery_id}@lpse-platform.local>",
            )
            await db.insert_delivery(
                conn,
                delivery_id=delivery_id,
                trigger_event_id=uuid.uuid4(),
                template="application_submitted",
                version=1,
                language="id",
                lpse="depok",
                correlation_id=uuid.uuid4(),
                sender=settings.mail_from,
                email=email,
                box=box,
                now=now,
            )


async def test_two_senders_share_one_allowance(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    port, server = free_port(), AcceptingMailServer()
    clock = SettableClock(datetime(2026, 11, 25, 3, 0, tzinfo=UTC))  # the minute never ends unless the test says so
    settings = Settings(
        database_url=url,
        nats_url=infra.nats_url,
        smtp_url=f"smtp://127.0.0.1:{port}",
        smtp_rate_per_minute=PER_MINUTE,
        sender_poll_seconds=0.05,
    )
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        first, second = create_app(settings, clock=clock), create_app(settings, clock=clock)
        async with contextlib.AsyncExitStack() as running:
            for app in (first, second):
                await running.enter_async_context(app.router.lifespan_context(app))
            pool = first.state.runtime.pool

            async def both_listen() -> bool:
                count = await pool.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'notifier-listen'"
                )
                return bool(count >= 4)  # each process's sender and relay

            await eventually(both_listen, what="both senders to LISTEN")
            await record_burst(first, settings, clock.now())

            async def both_held_back() -> bool:
                return held_back(first) >= 1 and held_back(second) >= 1

            await eventually(both_held_back, what="each sender to reach the shared allowance")

            async def settled() -> bool:
                return not await pool.fetchval("SELECT count(*) FROM deliveries WHERE status = 'sending'")

            await eventually(settled, what="the claimed deliveries to be recorded")
            assert len(server.recipients) == PER_MINUTE, "both processes together stay within the allowance"
            assert await pool.fetchval("SELECT count(*) FROM deliveries WHERE status = 'delivered'") == PER_MINUTE

            clock.set(clock.now() + timedelta(seconds=61))

            async def next_minute_sent() -> bool:
                return len(server.recipients) >= 2 * PER_MINUTE

            await eventually(next_minute_sent, what="the next minute's allowance")
            await eventually(settled, what="the claimed deliveries to be recorded")
            assert len(server.recipients) == 2 * PER_MINUTE
    finally:
        controller.stop()
