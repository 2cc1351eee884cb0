"""An email to the applicant for each fact that should reach them, once per (event, template)."""

from __future__ import annotations

import uuid

import asyncpg

from contracts.envelope import Actor, Event
from contracts.lpse import LpseProfile
from contracts.notifier import NotificationSentV1
from lpse_runtime.clock import Clock
from lpse_runtime.outbox import enqueue
from notifier import db
from notifier.domain import TEMPLATES, DeliveryStatus, Outcome, decide
from notifier.mailer import Mailer
from notifier.render import render


async def notify(
    event: Event,
    conn: asyncpg.Connection,
    *,
    clock: Clock,
    mailer: Mailer,
    profiles: dict[str, LpseProfile],
    sender: str,
) -> None:
    """Send the event's email unless it went out already; record the delivery and announce it."""
    template = TEMPLATES[type(event)]
    now = clock.now()
    row = await db.lock_delivery(conn, event.event_id, template.name)
    if row is not None and row["status"] == DeliveryStatus.DELIVERED.value:
        return
    delivery_id = row["id"] if row is not None else uuid.uuid5(uuid.NAMESPACE_URL, f"{event.event_id}:{template.name}")
    message = render(event, template, profiles[event.lpse], sender=sender, delivery_id=delivery_id)
    if row is None:
        await db.insert_delivery(
            conn,
            delivery_id=delivery_id,
            trigger_event_id=event.event_id,
            template=template.name,
            version=template.version,
            lpse=event.lpse,
            correlation_id=event.correlation_id,
            recipient=str(message["To"]),
            subject=str(message["Subject"]),
            message_id=str(message["Message-ID"]),
            now=now,
        )
    status = decide(DeliveryStatus(row["status"]) if row is not None else DeliveryStatus.CREATED, Outcome.START)
    attempts = (row["attempts"] if row is not None else 0) + 1
    await mailer.send(message)
    status = decide(status, Outcome.ACCEPTED)
    await db.save_delivery(conn, delivery_id, status, attempts=attempts, sent_at=clock.now(), error=None)
    await enqueue(
        conn,
        NotificationSentV1(
            occurred_at=clock.now(),
            actor=Actor.system("notifier"),
            delivery_id=delivery_id,
            template=template.name,
            template_version=template.version,
            trigger_event_id=event.event_id,
            **event.caused(),
        ),
    )
