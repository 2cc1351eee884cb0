"""The notifier's composition root."""

from __future__ import annotations

import functools

from fastapi import FastAPI

from contracts.envelope import Event
from contracts.registration import ApplicationSubmittedV1, EmailVerificationRequestedV1
from contracts.verification import (
    AccountActivatedV1,
    AggregationRefusedV1,
    AggregationRequestedV1,
    CaseClaimedV1,
    CaseDeadlineBreachedV1,
    CaseHandedOverV1,
    CaseInvitedV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    PasswordResetRequestedV1,
    ProviderAggregatedV1,
)
from lpse_runtime.clock import Clock
from lpse_runtime.consumer import Dispatch, Handler
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime
from notifier import handlers, web
from notifier.account_request_emails import ACCOUNT_REQUEST_TEMPLATES
from notifier.forensic_emails import FORENSIC_TEMPLATES
from notifier.helpdesk_emails import HELPDESK_TEMPLATES
from notifier.identity_emails import IDENTITY_TEMPLATES
from notifier.mailer import Mailer, SmtpTarget
from notifier.provider_account_emails import PROVIDER_ACCOUNT_TEMPLATES
from notifier.schedule_emails import SCHEDULE_TEMPLATES
from notifier.sender import DeliverySender
from notifier.settings import Settings

SERVICE = "notifier"


def every(record: Handler[Event], *models: type[Event]) -> Dispatch:
    """One handler, the recorder of emails, for each of these facts."""
    dispatch = Dispatch()
    for model in models:
        dispatch.on(model, record)
    return dispatch


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the notifier: a durable per owner's stream of facts that reach a person, the sender, the pages."""
    settings = settings or Settings()
    runtime = ServiceRuntime(SERVICE, settings, clock=clock)
    fetcher = handlers.DocumentFetcher()
    runtime.add_worker("document-client", lambda _: fetcher.hold_open())
    record = functools.partial(
        handlers.record,
        clock=runtime.clock,
        profiles=runtime.profiles,
        sender=settings.mail_from,
        box=link_box(settings),
        fetch=fetcher,
        base_url=settings.public_base_url,
    )
    runtime.consume("notifier-from-registration", every(record, EmailVerificationRequestedV1, ApplicationSubmittedV1))
    runtime.consume(
        "notifier-from-verification",
        every(
            record,
            CaseClaimedV1,
            CaseInvitedV1,
            CaseHandedOverV1,
            CaseReturnedV1,
            CaseRejectedV1,
            CaseResumedV1,
            AccountActivatedV1,
            PasswordResetRequestedV1,
            AggregationRequestedV1,
            ProviderAggregatedV1,
            AggregationRefusedV1,
            CaseDeadlineBreachedV1,
            *PROVIDER_ACCOUNT_TEMPLATES,
        ),
    )
    helpdesk_facts = (*HELPDESK_TEMPLATES, *SCHEDULE_TEMPLATES, *FORENSIC_TEMPLATES, *ACCOUNT_REQUEST_TEMPLATES)
    runtime.consume("notifier-from-helpdesk", every(record, *helpdesk_facts))
    runtime.consume("notifier-from-identity", every(record, *IDENTITY_TEMPLATES))
    mailer = Mailer(SmtpTarget.from_url(settings.smtp_url))
    runtime.add_worker(
        "sender", lambda pool: DeliverySender(pool, mailer, runtime.clock, settings, runtime.registry).run()
    )
    app = runtime.app(prefix="/notifier", title="Notifier")
    app.include_router(web.router(runtime))
    return app
