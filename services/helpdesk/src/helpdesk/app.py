"""Helpdesk's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from helpdesk import web
from helpdesk.settings import Settings
from helpdesk.survey import staff_web as survey_staff_web
from helpdesk.survey import web as survey_web
from lpse_runtime.clock import Clock
from lpse_runtime.service import ServiceRuntime

SERVICE = "helpdesk"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the helpdesk app: ticket intake, health."""
    runtime = ServiceRuntime(SERVICE, settings or Settings(), clock=clock)
    app = runtime.app(prefix="/helpdesk", title="Helpdesk")
    app.include_router(web.router(runtime))
    # the satisfaction survey (SKM): the reporter's form and the head's results
    app.include_router(survey_web.router(runtime))
    app.include_router(survey_staff_web.router(runtime))
    return app
