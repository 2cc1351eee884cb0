"""A service with no schema of its own runs on the kit: pool, broker, health and the session check, no tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import asyncpg
import httpx
import pytest
from fastapi import Depends

from lpse_runtime.authz import require
from lpse_runtime.consumer import Dispatch
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from lpse_runtime.staff import SESSION_COOKIE, StaffPrincipal
from lpse_runtime.timers import Timer
from tests.support import Infra, reset_identity, staff_session

pytestmark = pytest.mark.integration

Watcher = Annotated[StaffPrincipal, Depends(require("ops.lihat"))]


async def fresh_bare_schema(infra: Infra, service: str) -> str:
    """The service's role and an empty schema (no migrations), allowed to check sessions through identity."""
    conn = await asyncpg.connect(infra.admin_url)
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{service}" CASCADE')
    finally:
        await conn.close()
    await reset_identity(infra, service)
    return infra.service_url(service)


async def tables_in(infra: Infra, schema: str) -> list[str]:
    conn = await asyncpg.connect(infra.admin_url)
    try:
        rows = await conn.fetch("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", schema)
    finally:
        await conn.close()
    return [r["table_name"] for r in rows]


async def test_a_service_without_tables_starts_is_ready_and_checks_sessions(infra: Infra) -> None:
    url = await fresh_bare_schema(infra, "operations")
    runtime = ServiceRuntime(
        "operations", ServiceSettings(database_url=url, nats_url=infra.nats_url), owns_tables=False
    )
    app = runtime.app(prefix="/ops", title="uji")

    @app.get("/ops/rahasia")
    async def watched(staff: Watcher) -> dict[str, str]:
        return {"who": staff.username}

    cookie = await staff_session(infra, "yoga.operator", [("operator", "*")], now=datetime.now(UTC))
    async with app.router.lifespan_context(app):
        assert runtime.relay is None, "no outbox to relay"
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ops") as anonymous:
            ready = await anonymous.get("/ops/health/ready")
            assert ready.status_code == 200
            assert ready.json() == {"status": "ok", "checks": {"postgres": "ok", "nats": "ok"}}
            assert (await anonymous.get("/ops/health/live")).json() == {"status": "ok"}
            assert (await anonymous.get("/ops/health/audit")).status_code == 404, "no audit log to walk"
            assert (await anonymous.get("/ops/metrics")).status_code == 200
            refused = await anonymous.get("/ops/rahasia")
            assert refused.status_code == 303 and refused.headers["location"].startswith("/staf/masuk")
        async with httpx.AsyncClient(
            transport=transport, base_url="http://ops", cookies={SESSION_COOKIE: cookie}
        ) as operator:
            assert (await operator.get("/ops/rahasia")).json() == {"who": "yoga.operator"}
    assert await tables_in(infra, "operations") == [], "the kit created no table in the service's schema"


async def never_fires(_conn: asyncpg.Connection, _timer: Timer, _now: datetime) -> None:
    """A timer handler for a service that may not keep timers."""


def test_a_service_without_tables_cannot_consume_or_keep_timers() -> None:
    settings = ServiceSettings(database_url="postgresql://unused@127.0.0.1/unused")
    runtime = ServiceRuntime("operations", settings, owns_tables=False)
    with pytest.raises(ValueError, match="operations has no schema of its own: consume notifier-from-registration"):
        runtime.consume("notifier-from-registration", Dispatch())
    with pytest.raises(ValueError, match="operations has no schema of its own: durable timers"):
        runtime.on_timer(never_fires)
