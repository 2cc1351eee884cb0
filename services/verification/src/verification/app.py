"""Verification's composition root."""

from __future__ import annotations

import functools

from fastapi import FastAPI

from contracts.registration import ApplicationResubmittedV1, ApplicationSubmittedV1
from lpse_runtime.clock import Clock
from lpse_runtime.service import ServiceRuntime
from verification import accounts_web, agregasi_web, handlers, web
from verification.settings import Settings

SERVICE = "verification"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the verification app: the consumer of applications, the staff console, health."""
    runtime = ServiceRuntime(SERVICE, settings or Settings(), clock=clock)
    runtime.consume(
        "verification-on-application-submitted",
        ApplicationSubmittedV1,
        functools.partial(handlers.on_application_submitted, clock=runtime.clock, profiles=runtime.profiles),
    )
    runtime.consume(
        "verification-on-application-resubmitted",
        ApplicationResubmittedV1,
        functools.partial(handlers.on_application_resubmitted, clock=runtime.clock, profiles=runtime.profiles),
    )
    runtime.on_timer(handlers.on_timer)
    app = runtime.app(prefix="/staf", title="Verifikasi penyedia")
    app.include_router(web.router(runtime))
    app.include_router(agregasi_web.router(runtime))
    app.include_router(accounts_web.router(runtime))
    return app
