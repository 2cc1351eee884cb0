"""Registration's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from lpse_runtime.clock import Clock
from lpse_runtime.service import ServiceRuntime
from registration import application_web, documents_web, handlers, standard_pages, web
from registration.body_limit import BodyLimit
from registration.settings import Settings
from registration.usecases.desk import Desk
from registration.usecases.sweeping import upload_sweeper

SERVICE = "registration"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the registration app: consumers, public pages, health."""
    runtime = ServiceRuntime(SERVICE, settings or Settings(), clock=clock)
    runtime.consume("registration-from-verification", handlers.from_verification())
    app = runtime.app(prefix="/daftar", title="Registrasi penyedia")
    desk = Desk(runtime)
    runtime.add_worker("upload-sweeper", lambda _pool: upload_sweeper(desk).run())
    app.include_router(web.router(desk))
    app.include_router(application_web.router(desk))
    app.include_router(documents_web.router(desk))
    app.include_router(standard_pages.router(runtime))
    # Outermost: a body past the limit is refused before the runtime would drain or the form parser spool it.
    app.add_middleware(BodyLimit, per_file=desk.max_upload_bytes)
    return app
