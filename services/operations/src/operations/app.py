"""The operators' view composition root: the shared runtime without tables, the feed subscription, the pages."""

from __future__ import annotations

from fastapi import FastAPI
from prometheus_client import Gauge

from lpse_runtime.clock import Clock
from lpse_runtime.service import ServiceRuntime
from operations import asyncapi_web, audit_web, web
from operations.bus import Feed, subscribe_feed
from operations.settings import Settings

SERVICE = "operations"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the operators' app: console, live feed, audit check, AsyncAPI pages, health."""
    settings = settings or Settings()
    # Operations keeps no tables: its role and empty schema serve only the staff session check.
    runtime = ServiceRuntime(SERVICE, settings, clock=clock, owns_tables=False)
    feed = Feed({code: p.time_zone for code, p in runtime.profiles.items()})
    listeners = Gauge("ops_feed_listeners", "Browsers connected to the live feed", registry=runtime.registry)
    listeners.set_function(lambda: len(feed.listeners))

    async def tail_the_bus() -> None:
        await subscribe_feed(runtime.broker.connection, feed, settings.feed_subjects)

    # Everything under /ops but health and the AsyncAPI pages is for operators: no public OpenAPI document.
    app = runtime.app(prefix="/ops", title="Operator", on_start=tail_the_bus, api_docs=False)
    app.include_router(web.router(web.Console(lambda: runtime.broker.connection, feed, runtime.profiles)))
    app.include_router(asyncapi_web.router())
    app.include_router(audit_web.router(settings.public_base_url))
    return app
