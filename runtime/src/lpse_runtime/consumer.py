"""Ordered, idempotent JetStream consumers: one durable per source stream, dispatched on the subject through the
contracts catalogue; inbox row and effect in one transaction, explicit acks, dead letters."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import asyncpg
from faststream.middlewares import AckPolicy
from faststream.nats import ConsumerConfig, DeliverPolicy, JStream, NatsBroker, NatsMessage, PullSub
from nats.js.api import AckPolicy as JsAckPolicy
from nats.js.errors import NotFoundError
from prometheus_client import CollectorRegistry, Counter
from pydantic import ValidationError

from contracts.catalog import event_for_subject
from contracts.envelope import Event
from contracts.streams import ConsumerSpec
from lpse_runtime.deadletters import H_REPLAY_FOR, publish_dead_letter, without_key_values
from lpse_runtime.natsfetch import restore_fetch_timeout_contract

log = logging.getLogger(__name__)

E = TypeVar("E", bound=Event)
Handler = Callable[[E, asyncpg.Connection], Awaitable[None]]


class PermanentError(Exception):
    """A failure that no retry can mend: the message goes to the dead-letter stream at once."""


class Dispatch:
    """The handlers of one durable, by event class: a message goes to the handler of its subject's class."""

    def __init__(self) -> None:
        self.handlers: dict[type[Event], Handler[Any]] = {}

    def on(self, model: type[E], handler: Handler[E]) -> Dispatch:
        """Handle this fact with this handler; returns self to chain."""
        self.handlers[model] = handler
        return self

    def subjects(self) -> set[str]:
        """The filter subjects the handled facts arrive on."""
        return {model.subject_filter() for model in self.handlers}

    def route(self, subject: str) -> tuple[type[Event], Handler[Any]] | None:
        """The event class and handler for a concrete subject, or None when this durable handles no such fact."""
        model = event_for_subject(subject)
        if model is None or model not in self.handlers:
            return None
        return model, self.handlers[model]


def consumer_config(spec: ConsumerSpec) -> ConsumerConfig:
    """The JetStream consumer configuration for a spec: explicit acks, bounded retries, one message in flight."""
    return ConsumerConfig(
        durable_name=spec.durable,
        filter_subjects=list(spec.filter_subjects),
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


def failure_reason(exc: Exception) -> str:
    """What went wrong, by name: a broken constraint is named, never the values that broke it."""
    if isinstance(exc, asyncpg.IntegrityConstraintViolationError):
        constraint = getattr(exc, "constraint_name", None) or "?"
        return f"{type(exc).__name__} on constraint {constraint}"
    return f"{type(exc).__name__}: {exc}"


def replayed_for_another(msg: NatsMessage, durable: str) -> bool:
    """A dead letter replayed for another consumer of the subject: not this one's to handle."""
    target = (msg.raw_message.headers or {}).get(H_REPLAY_FOR)
    return target is not None and target != durable


async def raw_body(msg: NatsMessage) -> bytes:
    """FastStream's decoding step, left to the handler: a payload it cannot parse (nested 2,000 deep, not UTF-8)
    would otherwise raise before the handler runs, and the message would be neither acked nor dead-lettered."""
    return bytes(msg.body)


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
    dispatch: Dispatch,
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
            log.error("%s: message %s dead-lettered: %s", spec.durable, stream_seq, without_key_values(error))

        if replayed_for_another(msg, spec.durable):
            await msg.ack()
            return
        route = dispatch.route(raw.subject)
        if route is None:
            await dead_letter(f"no handler for subject {raw.subject}")
            return
        model, handler = route
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
        except asyncpg.IntegrityConstraintViolationError as exc:
            # The same fact breaks the same constraint on every delivery: retrying only delays what follows.
            await dead_letter(f"permanent: {failure_reason(exc)}")
            return
        except Exception as exc:
            if deliveries >= spec.max_deliver:
                await dead_letter(f"gave up after {deliveries} deliveries: {failure_reason(exc)}")
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

    pull(broker, spec, fetch_seconds, f"{', '.join(sorted(dispatch.subjects()))} for {spec.service}")(on_message)


def pull(broker: NatsBroker, spec: ConsumerSpec, fetch_seconds: float, description: str) -> Any:
    """The FastStream pull subscriber bound to a declared durable, one message per fetch, acknowledged by hand."""
    return broker.subscriber(
        stream=JStream(spec.stream, declare=False),
        durable=spec.durable,
        config=consumer_config(spec),
        pull_sub=PullSub(batch_size=spec.batch_size, timeout=fetch_seconds),
        decoder=raw_body,
        ack_policy=AckPolicy.MANUAL,
        title=spec.durable,
        description=description,
    )


def watch_max_deliveries(
    broker: NatsBroker, spec: ConsumerSpec, *, metrics: ConsumerMetrics, fetch_seconds: float = 5.0
) -> None:
    """Dead-letter each message JetStream gave up on after a last delivery that was never answered.

    A handler that raises on its last delivery dead-letters the message itself; one whose process dies (or hangs
    past ack_wait) on it cannot, so the server's max-deliveries advisory, kept in the advisory stream until a
    replica of the service reads it, names the message to copy by its stream sequence.
    """

    async def on_advisory(msg: NatsMessage) -> None:
        advisory = json.loads(msg.raw_message.data)
        stream, durable = str(advisory["stream"]), str(advisory["consumer"])
        seq, deliveries = int(advisory["stream_seq"]), int(advisory["deliveries"])
        js = broker.config.connection_state.stream
        try:
            original = await js.get_msg(stream, seq)
        except NotFoundError:
            log.error("%s: message %s gave up on is no longer in %s", durable, seq, stream)
            await msg.ack()
            return
        await publish_dead_letter(
            broker,
            consumer=durable,
            original_subject=str(original.subject),
            original_stream_seq=seq,
            payload=original.data or b"",
            error=f"no answer to the last of {deliveries} deliveries: the handler crashed or hung",
            deliveries=deliveries,
        )
        await msg.ack()
        metrics.dead.labels(durable).inc()
        log.error("%s: message %s dead-lettered after %s unanswered deliveries", durable, seq, deliveries)

    pull(broker, spec, fetch_seconds, "max-deliveries advisories, copied to the dead-letter stream")(on_advisory)
