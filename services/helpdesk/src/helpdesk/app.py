"""Helpdesk's composition root."""

from __future__ import annotations

import functools
from datetime import datetime

import asyncpg
from fastapi import FastAPI

from helpdesk import handlers, lkpp_web, staff_console, status_web, web
from helpdesk.accounts import audit_web as accounts_audit_web
from helpdesk.accounts import clocks as account_clocks
from helpdesk.accounts import console as accounts_console
from helpdesk.accounts import handlers as account_handlers
from helpdesk.accounts import web as accounts_web
from helpdesk.complaints import clocks as complaint_clocks
from helpdesk.complaints import console as complaints_console
from helpdesk.complaints import usecases as complaints_usecases
from helpdesk.complaints import web as complaints_web
from helpdesk.settings import Settings
from helpdesk.survey import staff_web as survey_staff_web
from helpdesk.survey import web as survey_web
from lpse_runtime.clock import Clock
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.timers import Timer

SERVICE = "helpdesk"
TICKET_TIMER_KINDS = ("reminder", "breach", "auto_close")


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the helpdesk app: ticket intake, LKPP's callback, the gateway's answers, the ticket clocks, health."""
    settings = settings or Settings()
    runtime = ServiceRuntime(SERVICE, settings, clock=clock)
    app = runtime.app(prefix="/helpdesk", title="Helpdesk")
    app.include_router(lkpp_web.router(runtime))
    # The staff console and the status page first: '/helpdesk/staf/' and '/helpdesk/tiket/' are no LPSE's intake.
    app.include_router(staff_console.router(runtime))
    # internal accounts and auditor access: before '/{lpse}/', which would otherwise take 'staf' and 'akun'
    account_desk = functools.partial(accounts_web.desk_of, runtime)
    app.include_router(accounts_audit_web.router)
    app.include_router(accounts_console.router)
    app.include_router(accounts_web.router(runtime))
    runtime.on_timer(account_handlers.timer_handler(account_desk), kinds=account_clocks.KINDS)
    runtime.consume(account_handlers.DURABLE, account_handlers.identity_dispatch(account_desk))
    app.include_router(status_web.router(runtime))
    app.include_router(web.router(runtime))
    # the satisfaction survey (SKM): the reporter's form and the head's results
    app.include_router(survey_web.router(runtime))
    app.include_router(survey_staff_web.router(runtime))
    # complaints (pengaduan): the staff desk before the public pages, whose /{lpse}/ would otherwise take "staf"
    app.include_router(complaints_console.router)
    app.include_router(complaints_web.router(runtime))
    runtime.on_timer(functools.partial(complaint_deadline_due, runtime), kinds=complaint_clocks.KINDS)
    runtime.consume(handlers.DURABLE, handlers.gateway_dispatch(runtime.profiles, settings))
    # the ticket desk's timers, beside the complaints' own kinds (two workers must claim disjoint kinds)
    runtime.on_timer(handlers.timer_handler(runtime.profiles, settings), kinds=TICKET_TIMER_KINDS)
    return app


async def complaint_deadline_due(
    runtime: ServiceRuntime, conn: asyncpg.Connection, timer: Timer, now: datetime
) -> None:
    """A complaint clock's reminder or breach timer is due."""
    await complaints_usecases.deadline_due(complaints_web.desk_of(runtime), conn, timer, now)
