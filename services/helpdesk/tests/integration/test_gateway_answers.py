"""The gateway's word on a forwarded ticket, through the helpdesk's ordered durable `helpdesk-from-gateway` on the
real JetStream: LKPP's number is kept; LKPP's outright refusal brings the ticket back as 'dikembalikan'."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.envelope import Actor
from contracts.gateway import TicketForwardedV1, TicketForwardRefusedV1
from helpdesk.app import create_app
from helpdesk.settings import Settings
from lpse_runtime.clock import SettableClock
from services.helpdesk.tests.fixtures_b import SETTINGS, forwarded_ticket, published
from tests.support import Infra, eventually, reset_schema

pytestmark = pytest.mark.integration
AT = datetime(2026, 12, 9, 3, 0, tzinfo=UTC)
GATEWAY = Actor.system("gateway")


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    url = await reset_schema(infra, "helpdesk")
    settings = Settings(database_url=url, nats_url=infra.nats_url, link_secret=SETTINGS.link_secret)
    created = create_app(settings, clock=SettableClock(AT))
    async with created.router.lifespan_context(created):
        yield created


def envelope(ticket_id: uuid.UUID, reference: str) -> dict[str, object]:
    return {
        "occurred_at": AT,
        "lpse": "depok",
        "correlation_id": ticket_id,
        "actor": GATEWAY,
        "ticket_id": ticket_id,
        "reference": reference,
        "escalation_event_id": uuid.uuid4(),
        "attempts": 1,
    }


async def status_of(pool: asyncpg.Pool) -> str:
    return str(await pool.fetchval("SELECT status FROM tickets"))


async def test_lkpps_number_is_kept_and_a_refusal_brings_the_ticket_back(app: FastAPI, nc: Client) -> None:
    pool = app.state.runtime.pool
    receipt = await forwarded_ticket(pool, AT)
    js = nc.jetstream()
    forwarded = TicketForwardedV1(**envelope(receipt.ticket_id, receipt.reference), lkpp_ref="LKPP-TIK-ABCD1234")
    await js.publish(forwarded.subject, forwarded.model_dump_json().encode())

    async def numbered() -> bool:
        return bool(await pool.fetchval("SELECT lkpp_ref FROM tickets") == "LKPP-TIK-ABCD1234")

    await eventually(numbered, what="LKPP's number on the ticket")
    assert await status_of(pool) == "at_lkpp"

    refused = TicketForwardRefusedV1(**envelope(receipt.ticket_id, receipt.reference), http_status=422, reason="format")
    await js.publish(refused.subject, refused.model_dump_json().encode())
    await js.publish(refused.subject, refused.model_dump_json().encode())  # delivered twice: applied once

    async def answered() -> bool:
        return await status_of(pool) == "lkpp_answered"

    await eventually(answered, what="the ticket back from LKPP")

    async def both_handled() -> bool:
        return bool(await pool.fetchval("SELECT count(*) = 2 FROM inbox"))

    await eventually(both_handled, what="the repeated refusal handled")
    facts = await published(nc, "helpdesk.depok.ticket.answered_by_lkpp.v1")
    assert [(f["result"], f["source"], f["lkpp_ref"]) for f in facts] == [
        ("dikembalikan", "gateway", "LKPP-TIK-ABCD1234")
    ]
    assert await pool.fetchval("SELECT level FROM tickets") == "helpdesk"
