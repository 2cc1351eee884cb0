"""Throughput of the outbox relay and of the idempotent consumer, each against a raw baseline in the same run.

`make bench` first drives complete account lifecycles through the whole stack (bench/lifecycle.py), then starts a
throwaway PostgreSQL and JetStream and measures:
- publish: raw nats-py JetStream publishes (awaiting each PubAck in batches) vs the outbox relay draining the
  same number of committed rows (batched publish with Nats-Msg-Id, delete after the PubAcks);
- consume: a raw FastStream pull consumer that only acks vs the platform's consumer (validate, inbox row and
  handler in one transaction, explicit ack).
It prints messages per second and the ratio to the baseline. Not part of `make test`; no timed assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from datetime import UTC, datetime

import asyncpg
import nats
from faststream.middlewares import AckPolicy
from faststream.nats import JStream, NatsBroker, NatsMessage, PullSub
from nats.aio.client import Client

from bench import lifecycle, queue_data, queue_scale
from lpse_runtime.outbox import enqueue
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from tests.support import Infra, application_submitted, embedded_infra, reset_jetstream, reset_schema


def progress(label: str, done: int, total: int) -> None:
    """A one-line progress bar."""
    width = 30
    filled = width * done // max(total, 1)
    print(f"\r{label:<34} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end="", flush=True)


async def raw_publish(nc: Client, count: int, batch: int) -> float:
    js = nc.jetstream()
    payload = application_submitted().model_dump_json().encode()
    started = time.perf_counter()
    for offset in range(0, count, batch):
        await asyncio.gather(
            *(
                js.publish(
                    "registration.depok.application.submitted.v1", payload, headers={"Nats-Msg-Id": f"raw-{offset + i}"}
                )
                for i in range(batch)
            )
        )
        progress("raw nats-py publish", offset + batch, count)
    print()
    return count / (time.perf_counter() - started)


async def relay_publish(runtime: ServiceRuntime, count: int) -> float:
    async with runtime.pool.acquire() as conn, conn.transaction():
        for _ in range(count):
            await enqueue(conn, application_submitted())
    assert runtime.relay is not None
    started = time.perf_counter()
    published = 0
    while published < count:
        published += await runtime.relay.publish_batch()
        progress("outbox relay", published, count)
    print()
    return count / (time.perf_counter() - started)


async def raw_consume(nats_url: str, count: int) -> float:
    broker = NatsBroker(nats_url)
    done = asyncio.Event()
    seen = 0

    @broker.subscriber(
        "registration.*.application.submitted.v1",
        stream=JStream("REGISTRATION", declare=False),
        durable="bench-on-application-submitted",
        pull_sub=PullSub(batch_size=64),
        ack_policy=AckPolicy.MANUAL,
    )
    async def on_message(msg: NatsMessage) -> None:
        nonlocal seen
        await msg.ack()
        seen += 1
        if seen % 500 == 0 or seen == count:
            progress("raw FastStream consume", seen, count)
        if seen >= count:
            done.set()

    started = time.perf_counter()
    await broker.start()
    await asyncio.wait_for(done.wait(), timeout=600)
    rate = count / (time.perf_counter() - started)
    await broker.stop()
    print()
    return rate


async def platform_consume(infra: Infra, url: str, count: int) -> float:
    runtime = ServiceRuntime("verification", ServiceSettings(database_url=url, nats_url=infra.nats_url))
    done = asyncio.Event()
    seen = 0

    async def handler(event: object, conn: asyncpg.Connection) -> None:
        nonlocal seen
        seen += 1

    async def watch() -> None:
        while seen < count:
            progress("platform consumer (inbox + ack)", seen, count)
            await asyncio.sleep(0.2)
        progress("platform consumer (inbox + ack)", seen, count)
        done.set()

    from contracts.registration import ApplicationResubmittedV1, ApplicationSubmittedV1
    from lpse_runtime.consumer import Dispatch

    dispatch = Dispatch().on(ApplicationSubmittedV1, handler).on(ApplicationResubmittedV1, handler)
    runtime.consume("verification-from-registration", dispatch)
    started = time.perf_counter()
    await runtime.start(relay=False)
    watcher = asyncio.create_task(watch())
    await asyncio.wait_for(done.wait(), timeout=600)
    rate = count / (time.perf_counter() - started)
    watcher.cancel()
    await runtime.stop()
    print()
    return rate


async def main(count: int, only: str | None) -> None:
    with embedded_infra(prefix="lpse-bench-") as infra:
        if only != "queue":
            await messages(infra, count)
        if only != "messages":
            await queue(infra)


async def queue(infra: Infra) -> None:
    """The staff queue at LPSE_BENCH_CASES cases (default 1,000,000)."""
    cases = queue_scale.cases_from_env()
    before = os.environ.get("LPSE_BENCH_BEFORE") == "1"
    nc = await nats.connect(infra.nats_url)
    await reset_jetstream(nc)
    await nc.close()
    url = await reset_schema(infra, "verification")
    started, now = time.perf_counter(), datetime.now(UTC)
    conn = await asyncpg.connect(url)
    try:
        await queue_data.bulk_load(conn, cases, now)
    finally:
        await conn.close()
    print(f"loaded {cases} cases in {time.perf_counter() - started:.0f} s")
    lines = await queue_scale.measure(url, infra.nats_url, cases, now, repeat=100, before=before)
    print(f"\nstaff queue of Depok at {cases} cases ({os.cpu_count()} cores), server time per view, 50 per page")
    print("\n".join(lines))
    print(f"target: p99 <= {queue_scale.MAX_RESPONSE_SECONDS * 1000:.0f} ms at 1,000,000 cases")


async def messages(infra: Infra, count: int) -> None:
    """The outbox relay and the consumer against raw nats-py and FastStream."""
    nc = await nats.connect(infra.nats_url)
    await reset_jetstream(nc)
    baseline_pub = await raw_publish(nc, count, 100)
    await reset_jetstream(nc)
    url = await reset_schema(infra, "registration")
    runtime = ServiceRuntime("registration", ServiceSettings(database_url=url, nats_url=infra.nats_url))
    await runtime.start(relay=False)
    relay = await relay_publish(runtime, count)
    await runtime.stop()
    baseline_con = await raw_consume(infra.nats_url, count)
    await nc.close()
    ver_url = await reset_schema(infra, "verification")
    platform = await platform_consume(infra, ver_url, count)
    print(f"\n{count} messages on this machine ({os.cpu_count()} cores)")
    print(f"publish  raw nats-py      {baseline_pub:10.0f} msg/s   1.00")
    print(f"publish  outbox relay     {relay:10.0f} msg/s   {relay / baseline_pub:.2f} of raw")
    print(f"consume  raw FastStream   {baseline_con:10.0f} msg/s   1.00")
    print(f"consume  platform         {platform:10.0f} msg/s   {platform / baseline_con:.2f} of raw")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=5000)
    parser.add_argument("--only", choices=("lifecycle", "messages", "queue"), help="run one part (default: all)")
    arguments = parser.parse_args()
    if arguments.only in (None, "lifecycle"):
        lifecycle.main()  # the whole stack, on servers of its own (LPSE_BENCH_LIFECYCLES, LPSE_BENCH_RATE)
    if arguments.only != "lifecycle":
        asyncio.run(main(arguments.messages, arguments.only))
