"""An escalation to LKPP (a ticket) or to LKPP and BSSN (a forensic test), or a change of an aggregated provider
account, becomes rows to forward; nothing else happens while the stream waits."""

from __future__ import annotations

import asyncpg

from contracts.forensic import ForensicEscalatedExternalV1
from contracts.helpdesk import TicketEscalatedV1
from gateway import usecases
from gateway.domain import forward_of
from gateway.forensic import forensic_forwards
from gateway.provider_change import AccountFact, provider_change_forward
from lpse_runtime.clock import Clock


async def on_ticket_escalated(
    event: TicketEscalatedV1, conn: asyncpg.Connection, *, clock: Clock, public_base_url: str
) -> None:
    """Record an escalation to LKPP to forward (once per escalation); one to another rung is not ours.

    It never calls LKPP: the forwarder does, from the table, so an LKPP outage neither holds the stream nor spends
    the durable's few redeliveries (which would dead-letter the escalation after a minute)."""
    if event.to_level != "lkpp":
        return
    await usecases.record_forwards(conn, [forward_of(event, public_base_url=public_base_url, now=clock.now())])


async def on_forensic_escalated_external(
    event: ForensicEscalatedExternalV1, conn: asyncpg.Connection, *, clock: Clock, public_base_url: str
) -> None:
    """Record a forensic test to forward to each party it names (once per escalation and party)."""
    forwards = forensic_forwards(event, public_base_url=public_base_url, now=clock.now())
    await usecases.record_forwards(conn, forwards)


async def on_provider_account_fact(event: AccountFact, conn: asyncpg.Connection, *, clock: Clock) -> None:
    """Record an aggregated account's change, deactivation or reactivation to forward to LKPP (once per fact); the
    facts of an account that is not aggregated are acknowledged and left alone: LKPP holds nothing of it."""
    forward = provider_change_forward(event, now=clock.now())
    if forward is not None:
        await usecases.record_forwards(conn, [forward])
