"""A case opens from an application: announced at once, and at the counter the applicant is invited."""

from __future__ import annotations

import uuid
from datetime import datetime

from contracts.envelope import Actor
from contracts.lpse import ServiceStandard, VerificationMode
from contracts.registration import ApplicationSubmittedV1
from contracts.verification import CaseInvitedV1, CaseOpenedV1
from lpse_runtime.decision import AuditEntry, Decided
from verification.domain.case import OPENING_STATUS, CaseStatus
from verification.domain.checklist import asked, documents_to_bring

OPENER = Actor.system("verification")


def case_id_of(application_id: uuid.UUID) -> uuid.UUID:
    """One case per application, whichever delivery of the fact opens it."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"verification-case:{application_id}")


def opening(
    event: ApplicationSubmittedV1,
    *,
    service: ServiceStandard,
    mode: VerificationMode,
    now: datetime,
    due_at: datetime | None,
) -> Decided[CaseStatus]:
    """The opening status, the case-opened fact (with its first due instant, online) and the invitation (counter)."""
    case_id = case_id_of(event.application_id)
    about = {
        "occurred_at": now,
        "actor": OPENER,
        "case_id": case_id,
        "application_id": event.application_id,
        "reference": event.reference,
        "applicant_email": event.email,
        "director_name": event.director_name,
        "status_url": event.status_url,
        "language": event.language,
        "deadline_text": service.clocks[0].deadline.text if service.clocks else None,
        **event.caused(),
    }
    opened = CaseOpenedV1(**about, due_at=due_at)
    bring = documents_to_bring(asked(service.documents, event.provider_type, by_proxy=event.by_proxy))
    invited = (CaseInvitedV1(**about, service_id=service.id, bring=bring),) if mode == "loket" else ()
    status = OPENING_STATUS[mode]
    audit = AuditEntry(
        at=now,
        actor=OPENER,
        entity="case",
        entity_id=str(case_id),
        action="open",
        before=None,
        after=status.value,
        reason=f"event {event.event_id}",
    )
    return Decided(status, (opened, *invited), audit)
