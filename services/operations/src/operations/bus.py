"""What the operators' view reads from NATS: every core message for the live feed, the streams' state."""

from __future__ import annotations

import asyncio
import collections
import contextlib
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from nats.js.errors import NotFoundError

from operations.domain import FeedItem, feed_item

# The streams whose facts carry deadlines, and the subject of a missed one in each.
BREACH_STREAMS = ("VERIFICATION", "HELPDESK")
BREACH_SUBJECT = "*.*.*.deadline_breached.v1"
READ_BATCH = 256


class Feed:
    """Fans every bus message out to the connected browsers, each with a bounded queue."""

    def __init__(self, zones: Mapping[str, str] | None = None) -> None:
        self.listeners: set[asyncio.Queue[FeedItem]] = set()
        self.zones: Mapping[str, str] = zones or {}

    async def on_message(self, msg: Msg) -> None:
        """Core NATS callback."""
        item = feed_item(msg.subject, msg.data, zones=self.zones, received_at=datetime.now(UTC))
        for queue in list(self.listeners):
            # A browser that stopped reading misses what comes next; the others never wait for it.
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(item)

    @contextlib.contextmanager
    def listen(self) -> Iterator[asyncio.Queue[FeedItem]]:
        """Register a queue for one browser."""
        queue: asyncio.Queue[FeedItem] = asyncio.Queue(maxsize=1000)
        self.listeners.add(queue)
        try:
            yield queue
        finally:
            self.listeners.discard(queue)


async def subscribe_feed(nc: Client, feed: Feed, subjects: tuple[str, ...]) -> None:
    """Tail these subjects on core NATS (no durable: the feed shows what happens while someone watches)."""
    for subject in subjects:
        await nc.subscribe(subject, cb=feed.on_message)


def consumer_row(info: Any) -> dict[str, Any]:
    """One consumer's pending, ack-pending and redelivered counts as the page and the API show them."""
    config = info.config
    return {
        "name": info.name,
        "filter": ", ".join(config.filter_subjects or [config.filter_subject or ">"]),
        "pending": info.num_pending,
        "ack_pending": info.num_ack_pending,
        "redelivered": info.num_redelivered,
        "delivered": info.delivered.stream_seq if info.delivered else 0,
        "max_deliver": config.max_deliver,
    }


async def stream_overview(nc: Client) -> list[dict[str, Any]]:
    """Each stream with its state and its consumers."""
    js = nc.jetstream()
    overview = []
    for info in await js.streams_info():
        name = str(info.config.name)
        consumers: list[dict[str, Any]] = []
        with contextlib.suppress(NotFoundError):  # a stream deleted between the two calls
            consumers = [consumer_row(c) for c in await js.consumers_info(name)]
        overview.append(
            {
                "name": info.config.name,
                "subjects": info.config.subjects,
                "messages": info.state.messages,
                "bytes": info.state.bytes,
                "last_seq": info.state.last_seq,
                "consumers": sorted(consumers, key=lambda c: str(c["name"])),
            }
        )
    return sorted(overview, key=lambda s: str(s["name"]))


async def stored_breaches(nc: Client, limit: int) -> list[tuple[str, bytes]]:
    """The last `limit` breach facts each stream keeps, as (subject, payload), read through a throwaway consumer.

    Breaches are few (one per missed deadline), so the stream's filtered copy is read to its end and the tail kept;
    nothing is acknowledged and the consumer is deleted after, so no service's durable is touched.
    """
    js = nc.jetstream()
    found: list[tuple[str, bytes]] = []
    for stream in BREACH_STREAMS:
        try:
            info = await js.stream_info(stream, subjects_filter=BREACH_SUBJECT)
        except NotFoundError:
            continue
        total = sum((info.state.subjects or {}).values())
        if not total:
            continue
        # An ephemeral consumer outlives its subscription until it idles out: it is deleted by name below, and the
        # threshold clears it should this process die mid-read.
        config = ConsumerConfig(ack_policy=AckPolicy.NONE, deliver_policy=DeliverPolicy.ALL, inactive_threshold=60.0)
        reader = await js.pull_subscribe(BREACH_SUBJECT, stream=stream, config=config)
        name = (await reader.consumer_info()).name
        tail: collections.deque[tuple[str, bytes]] = collections.deque(maxlen=limit)
        try:
            read = 0
            while read < total:
                try:
                    batch = await reader.fetch(min(READ_BATCH, total - read), timeout=2)
                except NatsTimeout:  # fewer than counted: some aged out between the count and the read
                    break
                read += len(batch)
                tail.extend((m.subject, m.data) for m in batch)
        finally:
            await reader.unsubscribe()
            with contextlib.suppress(NotFoundError):
                await js.delete_consumer(stream, name)
        found.extend(tail)
    return found
