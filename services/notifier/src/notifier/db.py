"""All of the notifier's SQL."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from notifier.domain import DeliveryStatus


async def lock_delivery(conn: asyncpg.Connection, trigger_event_id: uuid.UUID, template: str) -> asyncpg.Record | None:
    """The delivery of this template for this event, locked."""
    return await conn.fetchrow(
        "SELECT * FROM deliveries WHERE trigger_event_id = $1 AND template = $2 FOR UPDATE", trigger_event_id, template
    )


async def insert_delivery(
    conn: asyncpg.Connection,
    *,
    delivery_id: uuid.UUID,
    trigger_event_id: uuid.UUID,
    template: str,
    version: int,
    lpse: str,
    correlation_id: uuid.UUID,
    recipient: str,
    subject: str,
    message_id: str,
    now: datetime,
) -> None:
    """Record a new delivery."""
    await conn.execute(
        """INSERT INTO deliveries (id, trigger_event_id, template, template_version, lpse, correlation_id, recipient,
                                   subject, status, message_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""",
        delivery_id,
        trigger_event_id,
        template,
        version,
        lpse,
        correlation_id,
        recipient,
        subject,
        DeliveryStatus.CREATED.value,
        message_id,
        now,
    )


async def save_delivery(
    conn: asyncpg.Connection,
    delivery_id: uuid.UUID,
    status: DeliveryStatus,
    *,
    attempts: int,
    sent_at: datetime | None,
    error: str | None,
) -> None:
    """Save the delivery's status after an attempt."""
    await conn.execute(
        "UPDATE deliveries SET status = $2, attempts = $3, sent_at = $4, last_error = $5 WHERE id = $1",
        delivery_id,
        status.value,
        attempts,
        sent_at,
        error,
    )


async def recent(conn: asyncpg.Connection, limit: int = 200) -> list[asyncpg.Record]:
    """The newest deliveries."""
    return list(await conn.fetch("SELECT * FROM deliveries ORDER BY created_at DESC LIMIT $1", limit))
