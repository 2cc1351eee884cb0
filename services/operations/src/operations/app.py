"""The operators' view composition root: one NATS connection, the feed subscription, the pages."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import asyncpg
import nats
from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from nats.aio.client import Client
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Gauge, generate_latest

from contracts.lpse import load_profiles
from lpse_runtime.clock import Clock, SystemClock
from lpse_runtime.db import create_pool
from lpse_runtime.errors import install_error_pages
from lpse_runtime.security import install_security
from lpse_runtime.staff import SessionCheck
from operations import audit_web, web
from operations.settings import Settings


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the operators' app."""
    settings = settings or Settings()
    pools: dict[str, asyncpg.Pool] = {}
    profiles = load_profiles(settings.lpse_dir)
    feed = web.Feed({code: p.time_zone for code, p in profiles.items()})
    registry = CollectorRegistry()
    listeners = Gauge("ops_feed_listeners", "Browsers connected to the live feed", registry=registry)
    listeners.set_function(lambda: len(feed.listeners))
    holder: dict[str, Client] = {}

    def get_nc() -> Client:
        return holder["nc"]

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.database_url:
            pools["staff"] = await create_pool(settings.database_url, schema="operations", max_size=4)
        nc = await nats.connect(settings.nats_url, name="operations", max_reconnect_attempts=-1)
        holder["nc"] = nc
        for subject in settings.feed_subjects:
            await nc.subscribe(subject, cb=feed.on_message)
        try:
            yield
        finally:
            await nc.drain()
            if "staff" in pools:
                await pools.pop("staff").close()

    app = FastAPI(title="Operator", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    install_error_pages(app)
    install_security(app, secret=settings.session_secret, development=settings.development)
    if settings.database_url:
        app.state.staff_sessions = SessionCheck(lambda: pools["staff"], clock or SystemClock())

    @app.get("/ops/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ops/health/ready")
    async def ready() -> JSONResponse:
        nc = holder.get("nc")
        ok = nc is not None and nc.is_connected
        if ok and nc is not None:
            try:
                await nc.jetstream().account_info()
            except Exception:
                ok = False
        return JSONResponse(
            {"status": "ok" if ok else "unavailable", "checks": {"nats": "ok" if ok else "down"}},
            status_code=200 if ok else 503,
        )

    @app.get("/ops/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    app.include_router(web.router(get_nc, feed, profiles))
    app.include_router(audit_web.router(settings.public_base_url))
    return app
