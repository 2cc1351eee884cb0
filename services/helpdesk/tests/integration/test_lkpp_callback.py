"""LKPP's signed answer to a forwarded ticket, through the real route (`POST /helpdesk/lkpp/tiket/callback`):
401 for a bad signature, 422 for a bad body, 404 for an unknown ticket or LKPP number, 409 for a different answer
once the ticket left LKPP, 200 and the answer applied once (a repeat changes nothing)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.digests import LKPP_SIGNATURE_HEADER, lkpp_signature
from helpdesk.app import create_app
from helpdesk.settings import Settings
from lpse_runtime.clock import SettableClock
from services.helpdesk.tests.fixtures_b import SETTINGS, forwarded_ticket, open_ticket, published
from tests.support import Infra, reset_schema

pytestmark = pytest.mark.integration
AT = datetime(2026, 12, 9, 3, 0, tzinfo=UTC)  # Wed 9 Dec 2026 10:00 WIB
URL = "/helpdesk/lkpp/tiket/callback"


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    """The helpdesk app on a fresh schema and topology."""
    url = await reset_schema(infra, "helpdesk")
    settings = Settings(
        database_url=url,
        nats_url=infra.nats_url,
        link_secret=SETTINGS.link_secret,
        lkpp_callback_secret=SETTINGS.lkpp_callback_secret,
    )
    created = create_app(settings, clock=SettableClock(AT))
    async with created.router.lifespan_context(created):
        yield created


async def post(
    app: FastAPI, body: dict[str, str] | bytes, secret: str = SETTINGS.lkpp_callback_secret
) -> httpx.Response:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {LKPP_SIGNATURE_HEADER: lkpp_signature(secret, raw), "content-type": "application/json"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://helpdesk") as client:
        return await client.post(URL, content=raw, headers=headers)


async def test_the_callback_answers_each_case_with_its_status(app: FastAPI, nc: Client) -> None:
    pool = app.state.runtime.pool
    receipt = await forwarded_ticket(pool, AT)
    await pool.execute("UPDATE tickets SET lkpp_ref = 'LKPP-TIK-00000001'")
    answer = {
        "lkpp_ref": "LKPP-TIK-00000001",
        "ticket_ref": receipt.reference,
        "result": "selesai",
        "answer": "Sudah diperbaiki di pusat.",
    }
    assert (await post(app, answer, secret="bukan-rahasia-lkpp")).status_code == 401
    assert (await post(app, b"bukan json")).status_code == 422
    assert (await post(app, {**answer, "result": "mungkin"})).status_code == 422
    assert (await post(app, {**answer, "ticket_ref": "TIK-DPK-TIDAKADA"})).status_code == 404
    assert (await post(app, {**answer, "lkpp_ref": "LKPP-TIK-LAIN"})).status_code == 404
    assert await pool.fetchval("SELECT status FROM tickets") == "at_lkpp"  # nothing above changed the ticket

    first = await post(app, answer)
    assert (first.status_code, first.json()) == (200, {"status": "answered"})
    row = await pool.fetchrow("SELECT status, level, forwarded_from FROM tickets")
    assert tuple(row) == ("lkpp_answered", "helpdesk", "helpdesk")
    again = await post(app, answer)
    assert again.status_code == 200
    different = await post(app, {**answer, "result": "dikembalikan"})
    assert different.status_code == 409
    # Exactly one answer published, after the repeat and the different answer were handled.
    (fact,) = await published(nc, "helpdesk.depok.ticket.answered_by_lkpp.v1")
    assert (fact["result"], fact["source"], fact["lkpp_ref"], fact["actor"]) == (
        "selesai", "callback", "LKPP-TIK-00000001", {"id": "lkpp", "role": "lkpp"},
    )  # fmt: skip
    assert "Sudah diperbaiki" not in json.dumps(fact)  # LKPP's answer stays in the helpdesk
    assert (
        await pool.fetchval("SELECT body FROM ticket_messages WHERE kind = 'jawaban_lkpp'")
        == "Sudah diperbaiki di pusat."
    )


async def test_a_ticket_never_forwarded_is_unknown_to_lkpp(app: FastAPI) -> None:
    receipt = await open_ticket(app.state.runtime.pool, "depok", AT)
    answer = {"lkpp_ref": "LKPP-TIK-1", "ticket_ref": receipt.reference, "result": "selesai", "answer": "x"}
    assert (await post(app, answer)).status_code == 404
