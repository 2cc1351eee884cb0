"""The LKPP gateway on the real stack with LKPP gone: the simulator's process killed by its PID while a ticket is
escalated, started again later; the ticket reaches LKPP once (README, "The LKPP gateway")."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import asyncpg
import httpx
import nats
import pytest

from contracts.envelope import Actor
from contracts.helpdesk import TicketCategory, TicketEscalatedV1
from devstack.stack import Stack
from tests.e2e.helpdesk_driver import facts
from tests.support import eventually

pytestmark = [pytest.mark.e2e, pytest.mark.reliability]

SUBJECT = "gateway.banjarmasin.ticket.forwarded.v1"


def escalation() -> TicketEscalatedV1:
    """Banjarmasin's Admin Sistem sends a ticket to LKPP; "TUNDA" keeps the simulator from answering it."""
    ticket_id = uuid.uuid4()
    return TicketEscalatedV1(
        occurred_at=datetime.now(UTC),
        lpse="banjarmasin",
        correlation_id=ticket_id,
        actor=Actor(id="adminppe.banjarmasin", role="admin_ppe"),
        ticket_id=ticket_id,
        reference="BJM-HD-2612-0042",
        category=TicketCategory.SPSE_PROBLEM,
        from_level="admin_ppe",
        to_level="lkpp",
        to_label="Helpdesk LKPP",
        summary="TUNDA: paket tidak tampil di SPSE",
        reporter_role="pokja",
        opened_at=datetime.now(UTC),
    )


async def test_lkpp_simulator_killed_during_escalation_then_restarted_forwards_once(stack: Stack) -> None:
    lkpp = stack.children.get("lkpp")
    lkpp.kill()  # SIGKILL to its PID: LKPP is gone, mid-flow, without a word
    assert not lkpp.alive()
    event = escalation()
    nc = await nats.connect(stack.nats_url)
    db = await asyncpg.connect(stack.admin_database_url)
    try:
        await nc.jetstream().publish(
            event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": str(event.event_id)}
        )

        async def state() -> tuple[str, int] | None:
            row = await db.fetchrow(
                "SELECT status, attempts FROM gateway.forwards WHERE escalation_event_id = $1", event.event_id
            )
            return None if row is None else (row["status"], row["attempts"])

        async def retrying() -> bool:
            found = await state()
            return found is not None and found[0] == "pending" and found[1] >= 2

        await eventually(retrying, timeout=30, what="the gateway retrying while LKPP is gone")
        await asyncio.to_thread(stack.restart, "lkpp")  # waits until the simulator answers again

        async def forwarded() -> bool:
            found = await state()
            return found is not None and found[0] == "forwarded"

        await eventually(forwarded, timeout=60, what="the forward accepted once LKPP is back")
        async with httpx.AsyncClient() as client:
            listing = (await client.get(f"{stack.lkpp_url}/api/diterima")).json()
        assert listing[str(event.event_id)]["permintaan"] == 1
        ref = await db.fetchval(
            "SELECT external_ref FROM gateway.forwards WHERE escalation_event_id = $1", event.event_id
        )
        assert listing[str(event.event_id)]["lkpp_ref"] == ref

        async def one_fact() -> bool:
            return len(await facts(stack.nats_url, "GATEWAY", event.ticket_id)) == 1

        await eventually(one_fact, timeout=30, what="the forwarded fact on GATEWAY")
        (fact,) = await facts(stack.nats_url, "GATEWAY", event.ticket_id)
        assert (fact["subject"], fact["lkpp_ref"], fact["escalation_event_id"]) == (SUBJECT, ref, str(event.event_id))
    finally:
        await db.close()
        await nc.close()
