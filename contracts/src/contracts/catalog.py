"""Every event class on the wire, in one place, for contract tests, AsyncAPI and operators."""

from __future__ import annotations

from contracts.account_requests import ACCOUNT_REQUEST_EVENTS
from contracts.audit import AuditHeadAnchoredV1
from contracts.complaints import COMPLAINT_EVENTS
from contracts.envelope import Event
from contracts.forensic import FORENSIC_EVENTS
from contracts.gateway import (
    ForensicAnsweredV1,
    ForensicForwardedV1,
    ForensicForwardRefusedV1,
    ProviderChangeForwardedV1,
    ProviderChangeForwardRefusedV1,
    TicketForwardedV1,
    TicketForwardRefusedV1,
)
from contracts.helpdesk import (
    TicketAnsweredByLkppV1,
    TicketClaimedV1,
    TicketClosedV1,
    TicketDeadlineApproachingV1,
    TicketDeadlineBreachedV1,
    TicketEscalatedV1,
    TicketInfoRequestedV1,
    TicketOpenedV1,
    TicketRatedV1,
    TicketReopenedV1,
    TicketRepliedV1,
    TicketResolvedV1,
)
from contracts.identity import (
    INTERNAL_ACCOUNT_EVENTS,
    StaffAccountChangedV1,
    StaffAccountCreatedV1,
    StaffPasswordChangedV1,
)
from contracts.notifier import NotificationFailedV1, NotificationSentV1
from contracts.provider_account import PROVIDER_ACCOUNT_EVENTS
from contracts.registration import ApplicationResubmittedV1, ApplicationSubmittedV1, EmailVerificationRequestedV1
from contracts.schedule_change import SCHEDULE_CHANGE_EVENTS
from contracts.skm import SurveySubmittedV1
from contracts.verification import (
    AccountActivatedV1,
    AggregationRefusedV1,
    AggregationRequestedV1,
    CaseCheckedInV1,
    CaseClaimedV1,
    CaseDeadlineApproachingV1,
    CaseDeadlineBreachedV1,
    CaseHandedOverV1,
    CaseInvitedV1,
    CaseOpenedV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    CaseVerifiedV1,
    PasswordResetRequestedV1,
    ProviderAggregatedV1,
)

EVENTS: tuple[type[Event], ...] = (
    EmailVerificationRequestedV1,
    ApplicationSubmittedV1,
    ApplicationResubmittedV1,
    CaseOpenedV1,
    CaseInvitedV1,
    CaseCheckedInV1,
    CaseHandedOverV1,
    CaseClaimedV1,
    CaseReturnedV1,
    CaseResumedV1,
    CaseRejectedV1,
    CaseVerifiedV1,
    AccountActivatedV1,
    PasswordResetRequestedV1,
    AggregationRequestedV1,
    ProviderAggregatedV1,
    AggregationRefusedV1,
    CaseDeadlineApproachingV1,
    CaseDeadlineBreachedV1,
    TicketOpenedV1,
    TicketEscalatedV1,
    TicketClaimedV1,
    TicketRepliedV1,
    TicketInfoRequestedV1,
    TicketAnsweredByLkppV1,
    TicketResolvedV1,
    TicketReopenedV1,
    TicketClosedV1,
    TicketRatedV1,
    TicketDeadlineApproachingV1,
    TicketDeadlineBreachedV1,
    TicketForwardedV1,
    TicketForwardRefusedV1,
    NotificationSentV1,
    NotificationFailedV1,
    # the helpdesk: the satisfaction survey (SKM) of a closed case
    SurveySubmittedV1,
    StaffAccountCreatedV1,
    StaffAccountChangedV1,
    StaffPasswordChangedV1,
    AuditHeadAnchoredV1,
    # complaints (pengaduan), helpdesk
    *COMPLAINT_EVENTS,
    # the Admin PPE's desk (helpdesk): ubah jadwal, uji forensik, internal accounts; identity's answers; the gateway
    *SCHEDULE_CHANGE_EVENTS,
    *FORENSIC_EVENTS,
    *ACCOUNT_REQUEST_EVENTS,
    *INTERNAL_ACCOUNT_EVENTS,
    ForensicForwardedV1,
    ForensicAnsweredV1,
    ForensicForwardRefusedV1,
    # the provider's account after activation (verification): requests, changes, deactivation, reactivation
    *PROVIDER_ACCOUNT_EVENTS,
    # an aggregated account's change as LKPP took it (the gateway)
    ProviderChangeForwardedV1,
    ProviderChangeForwardRefusedV1,
)


def by_subject_template() -> dict[str, type[Event]]:
    """Event classes keyed by their subject template."""
    return {event.subject_template: event for event in EVENTS}


def event_for_subject(subject: str) -> type[Event] | None:
    """The event class whose template matches a concrete subject, if any."""
    parts = subject.split(".")
    if len(parts) != 5:
        return None
    template = ".".join([parts[0], "{lpse}", *parts[2:]])
    return by_subject_template().get(template)
