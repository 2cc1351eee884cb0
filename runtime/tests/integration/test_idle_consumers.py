"""A service whose consumers sit idle on real JetStream starts and keeps polling without logging an error."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import nats.errors
import pytest
from nats.aio.client import Client
from nats.js.client import JetStreamContext

from contracts.catalog import EVENTS
from contracts.envelope import Event
from lpse_runtime.consumer import Dispatch
from lpse_runtime.natsfetch import restore_fetch_timeout_contract, with_nats_timeout
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from tests.support import Infra, eventually, reset_schema

pytestmark = pytest.mark.integration


async def ignore(_event: Event, _conn: asyncpg.Connection) -> None:
    """No fact is published in these tests; a handler is only needed to subscribe."""


def ignoring(subjects: tuple[str, ...]) -> Dispatch:
    """The ignoring handler for each fact a durable filters."""
    dispatch = Dispatch()
    for model in EVENTS:
        if model.subject_filter() in subjects:
            dispatch.on(model, ignore)
    return dispatch


async def test_a_bare_asyncio_timeout_becomes_the_clients_timeout() -> None:
    async def probe_used_the_deadline(*_args: Any, **_kwargs: Any) -> list[Any]:
        raise TimeoutError

    with pytest.raises(nats.errors.TimeoutError):
        await with_nats_timeout(probe_used_the_deadline)()


async def test_idle_batch_fetches_time_out_only_as_nats_timeouts(infra: Infra, nc: Client) -> None:
    restore_fetch_timeout_contract()
    sub = await nc.jetstream().pull_subscribe("registration.idle.>", durable="idle", stream="REGISTRATION")
    outcomes: list[type[Exception] | None] = []
    # A short deadline makes nats-py 2.15+'s bare timeout (the probe using up the deadline) most of the outcomes.
    for _ in range(50):
        try:
            await sub.fetch(10, timeout=0.0005)
        except Exception as exc:
            outcomes.append(type(exc))
        else:
            outcomes.append(None)
    assert all(o is None or issubclass(o, nats.errors.TimeoutError) for o in outcomes), outcomes


async def test_a_service_with_idle_consumers_logs_no_error(
    infra: Infra, nc: Client, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.INFO)
    url = await reset_schema(infra, "notifier")
    # Pull requests of a few milliseconds: each consumer goes idle hundreds of times in the seconds awaited.
    settings = ServiceSettings(database_url=url, nats_url=infra.nats_url, consumer_fetch_seconds=0.002)
    runtime = ServiceRuntime("notifier", settings)
    durables = [c.durable for c in runtime.topology.consumers_of("notifier")]
    for spec in runtime.topology.consumers_of("notifier"):
        runtime.consume(spec.durable, ignoring(spec.filter_subjects))

    # Count the pull loop's fetches as they end, to wait for every consumer to have gone idle many times.
    ended: list[Exception | None] = []
    stopping = asyncio.Event()
    fetch: Callable[..., Awaitable[list[Any]]] = JetStreamContext.PullSubscription.fetch

    async def counted(*args: Any, **kwargs: Any) -> list[Any]:
        try:
            result = await fetch(*args, **kwargs)
        except Exception as exc:  # a cancellation at stop is not an outcome of the fetch
            if not stopping.is_set():  # a fetch cut by the connection closing at stop is not an idle outcome
                ended.append(exc)
            raise
        ended.append(None)
        return result

    monkeypatch.setattr(JetStreamContext.PullSubscription, "fetch", counted)
    await runtime.start()
    try:
        await eventually(runtime.nats_ready, timeout=20, what="notifier connected to JetStream")
        await eventually(
            lambda: asyncio.sleep(0, len(ended) >= 20 * len(durables)),
            timeout=30,
            what="twenty idle fetches per consumer",
        )
    finally:
        stopping.set()
        await runtime.stop()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    escaped = [e for e in ended if e is not None and not isinstance(e, nats.errors.TimeoutError)]
    assert escaped == []
