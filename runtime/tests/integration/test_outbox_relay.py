"""The outbox relay on real PostgreSQL and JetStream: a crash after publishing does not duplicate the event."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg
import pytest
from nats.aio.client import Client
from nats.errors import TimeoutError as NatsTimeout

from lpse_runtime.outbox import OutboxRelay, enqueue
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from tests.support import Infra, application_submitted, eventually, reset_schema

pytestmark = pytest.mark.integration


class RelayCrashed(Exception):
    """Stands for the relay process dying after the PubAcks, before the DELETE commits."""


async def outbox_size(pool: asyncpg.Pool) -> int:
    return int(await pool.fetchval("SELECT count(*) FROM outbox"))


async def test_crash_between_publish_and_delete_does_not_publish_twice(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "registration")
    runtime = ServiceRuntime("registration", ServiceSettings(database_url=url, nats_url=infra.nats_url))
    await runtime.start(relay=False)
    try:
        events = [application_submitted(), application_submitted("banjarmasin")]
        async with runtime.pool.acquire() as conn, conn.transaction():
            await enqueue(conn, *events)

        async def crash(_rows: Sequence[asyncpg.Record]) -> None:
            raise RelayCrashed

        crashing = OutboxRelay(
            pool=runtime.pool,
            broker=runtime.broker,
            topology=runtime.topology,
            database_url=url,
            schema="registration",
            after_publish=crash,
        )
        with pytest.raises(RelayCrashed):
            await crashing.publish_batch()
        assert await outbox_size(runtime.pool) == 2, "rows stay until their PubAcks are recorded"

        assert runtime.relay is not None
        assert await runtime.relay.drain() == 2
        assert await outbox_size(runtime.pool) == 0

        js = nc.jetstream()
        assert (await js.stream_info("REGISTRATION")).state.messages == 2
        reader = await js.pull_subscribe("registration.>", durable="test-reader", stream="REGISTRATION")
        received = await reader.fetch(10, timeout=2)
        with pytest.raises(NatsTimeout):
            received += await reader.fetch(10, timeout=1)
        assert sorted(m.headers["Nats-Msg-Id"] for m in received if m.headers) == sorted(
            str(e.event_id) for e in events
        )
    finally:
        await runtime.stop()


async def test_relay_wakes_on_notify_and_publishes_committed_events(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "registration")
    # A poll interval far longer than the test: only LISTEN/NOTIFY can wake the relay in time.
    runtime = ServiceRuntime(
        "registration", ServiceSettings(database_url=url, nats_url=infra.nats_url, relay_poll_seconds=3600)
    )
    await runtime.start()
    try:
        js = nc.jetstream()

        async def stream_has(count: int) -> bool:
            return (await js.stream_info("REGISTRATION")).state.messages == count

        # The relay's first pass finds nothing; wait until its listener is up before writing.
        await eventually(lambda: _listening(runtime), what="the relay to LISTEN")
        async with runtime.pool.acquire() as conn, conn.transaction():
            await enqueue(conn, application_submitted())
        await eventually(lambda: stream_has(1), timeout=10, what="the NOTIFY-woken relay to publish")

        async def outbox_empty() -> bool:
            return await outbox_size(runtime.pool) == 0

        await eventually(outbox_empty, timeout=10, what="the relay to delete the published row")
    finally:
        await runtime.stop()


async def _listening(runtime: ServiceRuntime) -> bool:
    count = await runtime.pool.fetchval(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'registration-listen'"
    )
    return bool(count)
