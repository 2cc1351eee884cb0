"""Identity's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from identity import accounts_web, handlers, set_password_web, web
from identity.settings import Settings
from lpse_runtime.clock import Clock
from lpse_runtime.service import ServiceRuntime

SERVICE = "identity"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the identity app: the sign-in, sign-out and password pages, staff accounts, health under /identitas."""
    runtime = ServiceRuntime(SERVICE, settings or Settings(), clock=clock)
    app = runtime.app(prefix="/identitas", title="Identitas staf")
    app.include_router(web.router(runtime))
    app.include_router(accounts_web.router(runtime))
    # Accounts made on the helpdesk's approved requests: the consumer, the auditors' expiry timer, the emailed link.
    handlers.install(runtime)
    app.include_router(set_password_web.router(runtime))
    return app
