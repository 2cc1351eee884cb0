"""Verification's composition root."""

from __future__ import annotations

import functools

from fastapi import FastAPI

from contracts.registration import ApplicationResubmittedV1, ApplicationSubmittedV1
from lpse_runtime.clock import Clock
from lpse_runtime.consumer import Dispatch
from lpse_runtime.service import ServiceRuntime
from verification import accounts_web, agregasi_web, handlers, provider_admin_web, staff_console
from verification.account_requests import clocks as request_clocks
from verification.account_requests import provider_web as request_pages
from verification.account_requests import staff_web as request_desk_web
from verification.account_requests.desk_usecases import RequestDesk
from verification.provider_area import web as provider_area_web
from verification.settings import Settings
from verification.usecases.desk import CaseDesk

SERVICE = "verification"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the verification app: the consumer of applications, the staff console, health."""
    runtime = ServiceRuntime(SERVICE, settings or Settings(), clock=clock)
    clock, profiles = runtime.clock, runtime.profiles
    submitted = functools.partial(handlers.on_application_submitted, clock=clock, profiles=profiles)
    resubmitted = functools.partial(handlers.on_application_resubmitted, clock=clock, profiles=profiles)
    runtime.consume(
        "verification-from-registration",
        Dispatch().on(ApplicationSubmittedV1, submitted).on(ApplicationResubmittedV1, resubmitted),
    )
    runtime.on_timer(handlers.on_timer, kinds=handlers.CASE_TIMER_KINDS)
    request_desk = RequestDesk(runtime)
    runtime.on_timer(handlers.request_timer(runtime.settings), kinds=request_clocks.KINDS)
    app = runtime.app(prefix="/staf", title="Verifikasi penyedia")
    app.state.case_desk = CaseDesk.of(runtime)
    app.state.request_desk = request_desk
    app.include_router(staff_console.router)
    app.include_router(agregasi_web.router(runtime))
    app.include_router(accounts_web.router(runtime))
    app.include_router(request_desk_web.router)
    app.include_router(provider_admin_web.router)
    app.include_router(provider_area_web.router(runtime))  # the provider's signed-in area under /akun/
    app.include_router(request_pages.router(runtime))  # its requests: file, follow, withdraw; the email proof
    return app
