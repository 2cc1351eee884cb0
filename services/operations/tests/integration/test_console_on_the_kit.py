"""The operators' view on the shared kit: its health, error pages, headers, CSRF and sessions are the others'."""

from __future__ import annotations

from datetime import UTC, datetime

import asyncpg
import httpx
import pytest
from nats.aio.client import Client

from lpse_runtime.staff import SESSION_COOKIE
from operations.app import create_app
from operations.settings import Settings
from tests.support import Infra, SiteClient, reset_identity, staff_session

pytestmark = pytest.mark.integration


async def operations_schema(infra: Infra) -> str:
    """Operations' role with an empty schema, as `make run` makes it, allowed to check sessions."""
    conn = await asyncpg.connect(infra.admin_url)
    try:
        await conn.execute('DROP SCHEMA IF EXISTS "operations" CASCADE')
    finally:
        await conn.close()
    await reset_identity(infra, "operations")
    return infra.service_url("operations")


async def test_the_console_answers_health_errors_and_sessions_as_every_service(infra: Infra, nc: Client) -> None:
    app = create_app(Settings(database_url=await operations_schema(infra), nats_url=infra.nats_url))
    cookie = await staff_session(infra, "yoga.operator", [("operator", "*")], now=datetime.now(UTC))
    clerk = await staff_session(infra, "rina.depok", [("verifikator", "depok")], now=datetime.now(UTC))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with SiteClient(transport=transport, base_url="http://ops") as anonymous:
            ready = await anonymous.get("/ops/health/ready")
            assert ready.json() == {"status": "ok", "checks": {"postgres": "ok", "nats": "ok"}}
            metrics = (await anonymous.get("/ops/metrics")).text
            assert "ops_feed_listeners 0.0" in metrics
            missing = await anonymous.get("/ops/tidak-ada", headers={"Accept": "text/html"})
            assert missing.status_code == 404 and "Halaman tidak ditemukan" in missing.text
            assert 'href="/ops/"' in missing.text and "Kembali ke konsol operator" in missing.text
            spec = await anonymous.get("/ops/asyncapi")
            assert spec.status_code == 200 and "registration.{lpse}.application.submitted.v1" in spec.text
            assert spec.headers["x-content-type-options"] == "nosniff"
            assert "frame-ancestors 'none'" in spec.headers["content-security-policy"]
            for undocumented in ("/ops/api/docs", "/ops/api/openapi.json"):
                assert (await anonymous.get(undocumented)).status_code == 404, undocumented
            console = await anonymous.get("/ops/")
            assert console.status_code == 303 and console.headers["location"].startswith("/staf/masuk")
        async with SiteClient(transport=transport, base_url="http://ops", cookies={SESSION_COOKIE: clerk}) as rina:
            assert (await rina.get("/ops/")).status_code == 403, "a verifier is not an operator"
        async with SiteClient(transport=transport, base_url="http://ops", cookies={SESSION_COOKIE: cookie}) as yoga:
            page = await yoga.get("/ops/")
            assert page.status_code == 200 and "Aliran event langsung" in page.text
            streams = {s["name"] for s in (await yoga.get("/ops/api/streams")).json()}
            assert {"REGISTRATION", "VERIFICATION", "DEADLETTER"} <= streams
            assert (await yoga.post("/ops/dead-letters/987654321/replay")).status_code == 404
        async with httpx.AsyncClient(
            transport=transport, base_url="http://ops", cookies={SESSION_COOKIE: cookie}
        ) as forged:
            refused = await forged.post("/ops/dead-letters/1/replay", headers={"Origin": "https://penyerang.example"})
            assert refused.status_code == 403, "a replay without the page's CSRF token is refused"
