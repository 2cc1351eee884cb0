"""LKPP's callback once the LPSE no longer asks LKPP (README, "Agregasi"): an answer to a request sent while the
profile said `via_lkpp` is refused with 409 after the LPSE moved to `mandiri`, and the account stays as it was."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.digests import LKPP_SIGNATURE_HEADER, lkpp_signature
from lpse_runtime.staff import SESSION_COOKIE
from tests.support import Infra, SiteClient, application_submitted, reset_identity, reset_schema, staff_session
from verification import activation_db, db
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration
SECRET = "rahasia-lkpp-uji"


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    """The service on a fresh schema, its streams declared (by `nc`)."""
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    service = create_app(Settings(database_url=url, nats_url=infra.nats_url, lkpp_callback_secret=SECRET))
    async with service.router.lifespan_context(service):
        yield service


async def test_an_answer_for_an_lpse_that_no_longer_asks_lkpp_is_409_and_changes_nothing(
    infra: Infra, app: FastAPI
) -> None:
    pool = app.state.runtime.pool
    event = application_submitted("banjarmasin", "CV Pindah Mode")
    case_id, provider_id, now = uuid.uuid4(), uuid.uuid4(), datetime.now(UTC)
    async with pool.acquire() as conn, conn.transaction():
        await db.open_case(conn, case_id, event, now, "uji")
        case = await db.get_case(conn, case_id)
        await activation_db.insert_provider(conn, provider_id=provider_id, user_id="PINDAHMODE", case=case, now=now)
    cookie = await staff_session(infra, "verifikator.banjarmasin", [("verifikator", "banjarmasin")], now=now)
    transport = httpx.ASGITransport(app=app)
    async with SiteClient(transport=transport, base_url="http://v", cookies={SESSION_COOKIE: cookie}) as verifier:
        sent = await verifier.post(f"/staf/kasus/{case_id}/adp")
        assert sent.status_code == 303 and "galat" not in sent.headers["location"]
    request_ref = await pool.fetchval("SELECT aggregation_ref FROM providers WHERE id = $1", provider_id)
    audit_before = await pool.fetchval("SELECT count(*) FROM audit_log")

    # The LPSE's profile now has its providers activate aggregation themselves.
    profiles = app.state.runtime.profiles
    profiles["banjarmasin"] = profiles["banjarmasin"].model_copy(update={"agregasi": "mandiri"})
    body = json.dumps({"request_ref": request_ref, "result": "aggregated", "lkpp_ref": "LKPP-0A1B2C3D"}).encode()
    async with httpx.AsyncClient(transport=transport, base_url="http://v") as lkpp:
        answer = await lkpp.post(
            "/akun/lkpp/adp/callback",
            content=body,
            headers={"content-type": "application/json", LKPP_SIGNATURE_HEADER: lkpp_signature(SECRET, body)},
        )
    assert answer.status_code == 409
    row = await pool.fetchrow("SELECT aggregation_status, lkpp_ref FROM providers WHERE id = $1", provider_id)
    assert (row["aggregation_status"], row["lkpp_ref"]) == ("requested", None)
    assert await pool.fetchval("SELECT count(*) FROM audit_log") == audit_before
