"""The notifier's composition root."""

from __future__ import annotations

import functools

from fastapi import FastAPI

from contracts.helpdesk import TicketOpenedV1
from contracts.registration import ApplicationSubmittedV1, EmailVerificationRequestedV1
from contracts.verification import (
    AccountActivatedV1,
    AggregationRefusedV1,
    AggregationRequestedV1,
    CaseClaimedV1,
    CaseHandedOverV1,
    CaseInvitedV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    PasswordResetRequestedV1,
    ProviderAggregatedV1,
)
from lpse_runtime.clock import Clock
from lpse_runtime.service import ServiceRuntime
from notifier import handlers, web
from notifier.mailer import Mailer, SmtpTarget
from notifier.sender import DeliverySender
from notifier.settings import Settings

SERVICE = "notifier"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the notifier: a consumer per fact that reaches a person, the sender loop, the deliveries pages."""
    settings = settings or Settings()
    runtime = ServiceRuntime(SERVICE, settings, clock=clock)
    fetcher = handlers.DocumentFetcher()
    runtime.add_worker("document-client", lambda _: fetcher.hold_open())
    record = functools.partial(
        handlers.record, clock=runtime.clock, profiles=runtime.profiles, sender=settings.mail_from, fetch=fetcher
    )
    runtime.consume("notifier-on-email-verification_requested", EmailVerificationRequestedV1, record)
    runtime.consume("notifier-on-application-submitted", ApplicationSubmittedV1, record)
    runtime.consume("notifier-on-case-claimed", CaseClaimedV1, record)
    runtime.consume("notifier-on-case-invited", CaseInvitedV1, record)
    runtime.consume("notifier-on-case-handed_over", CaseHandedOverV1, record)
    runtime.consume("notifier-on-case-returned", CaseReturnedV1, record)
    runtime.consume("notifier-on-case-rejected", CaseRejectedV1, record)
    runtime.consume("notifier-on-case-resumed", CaseResumedV1, record)
    runtime.consume("notifier-on-account-activated", AccountActivatedV1, record)
    runtime.consume("notifier-on-account-password_reset_requested", PasswordResetRequestedV1, record)
    runtime.consume("notifier-on-ticket-opened", TicketOpenedV1, record)
    runtime.consume("notifier-on-aggregation-requested", AggregationRequestedV1, record)
    runtime.consume("notifier-on-aggregation-completed", ProviderAggregatedV1, record)
    runtime.consume("notifier-on-aggregation-refused", AggregationRefusedV1, record)
    mailer = Mailer(SmtpTarget.from_url(settings.smtp_url))
    runtime.add_worker(
        "sender", lambda pool: DeliverySender(pool, mailer, runtime.clock, settings, runtime.registry).run()
    )
    app = runtime.app(prefix="/notifier", title="Notifier")
    app.include_router(web.router(runtime))
    return app
