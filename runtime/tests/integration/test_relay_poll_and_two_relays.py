"""The outbox relay without its NOTIFY still publishes within its poll interval; two relays of one service on one
outbox publish each event once, each entity's facts in commit order."""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
import uuid
from typing import Any

import asyncpg
import pytest
from nats.aio.client import Client

from lpse_runtime.outbox import enqueue
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from tests.support import Infra, application_submitted, as_schema_owner, eventually, reset_schema

pytestmark = pytest.mark.integration
POLL_SECONDS = 0.5
SLACK_SECONDS = 2.5  # a loaded two-core machine: the bound that matters is "seconds", not an hour


async def listening(runtime: ServiceRuntime) -> bool:
    count = await runtime.pool.fetchval(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'registration-listen'"
    )
    return bool(count)


async def test_a_relay_whose_notify_is_lost_publishes_within_its_poll_interval(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "registration")
    # The trigger is what sends NOTIFY at commit: with it disabled, only the poll can find the row.
    await as_schema_owner(infra, "registration", "ALTER TABLE outbox DISABLE TRIGGER outbox_notify")
    runtime = ServiceRuntime(
        "registration", ServiceSettings(database_url=url, nats_url=infra.nats_url, relay_poll_seconds=POLL_SECONDS)
    )
    await runtime.start()
    try:
        js = nc.jetstream()
        await eventually(lambda: listening(runtime), what="the relay's first pass")
        async with runtime.pool.acquire() as conn, conn.transaction():
            await enqueue(conn, application_submitted())
        committed = time.monotonic()

        async def published() -> bool:
            return (await js.stream_info("REGISTRATION")).state.messages == 1

        await eventually(published, timeout=POLL_SECONDS + SLACK_SECONDS, what="the polling relay to publish")
        assert time.monotonic() - committed < POLL_SECONDS + SLACK_SECONDS
    finally:
        await runtime.stop()


def with_jitter(runtime: ServiceRuntime, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each publish of this runtime's broker takes a few random milliseconds longer, as over a busy network."""
    publish = runtime.broker.publish

    async def jittery(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(random.uniform(0, 0.01))
        return await publish(*args, **kwargs)

    monkeypatch.setattr(runtime.broker, "publish", jittery)


async def test_two_relays_on_one_outbox_publish_each_event_once_in_commit_order(
    infra: Infra, nc: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = await reset_schema(infra, "registration")
    settings = ServiceSettings(database_url=url, nats_url=infra.nats_url, relay_batch_size=3, relay_poll_seconds=0.2)
    relays = [ServiceRuntime("registration", settings), ServiceRuntime("registration", settings)]
    for runtime in relays:
        with_jitter(runtime, monkeypatch)
    entities = [uuid.uuid4() for _ in range(3)]
    committed: dict[uuid.UUID, list[str]] = {entity: [] for entity in entities}
    conn = await asyncpg.connect(url)  # the service's role: its schema is first on its search path
    try:
        for _ in range(20):  # one transaction per fact, the entities interleaved
            for entity in entities:
                event = application_submitted(application_id=entity, correlation_id=entity)
                async with conn.transaction():
                    await enqueue(conn, event)
                committed[entity].append(str(event.event_id))
    finally:
        await conn.close()
    async with contextlib.AsyncExitStack() as running:
        # Both start together on the waiting rows, each taking batches of three: without one relay at a time, an
        # entity's later fact in one relay's batch could reach the stream before its earlier one in the other's.
        await asyncio.gather(*(runtime.start() for runtime in relays))
        for runtime in relays:
            running.push_async_callback(runtime.stop)
        pool = relays[0].pool
        total = sum(len(ids) for ids in committed.values())
        js = nc.jetstream()

        async def all_published() -> bool:
            empty = not await pool.fetchval("SELECT count(*) FROM outbox")
            return empty and (await js.stream_info("REGISTRATION")).state.messages == total

        await eventually(all_published, what="every committed event on the stream")
        # The stream drops a repeated Nats-Msg-Id, so count what the relays themselves published.
        published = [
            r.registry.get_sample_value("outbox_published_events_total", {"service": "registration"}) or 0.0
            for r in relays
        ]
        assert sum(published) == total, f"each event published once ({published})"
    stored: dict[str, list[str]] = {}
    for seq in range(1, total + 1):
        message = await js.get_msg("REGISTRATION", seq)
        headers = message.headers or {}
        stored.setdefault(str(_correlation(message.data)), []).append(headers["Nats-Msg-Id"])
    assert stored == {str(entity): ids for entity, ids in committed.items()}, "each entity's facts in commit order"


def _correlation(data: bytes | None) -> uuid.UUID:
    return uuid.UUID(str(json.loads(data or b"{}")["correlation_id"]))
