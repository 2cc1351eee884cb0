"""An escalation to LKPP becomes a row to forward; nothing else happens while the stream waits."""

from __future__ import annotations

import logging

import asyncpg

from contracts.helpdesk import TicketEscalatedV1
from gateway import db
from gateway.domain import forward_of
from lpse_runtime.clock import Clock

log = logging.getLogger(__name__)


async def on_ticket_escalated(
    event: TicketEscalatedV1, conn: asyncpg.Connection, *, clock: Clock, public_base_url: str
) -> None:
    """Record an escalation to LKPP to forward (once per escalation); one to another rung is not ours.

    It never calls LKPP: the forwarder does, from the table, so an LKPP outage neither holds the stream nor spends
    the durable's few redeliveries (which would dead-letter the escalation after a minute)."""
    if event.to_level != "lkpp":
        return
    forward = forward_of(event, public_base_url=public_base_url, now=clock.now())
    if not await db.insert_forward(conn, forward):
        log.info("escalation %s of %s is already recorded to forward", event.event_id, event.reference)
