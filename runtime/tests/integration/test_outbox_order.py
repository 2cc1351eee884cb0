"""The relay puts each entity's facts on the stream in commit order, even when a publish fails mid-batch and when
two relays of one service run at once."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from nats.aio.client import Client

from lpse_runtime.outbox import OutboxRelay, enqueue
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from tests.support import Infra, application_submitted, reset_schema

pytestmark = pytest.mark.integration


async def stream_order(nc: Client) -> list[str]:
    js = nc.jetstream()
    last = (await js.stream_info("REGISTRATION")).state.last_seq
    return [(await js.get_msg("REGISTRATION", seq)).headers["Nats-Msg-Id"] for seq in range(1, last + 1)]  # type: ignore[index]


async def test_a_failed_publish_holds_back_the_later_facts_of_its_entity(
    infra: Infra, nc: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = await reset_schema(infra, "registration")
    runtime = ServiceRuntime("registration", ServiceSettings(database_url=url, nats_url=infra.nats_url))
    await runtime.start(relay=False)
    try:
        app_id = uuid.uuid4()
        first, second = (application_submitted(application_id=app_id, correlation_id=app_id) for _ in range(2))
        other = application_submitted("banjarmasin")
        async with runtime.pool.acquire() as conn, conn.transaction():
            await enqueue(conn, first, other, second)
        publish, refused = runtime.broker.publish, [first.event_id]

        async def refusing_once(message: Any, subject: str, **kwargs: Any) -> Any:
            if refused and kwargs["headers"]["Nats-Msg-Id"] == str(refused[0]):
                refused.clear()
                await asyncio.sleep(0.2)  # the entity's later fact would have been acknowledged by now
                raise ConnectionError("stream leader moved")
            return await publish(message, subject, **kwargs)

        monkeypatch.setattr(runtime.broker, "publish", refusing_once)
        assert runtime.relay is not None
        with pytest.raises(Exception):  # noqa: B017 - the relay's loop logs and retries whatever failed
            await runtime.relay.publish_batch()
        assert await runtime.relay.drain() == 3
        order = await stream_order(nc)
        assert order.index(str(first.event_id)) < order.index(str(second.event_id))
        assert sorted(order) == sorted(str(e.event_id) for e in (first, second, other))
    finally:
        await runtime.stop()


async def test_one_relay_of_a_schema_publishes_at_a_time(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "registration")
    runtime = ServiceRuntime("registration", ServiceSettings(database_url=url, nats_url=infra.nats_url))
    await runtime.start(relay=False)
    try:
        async with runtime.pool.acquire() as conn, conn.transaction():
            await enqueue(conn, application_submitted())
        inside, release = asyncio.Event(), asyncio.Event()

        async def held(_rows: object) -> None:
            inside.set()
            await release.wait()

        def relay(**extra: Any) -> OutboxRelay:
            return OutboxRelay(
                pool=runtime.pool,
                broker=runtime.broker,
                topology=runtime.topology,
                database_url=url,
                schema="registration",
                **extra,
            )

        first = asyncio.create_task(relay(after_publish=held).publish_batch())
        await asyncio.wait_for(inside.wait(), timeout=10)
        async with runtime.pool.acquire() as conn, conn.transaction():
            await enqueue(conn, application_submitted())
        try:
            assert await relay().publish_batch() == 0, "the second relay waits while the first publishes"
        finally:
            release.set()
        assert await first == 1
        assert await relay().publish_batch() == 1
    finally:
        await runtime.stop()
