"""Helpdesk's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from helpdesk import handlers, lkpp_web, staff_console, status_web, web
from helpdesk.settings import Settings
from lpse_runtime.clock import Clock
from lpse_runtime.service import ServiceRuntime

SERVICE = "helpdesk"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the helpdesk app: ticket intake, LKPP's callback, the gateway's answers, the ticket clocks, health."""
    settings = settings or Settings()
    runtime = ServiceRuntime(SERVICE, settings, clock=clock)
    app = runtime.app(prefix="/helpdesk", title="Helpdesk")
    app.include_router(lkpp_web.router(runtime))
    # The staff console and the status page first: '/helpdesk/staf/' and '/helpdesk/tiket/' are no LPSE's intake.
    app.include_router(staff_console.router(runtime))
    app.include_router(status_web.router(runtime))
    app.include_router(web.router(runtime))
    runtime.consume(handlers.DURABLE, handlers.gateway_dispatch(runtime.profiles, settings))
    runtime.on_timer(handlers.timer_handler(runtime.profiles, settings))
    return app
