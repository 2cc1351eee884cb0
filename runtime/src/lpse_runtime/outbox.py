"""The transactional outbox: events are rows committed with the state, published by one relay."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

import asyncpg
from faststream.nats import NatsBroker
from prometheus_client import CollectorRegistry, Counter

from contracts.envelope import Event
from contracts.streams import Topology
from lpse_runtime.loop import WakingLoop

log = logging.getLogger(__name__)

AfterPublish = Callable[[Sequence[asyncpg.Record]], Awaitable[None]]


async def enqueue(conn: asyncpg.Connection, *events: Event) -> None:
    """Add events to the outbox inside the caller's transaction."""
    await conn.executemany(
        "INSERT INTO outbox (event_id, subject, payload) VALUES ($1, $2, $3)",
        [(e.event_id, e.subject, e.model_dump_json()) for e in events],
    )


def channel_for(schema: str) -> str:
    """The LISTEN/NOTIFY channel the outbox trigger of a schema notifies."""
    return f"{schema}_outbox"


class OutboxRelay:
    """Publishes outbox rows in batches with Nats-Msg-Id = event_id; deletes them only after the PubAcks."""

    def __init__(
        self,
        *,
        pool: asyncpg.Pool,
        broker: NatsBroker,
        topology: Topology,
        database_url: str,
        schema: str,
        batch_size: int = 100,
        poll_seconds: float = 5.0,
        registry: CollectorRegistry | None = None,
        after_publish: AfterPublish | None = None,
    ) -> None:
        self._pool = pool
        self._broker = broker
        self._topology = topology
        self._database_url = database_url
        self._schema = schema
        self._batch_size = batch_size
        self._poll_seconds = poll_seconds
        self._after_publish = after_publish
        self._published = Counter(
            "outbox_published_events",
            "Events the outbox relay published and saw acknowledged",
            ["service"],
            registry=registry,
        )

    async def publish_batch(self) -> int:
        """Publish one batch of pending rows; return how many were published."""
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(
                "SELECT id, event_id, subject, payload FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
                self._batch_size,
            )
            if not rows:
                return 0
            # Publishes are written to one connection in order; their PubAcks are awaited together.
            await asyncio.gather(*(self._publish(row) for row in rows))
            if self._after_publish is not None:
                await self._after_publish(rows)
            await conn.execute("DELETE FROM outbox WHERE id = ANY($1::bigint[])", [r["id"] for r in rows])
        self._published.labels(self._schema).inc(len(rows))
        return len(rows)

    async def _publish(self, row: asyncpg.Record) -> None:
        stream = self._topology.stream_for_subject(row["subject"]).name
        await self._broker.publish(
            row["payload"].encode(),
            row["subject"],
            headers={"Nats-Msg-Id": str(row["event_id"]), "content-type": "application/json"},
            stream=stream,
            timeout=10.0,
        )

    async def drain(self) -> int:
        """Publish until the outbox is empty; return the total."""
        total = 0
        while (count := await self.publish_batch()) > 0:
            total += count
        return total

    async def run(self) -> None:
        """Relay forever: wake on NOTIFY, poll as a fallback, back off on errors."""
        await WakingLoop(
            self._more_after_batch,
            name=f"outbox relay of {self._schema}",
            poll_seconds=self._poll_seconds,
            database_url=self._database_url,
            schema=self._schema,
            channel=channel_for(self._schema),
        ).run()

    async def _more_after_batch(self) -> bool:
        return await self.publish_batch() >= self._batch_size
