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
from helpdesk.forensic import audit_web as forensic_audit_web
from helpdesk.forensic import clocks as forensic_clocks
from helpdesk.forensic import console as forensic_console
from helpdesk.forensic import gateway as forensic_gateway
from helpdesk.forensic import web as forensic_web
from helpdesk.schedule import audit_web as schedule_audit_web
from helpdesk.schedule import clocks as schedule_clocks
from helpdesk.schedule import console as schedule_console
from helpdesk.schedule import usecases as schedule_usecases
from helpdesk.schedule import web as schedule_web
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
    # ubah jadwal (DPK-2c): the Pokja's fixed paths before the desk's /{id}, all before the LPSE intake's /{lpse}/
    app.include_router(schedule_web.router)
    app.include_router(schedule_console.router)
    app.include_router(schedule_audit_web.router)
    runtime.on_timer(functools.partial(schedule_deadline_due, runtime), kinds=schedule_clocks.KINDS)
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
    # uji forensik (DPK-2d): the Pokja's and staff's desks before the catch-all /{lpse}/ pages; its own timer kinds;
    # its files in the HELPDESK_FORENSIC bucket; LKPP's and BSSN's word arrives on the gateway durable below
    app.include_router(forensic_web.router)
    app.include_router(forensic_console.router)
    app.include_router(forensic_audit_web.router)
    runtime.on_timer(functools.partial(forensic_deadline_due, runtime), kinds=forensic_clocks.KINDS)
    forensic_desk = functools.partial(forensic_web.desk_of, runtime)
    app.include_router(web.router(runtime))
    # the satisfaction survey (SKM): the reporter's form and the head's results
    app.include_router(survey_web.router(runtime))
    app.include_router(survey_staff_web.router(runtime))
    # complaints (pengaduan): the staff desk before the public pages, whose /{lpse}/ would otherwise take "staf"
    app.include_router(complaints_console.router)
    app.include_router(complaints_web.router(runtime))
    runtime.on_timer(functools.partial(complaint_deadline_due, runtime), kinds=complaint_clocks.KINDS)
    runtime.consume(handlers.DURABLE, handlers.gateway_dispatch(runtime.profiles, settings, forensic_desk))
    # the ticket desk's timers, beside the complaints' own kinds (two workers must claim disjoint kinds)
    runtime.on_timer(handlers.timer_handler(runtime.profiles, settings), kinds=TICKET_TIMER_KINDS)
    return app


async def complaint_deadline_due(
    runtime: ServiceRuntime, conn: asyncpg.Connection, timer: Timer, now: datetime
) -> None:
    """A complaint clock's reminder or breach timer is due."""
    await complaints_usecases.deadline_due(complaints_web.desk_of(runtime), conn, timer, now)


async def schedule_deadline_due(runtime: ServiceRuntime, conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
    """An ubah-jadwal clock's reminder or breach timer is due."""
    await schedule_usecases.deadline_due(schedule_web.desk_of(runtime), conn, timer, now)


async def forensic_deadline_due(runtime: ServiceRuntime, conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
    """The forensic test's local clock: its reminder or breach timer is due."""
    await forensic_gateway.deadline_due(forensic_web.desk_of(runtime), conn, timer, now)
