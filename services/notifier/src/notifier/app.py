"""The notifier's composition root."""

from __future__ import annotations

import functools

from fastapi import FastAPI

from contracts.helpdesk import TicketOpenedV1
from contracts.registration import ApplicationSubmittedV1
from contracts.verification import AccountActivatedV1, CaseClaimedV1, CaseReturnedV1
from lpse_runtime.clock import Clock
from lpse_runtime.service import ServiceRuntime
from notifier import handlers, web
from notifier.mailer import Mailer, SmtpTarget
from notifier.settings import Settings

SERVICE = "notifier"


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, mailer: Mailer | None = None
) -> FastAPI:
    """Build the notifier app: one consumer per fact that reaches the applicant, the deliveries page, health."""
    settings = settings or Settings()
    runtime = ServiceRuntime(SERVICE, settings, clock=clock)
    notify = functools.partial(
        handlers.notify,
        clock=runtime.clock,
        mailer=mailer or Mailer(SmtpTarget.from_url(settings.smtp_url)),
        profiles=runtime.profiles,
        sender=settings.mail_from,
    )
    runtime.consume("notifier-on-application-submitted", ApplicationSubmittedV1, notify)
    runtime.consume("notifier-on-case-claimed", CaseClaimedV1, notify)
    runtime.consume("notifier-on-case-returned", CaseReturnedV1, notify)
    runtime.consume("notifier-on-account-activated", AccountActivatedV1, notify)
    runtime.consume("notifier-on-ticket-opened", TicketOpenedV1, notify)
    app = runtime.app(prefix="/notifier", title="Notifier")
    app.include_router(web.router(runtime))
    return app
