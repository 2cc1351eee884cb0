"""The transactional outbox: events are rows committed with the state, published by one relay."""

from __future__ import annotations

import asyncio
import json
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


def per_entity(rows: Sequence[asyncpg.Record]) -> list[list[asyncpg.Record]]:
    """The rows grouped by the entity (correlation id) their fact is about, each group in commit order."""
    chains: dict[str, list[asyncpg.Record]] = {}
    for row in rows:
        chains.setdefault(str(json.loads(row["payload"]).get("correlation_id")), []).append(row)
    return list(chains.values())


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
            # One relay of the schema publishes at a time (the others find the lock taken and wait for the next
            # wake-up): two publishing different batches at once could put an entity's later fact first.
            if not await conn.fetchval("SELECT pg_try_advisory_xact_lock(hashtext($1))", channel_for(self._schema)):
                return 0
            rows = await conn.fetch(
                "SELECT id, event_id, subject, payload FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED",
                self._batch_size,
            )
            if not rows:
                return 0
            # Different entities' facts are published together and their PubAcks awaited together; one entity's
            # facts one after the other, stopping at a failure, so a retry can never store a fact after a later one.
            async with asyncio.TaskGroup() as group:
                for chain in per_entity(rows):
                    group.create_task(self._publish_in_order(chain))
            if self._after_publish is not None:
                await self._after_publish(rows)
            await conn.execute("DELETE FROM outbox WHERE id = ANY($1::bigint[])", [r["id"] for r in rows])
        self._published.labels(self._schema).inc(len(rows))
        return len(rows)

    async def _publish_in_order(self, rows: Sequence[asyncpg.Record]) -> None:
        for row in rows:
            await self._publish(row)

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
