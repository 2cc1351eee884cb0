"""Idempotent JetStream consumers: inbox row and effect in one transaction, explicit acks, dead letters."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import asyncpg
from faststream.middlewares import AckPolicy
from faststream.nats import ConsumerConfig, DeliverPolicy, JStream, NatsBroker, NatsMessage, PullSub
from nats.js.api import AckPolicy as JsAckPolicy
from prometheus_client import CollectorRegistry, Counter
from pydantic import ValidationError

from contracts.envelope import Event
from contracts.streams import ConsumerSpec
from lpse_runtime.deadletters import publish_dead_letter
from lpse_runtime.natsfetch import restore_fetch_timeout_contract

log = logging.getLogger(__name__)

E = TypeVar("E", bound=Event)
Handler = Callable[[E, asyncpg.Connection], Awaitable[None]]


class PermanentError(Exception):
    """A failure that no retry can mend: the message goes to the dead-letter stream at once."""


def consumer_config(spec: ConsumerSpec) -> ConsumerConfig:
    """The JetStream consumer configuration for a spec: explicit acks, bounded retries with backoff."""
    return ConsumerConfig(
        durable_name=spec.durable,
        filter_subject=spec.filter_subject,
        deliver_policy=DeliverPolicy.ALL,
        ack_policy=JsAckPolicy.EXPLICIT,
        ack_wait=spec.ack_wait_seconds,
        max_deliver=spec.max_deliver,
        # Retry delays come from nak(delay=...): a consumer-level backoff would also replace ack_wait and
        # redeliver a message whose handler is merely slow.
        max_ack_pending=spec.max_ack_pending,
    )


class ConsumerMetrics:
    """Counters of what consumers did with messages."""

    def __init__(self, registry: CollectorRegistry | None) -> None:
        self.handled = Counter("consumer_handled", "Messages handled", ["consumer"], registry=registry)
        self.duplicates = Counter(
            "consumer_duplicates", "Redeliveries skipped by the inbox", ["consumer"], registry=registry
        )
        self.retried = Counter(
            "consumer_retried", "Messages negatively acknowledged for retry", ["consumer"], registry=registry
        )
        self.dead = Counter(
            "consumer_dead_lettered", "Messages sent to the dead-letter stream", ["consumer"], registry=registry
        )


async def handle_in_inbox(conn: asyncpg.Connection, consumer: str, event: E, handler: Handler[E]) -> bool:
    """Run the handler once per (consumer, event_id) in the caller's transaction; False when seen before."""
    fresh = await conn.fetchval(
        "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING true",
        consumer,
        event.event_id,
    )
    if not fresh:
        return False
    await handler(event, conn)
    return True


def subscribe(
    broker: NatsBroker,
    spec: ConsumerSpec,
    model: type[E],
    handler: Handler[E],
    *,
    pool: Callable[[], asyncpg.Pool],
    metrics: ConsumerMetrics,
    fetch_seconds: float = 5.0,
) -> None:
    """Register a durable pull consumer that validates, deduplicates, handles and acknowledges explicitly."""
    restore_fetch_timeout_contract()  # before the broker starts its pull loop, so no idle fetch escapes it

    async def on_message(msg: NatsMessage) -> None:
        raw = msg.raw_message
        deliveries = raw.metadata.num_delivered
        stream_seq = raw.metadata.sequence.stream

        async def dead_letter(error: str) -> None:
            await publish_dead_letter(
                broker,
                consumer=spec.durable,
                original_subject=raw.subject,
                original_stream_seq=stream_seq,
                payload=raw.data,
                error=error,
                deliveries=deliveries,
            )
            await msg.ack()
            metrics.dead.labels(spec.durable).inc()
            log.error("%s: message %s dead-lettered: %s", spec.durable, stream_seq, error)

        try:
            event = model.model_validate_json(raw.data)
        except ValidationError as exc:
            await dead_letter(f"invalid payload: {exc.error_count()} error(s): {exc.errors()[0]['msg']}")
            return
        try:
            async with pool().acquire() as conn, conn.transaction():
                fresh = await handle_in_inbox(conn, spec.durable, event, handler)
        except asyncio.CancelledError:
            raise  # never ack a cancelled handler: JetStream redelivers after ack_wait
        except PermanentError as exc:
            await dead_letter(f"permanent: {exc}")
            return
        except Exception as exc:
            if deliveries >= spec.max_deliver:
                await dead_letter(f"gave up after {deliveries} deliveries: {type(exc).__name__}: {exc}")
                return
            delay = spec.delay_after(deliveries)
            log.warning(
                "%s: delivery %s of %s failed (%s); retry in %ss", spec.durable, deliveries, stream_seq, exc, delay
            )
            metrics.retried.labels(spec.durable).inc()
            await msg.nack(delay=delay)
            return
        await msg.ack()
        (metrics.handled if fresh else metrics.duplicates).labels(spec.durable).inc()

    broker.subscriber(
        spec.filter_subject,
        stream=JStream(spec.stream, declare=False),
        durable=spec.durable,
        config=consumer_config(spec),
        pull_sub=PullSub(batch_size=spec.batch_size, timeout=fetch_seconds),
        ack_policy=AckPolicy.MANUAL,
        title=spec.durable,
        description=f"{model.__name__} for {spec.service}",
    )(on_message)
