"""What the operators' view reads from NATS: every core message for the live feed, the streams' state."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.errors import NotFoundError

from operations.domain import FeedItem, feed_item


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
