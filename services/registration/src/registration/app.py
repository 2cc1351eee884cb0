"""Registration's composition root."""

from __future__ import annotations

from fastapi import FastAPI

from contracts.verification import (
    AccountActivatedV1,
    AggregationRefusedV1,
    AggregationRequestedV1,
    CaseCheckedInV1,
    CaseClaimedV1,
    CaseHandedOverV1,
    CaseInvitedV1,
    CaseOpenedV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    ProviderAggregatedV1,
)
from lpse_runtime.clock import Clock
from lpse_runtime.service import ServiceRuntime
from registration import application_web, handlers, standard_pages, web
from registration.settings import Settings

SERVICE = "registration"


def create_app(settings: Settings | None = None, *, clock: Clock | None = None) -> FastAPI:
    """Build the registration app: consumers, public pages, health."""
    runtime = ServiceRuntime(SERVICE, settings or Settings(), clock=clock)
    runtime.consume("registration-on-case-opened", CaseOpenedV1, handlers.on_case_opened)
    runtime.consume("registration-on-case-claimed", CaseClaimedV1, handlers.on_case_claimed)
    runtime.consume("registration-on-case-invited", CaseInvitedV1, handlers.on_case_invited)
    runtime.consume("registration-on-case-checked_in", CaseCheckedInV1, handlers.on_case_checked_in)
    runtime.consume("registration-on-case-handed_over", CaseHandedOverV1, handlers.on_case_handed_over)
    runtime.consume("registration-on-account-activated", AccountActivatedV1, handlers.on_account_activated)
    runtime.consume("registration-on-case-returned", CaseReturnedV1, handlers.on_case_returned)
    runtime.consume("registration-on-case-resumed", CaseResumedV1, handlers.on_case_resumed)
    runtime.consume("registration-on-case-rejected", CaseRejectedV1, handlers.on_case_rejected)
    runtime.consume("registration-on-aggregation-requested", AggregationRequestedV1, handlers.on_aggregation_requested)
    runtime.consume("registration-on-aggregation-completed", ProviderAggregatedV1, handlers.on_aggregation_completed)
    runtime.consume("registration-on-aggregation-refused", AggregationRefusedV1, handlers.on_aggregation_refused)
    app = runtime.app(prefix="/daftar", title="Registrasi penyedia")
    app.include_router(web.router(runtime))
    app.include_router(application_web.router(runtime))
    app.include_router(standard_pages.router(runtime))
    return app
