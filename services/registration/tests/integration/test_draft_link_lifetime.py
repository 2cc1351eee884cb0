"""The draft link (README, "The journey" step 1): the form is saved and resumed from the same link for 7 days; after
that the link opens nothing and keeps nothing, and says so in Indonesian with the way to start again."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from lpse_runtime.clock import SettableClock
from lpse_runtime.sealing import link_box
from registration.app import create_app
from registration.settings import Settings
from tests.support import Infra, SiteClient, reset_schema

pytestmark = pytest.mark.integration
START = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # Wednesday 09.00 WIB
EXPIRED = "Tautan pendaftaran tidak dikenal atau kedaluwarsa; mulai lagi dari email."


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    """Registration on fresh streams (its consumer needs them) and a fresh schema, at Wednesday 09.00 WIB."""
    url = await reset_schema(infra, "registration")
    built = create_app(Settings(database_url=url, nats_url=infra.nats_url), clock=SettableClock(START))
    runtime = built.state.runtime
    await runtime.start(relay=False)  # the email-proof fact stays in the outbox, where the test reads the link
    try:
        yield built
    finally:
        await runtime.stop()


def set_clock(app: FastAPI, to: datetime) -> None:
    clock = app.state.runtime.clock
    assert isinstance(clock, SettableClock)
    clock.set(to)


async def draft_path(app: FastAPI, client: SiteClient, email: str) -> str:
    """Ask for the link on the email page and read it, as the notifier will, from the fact."""
    asked = await client.post("/daftar/depok/", data={"email": email})
    assert asked.status_code == 200 and 'id="link-sent"' in asked.text
    payload = await app.state.runtime.pool.fetchval(
        "SELECT payload FROM outbox WHERE subject LIKE '%email.verification_requested%'"
    )
    sealed = json.loads(payload)["draft_url"]
    return "/" + link_box(app.state.runtime.settings).open(sealed).split("/", 3)[3]


async def saved_fields(app: FastAPI) -> dict[str, str]:
    return dict(json.loads(await app.state.runtime.pool.fetchval("SELECT fields FROM drafts")))


async def test_a_draft_is_resumed_from_its_link_for_7_days_and_then_opens_and_keeps_nothing(app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=app)
    async with SiteClient(transport=transport, base_url="http://registration") as applicant:
        path = await draft_path(app, applicant, "tujuh.hari@contoh.co.id")
        saved = await applicant.post(path, data={"action": "simpan", "company_name": "PT Tujuh Hari"})
        assert saved.status_code == 200 and 'id="draft-saved"' in saved.text

        # A minute before the week is out the same link resumes the form with what was typed, and still saves.
        set_clock(app, START + timedelta(days=7, minutes=-1))
        resumed = await applicant.get(path)
        assert resumed.status_code == 200 and 'value="PT Tujuh Hari"' in resumed.text
        again = await applicant.post(path, data={"action": "simpan", "company_name": "PT Tujuh Hari Jaya"})
        assert again.status_code == 200 and 'id="draft-saved"' in again.text
        assert (await saved_fields(app))["company_name"] == "PT Tujuh Hari Jaya"

        # A minute after: the link is dead for reading and for writing, and says how to start again.
        set_clock(app, START + timedelta(days=7, minutes=1))
        dead = await applicant.get(path, headers={"Accept": "text/html"})
        assert dead.status_code == 404 and EXPIRED in dead.text
        late = await applicant.post(path, data={"action": "simpan", "company_name": "PT Terlambat"})
        assert late.status_code == 404 and EXPIRED in late.text
        assert (await saved_fields(app))["company_name"] == "PT Tujuh Hari Jaya", "nothing kept after expiry"
