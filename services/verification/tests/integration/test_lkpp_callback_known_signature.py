"""LKPP's callback is authenticated by HMAC-SHA256 (README, "Agregasi"), checked against answers computed outside
the code: the signatures below come from OpenSSL, so a change of hash in the shared digest fails here even though
the simulator and the service would still agree with each other."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from lpse_runtime.staff import SESSION_COOKIE
from tests.support import Infra, SiteClient, application_submitted, reset_identity, reset_schema, staff_session
from verification import activation_db, db
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration
SECRET = "rahasia-lkpp-uji"
REQUEST_REF = "ADP-BJM-2612-KAT001-01"
BODY = b'{"request_ref":"ADP-BJM-2612-KAT001-01","result":"aggregated","lkpp_ref":"LKPP-0A1B2C3D"}'
# B='{"request_ref":"ADP-BJM-2612-KAT001-01","result":"aggregated","lkpp_ref":"LKPP-0A1B2C3D"}'
# printf '%s' "$B" | openssl dgst -sha256 -hmac 'rahasia-lkpp-uji'
SIGNED_SHA256 = "5555b9f26573c3cd2c64805b6fb2e7a001c21ae5966173746b8de6928724403e"
# printf '%s' "$B" | openssl dgst -sha1 -hmac 'rahasia-lkpp-uji'
SIGNED_SHA1 = "b3ba54fc584a56b53b43ebc0bc6e44cf835a587b"


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    """The service on a fresh schema, its streams declared (by `nc`)."""
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    service = create_app(Settings(database_url=url, nats_url=infra.nats_url, lkpp_callback_secret=SECRET))
    async with service.router.lifespan_context(service):
        yield service


async def requested_at_lkpp(infra: Infra, app: FastAPI) -> uuid.UUID:
    """A Banjarmasin account whose verifier sent the ADP request, under a fixed request number (the number the
    service draws is random; a known signature needs a known body)."""
    event = application_submitted("banjarmasin", "CV Lancar")
    case_id, provider_id, now = uuid.uuid4(), uuid.uuid4(), datetime.now(UTC)
    pool = app.state.runtime.pool
    async with pool.acquire() as conn, conn.transaction():
        await db.open_case(conn, case_id, event, now, "uji")
        case = await db.get_case(conn, case_id)
        await activation_db.insert_provider(conn, provider_id=provider_id, user_id="CVLANCAR", case=case, now=now)
    cookie = await staff_session(infra, "verifikator.banjarmasin", [("verifikator", "banjarmasin")], now=now)
    transport = httpx.ASGITransport(app=app)
    async with SiteClient(transport=transport, base_url="http://v", cookies={SESSION_COOKIE: cookie}) as verifier:
        sent = await verifier.post(f"/staf/kasus/{case_id}/adp")
        assert sent.status_code == 303 and "galat=" not in sent.headers["location"]
    await pool.execute("UPDATE providers SET aggregation_ref = $1 WHERE id = $2", REQUEST_REF, provider_id)
    return provider_id


async def lkpp_posts(app: FastAPI, signature: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://v") as lkpp:
        return await lkpp.post(
            "/akun/lkpp/adp/callback",
            content=BODY,
            headers={"content-type": "application/json", "X-LKPP-Signature": signature},
        )


async def test_the_callback_refuses_hmac_sha1_and_takes_the_hmac_sha256_openssl_computed(
    infra: Infra, app: FastAPI
) -> None:
    provider_id = await requested_at_lkpp(infra, app)
    pool = app.state.runtime.pool

    sha1 = await lkpp_posts(app, SIGNED_SHA1)
    assert (sha1.status_code, sha1.json()) == (401, {"error": "invalid signature"})
    assert await pool.fetchval("SELECT aggregation_status FROM providers WHERE id = $1", provider_id) == "requested"

    sha256 = await lkpp_posts(app, SIGNED_SHA256)
    assert (sha256.status_code, sha256.json()) == (200, {"status": "aggregated"})
    row = await pool.fetchrow("SELECT aggregation_status, lkpp_ref FROM providers WHERE id = $1", provider_id)
    assert tuple(row) == ("aggregated", "LKPP-0A1B2C3D")
