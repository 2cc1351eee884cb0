"""Registration's pure domain: the application state machine, moved by verification's facts.

`decide()` returns `Decided` (the step to save and its audit row); the use cases store it with one `commit`. The
form's rules live in `registration.form`, the applicant's own decisions in `registration.submission`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import assert_never

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
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.machine import transition


class ApplicationStatus(StrEnum):
    """Where an application stands, as the applicant's status page shows it."""

    SUBMITTED = "submitted"
    IN_VERIFICATION = "in_verification"
    RETURNED = "returned"
    REJECTED = "rejected"
    ACTIVE = "active"
    AGGREGATION_REQUESTED = "aggregation_requested"
    AGGREGATED = "aggregated"
    AGGREGATION_REFUSED = "aggregation_refused"


class Trigger(StrEnum):
    """What moves an application: facts from verification."""

    VERIFICATION_STARTED = "verification_started"
    DOCUMENTS_RETURNED = "documents_returned"
    VERIFICATION_RESUMED = "verification_resumed"
    APPLICATION_REJECTED = "application_rejected"
    AGGREGATION_REQUESTED = "aggregation_requested"
    AGGREGATION_COMPLETED = "aggregation_completed"
    AGGREGATION_REFUSED = "aggregation_refused"
    ACCOUNT_ACTIVATED = "account_activated"


# Verification's facts reach registration in the order they were committed (one ordered durable), so the table
# holds only the steps a case really takes; aggregation can also complete without a request (self-activation).
TRANSITIONS: dict[tuple[ApplicationStatus, Trigger], ApplicationStatus] = {
    (ApplicationStatus.SUBMITTED, Trigger.VERIFICATION_STARTED): ApplicationStatus.IN_VERIFICATION,
    (ApplicationStatus.IN_VERIFICATION, Trigger.DOCUMENTS_RETURNED): ApplicationStatus.RETURNED,
    (ApplicationStatus.RETURNED, Trigger.VERIFICATION_RESUMED): ApplicationStatus.IN_VERIFICATION,
    (ApplicationStatus.IN_VERIFICATION, Trigger.APPLICATION_REJECTED): ApplicationStatus.REJECTED,
    (ApplicationStatus.IN_VERIFICATION, Trigger.ACCOUNT_ACTIVATED): ApplicationStatus.ACTIVE,
    (ApplicationStatus.ACTIVE, Trigger.AGGREGATION_REQUESTED): ApplicationStatus.AGGREGATION_REQUESTED,
    (ApplicationStatus.AGGREGATION_REFUSED, Trigger.AGGREGATION_REQUESTED): ApplicationStatus.AGGREGATION_REQUESTED,
    (ApplicationStatus.AGGREGATION_REQUESTED, Trigger.AGGREGATION_COMPLETED): ApplicationStatus.AGGREGATED,
    (ApplicationStatus.AGGREGATION_REQUESTED, Trigger.AGGREGATION_REFUSED): ApplicationStatus.AGGREGATION_REFUSED,
    (ApplicationStatus.ACTIVE, Trigger.AGGREGATION_COMPLETED): ApplicationStatus.AGGREGATED,
}

STATUS_LABEL: dict[ApplicationStatus, str] = {
    ApplicationStatus.SUBMITTED: "Permohonan diterima, menunggu verifikasi",
    ApplicationStatus.IN_VERIFICATION: "Sedang diverifikasi oleh verifikator",
    ApplicationStatus.RETURNED: "Berkas dikembalikan, mohon dilengkapi",
    ApplicationStatus.REJECTED: "Permohonan ditolak",
    ApplicationStatus.ACTIVE: "Akun aktif",
    ApplicationStatus.AGGREGATION_REQUESTED: "Akun aktif; permohonan agregasi dikirim ke LKPP",
    ApplicationStatus.AGGREGATED: "Akun aktif dan teragregasi: berlaku di seluruh LPSE",
    ApplicationStatus.AGGREGATION_REFUSED: "Akun aktif; agregasi ditolak LKPP",
}

# The steps an applicant sees, in order; a returned file is still at the verification step.
STEPS: tuple[ApplicationStatus, ...] = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_VERIFICATION,
    ApplicationStatus.ACTIVE,
)
STEP_OF: dict[ApplicationStatus, ApplicationStatus] = {
    ApplicationStatus.RETURNED: ApplicationStatus.IN_VERIFICATION,
    ApplicationStatus.REJECTED: ApplicationStatus.IN_VERIFICATION,
    ApplicationStatus.AGGREGATION_REQUESTED: ApplicationStatus.ACTIVE,
    ApplicationStatus.AGGREGATED: ApplicationStatus.ACTIVE,
    ApplicationStatus.AGGREGATION_REFUSED: ApplicationStatus.ACTIVE,
}

# What the status page says while the file is back with the applicant, and once what was asked is uploaded again
# (until verification takes the file up again, the application is still 'returned').
RESUBMITTED_LABEL = "Dokumen yang diminta sudah diterima, verifikasi dilanjutkan"

# Verification's facts that move the status, and those of a visit to the counter, which add a step only.
StatusFact = (
    CaseClaimedV1
    | CaseReturnedV1
    | CaseResumedV1
    | CaseRejectedV1
    | AccountActivatedV1
    | AggregationRequestedV1
    | ProviderAggregatedV1
    | AggregationRefusedV1
)
CounterFact = CaseInvitedV1 | CaseCheckedInV1 | CaseHandedOverV1


def step_of(status: ApplicationStatus) -> ApplicationStatus:
    """The step of the progress bar a status belongs to."""
    return STEP_OF.get(status, status)


def shown_label(status: ApplicationStatus, resubmitted: bool) -> str:
    """The status as true now: a returned file whose documents came back reads as received, not as returned."""
    if status is ApplicationStatus.RETURNED and resubmitted:
        return RESUBMITTED_LABEL
    return STATUS_LABEL[status]


# -- the states a decision leaves ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Application:
    """An application as its state machine sees it."""

    id: uuid.UUID
    status: ApplicationStatus


@dataclass(frozen=True)
class Deadline:
    """The service deadline the status page shows (no instant while the clock is paused; no text keeps the last)."""

    application_id: uuid.UUID
    due_at: datetime | None
    text: str | None


@dataclass(frozen=True)
class Step:
    """A step the status page lists: the status from then on, what the applicant reads, and what comes with it."""

    application_id: uuid.UUID
    status: ApplicationStatus
    at: datetime
    note: str
    user_id: str | None = None  # once the account is active
    returned_items: tuple[str, ...] | None = None  # the documents a return asks again
    deadline: Deadline | None = None  # the clock running again on resumption


@dataclass(frozen=True)
class CounterVisit:
    """Where the visit to the counter stands, listed as a step under the application's unchanged status."""

    step: Step
    stage: str
    bring: tuple[dict[str, object], ...] | None = None
    due_at: datetime | None = None
    deadline_text: str | None = None


# -- the decisions ------------------------------------------------------------------------------------------------


def reading(fact: StatusFact) -> tuple[Trigger, str]:
    """The trigger a verification fact is, and the note the status page lists for it."""
    match fact:
        case CaseClaimedV1():
            return Trigger.VERIFICATION_STARTED, "Berkas sedang diperiksa oleh verifikator."
        case CaseReturnedV1():
            return Trigger.DOCUMENTS_RETURNED, f"Berkas dikembalikan: {fact.reason}"
        case CaseResumedV1():
            return Trigger.VERIFICATION_RESUMED, "Berkas yang dilengkapi diterima; verifikasi dilanjutkan."
        case CaseRejectedV1():
            return Trigger.APPLICATION_REJECTED, f"Permohonan ditolak: {fact.reason}"
        case AccountActivatedV1():
            return Trigger.ACCOUNT_ACTIVATED, f"Akun aktif dengan User ID {fact.user_id}."
        case AggregationRequestedV1():
            return Trigger.AGGREGATION_REQUESTED, f"Permohonan agregasi {fact.request_ref} dikirim ke LKPP."
        case ProviderAggregatedV1():
            return Trigger.AGGREGATION_COMPLETED, "Akun teragregasi; dapat digunakan di seluruh LPSE."
        case AggregationRefusedV1():
            return Trigger.AGGREGATION_REFUSED, f"Agregasi ditolak LKPP: {fact.reason}"
        case _:
            assert_never(fact)


def decide(application: Application, fact: StatusFact) -> Decided[Step]:
    """The step a verification fact moves the application to, audited; TransitionRefused when the table has none."""
    trigger, note = reading(fact)
    after = transition(TRANSITIONS, application.status, trigger)
    step = Step(
        application.id,
        after,
        fact.occurred_at,
        note,
        user_id=fact.user_id if isinstance(fact, AccountActivatedV1) else None,
        returned_items=tuple(fact.items) if isinstance(fact, CaseReturnedV1) else None,
        deadline=Deadline(application.id, fact.due_at, None) if isinstance(fact, CaseResumedV1) else None,
    )
    audit = AuditEntry(
        at=fact.occurred_at,
        actor=fact.actor,
        entity="application",
        entity_id=str(application.id),
        action=trigger.value,
        before=application.status.value,
        after=after.value,
        reason=f"event {fact.event_id}",
    )
    return Decided(step, audit=audit)


COUNTER_NOTE: dict[str, str] = {
    "invited": "Undangan ke loket LPSE dikirim ke email Anda.",
    "checked_in": "Kedatangan Anda di loket tercatat.",
    "handed_over": "Berkas diterima di loket; tenggat layanan mulai berjalan.",
}


def visit(application: Application, fact: CounterFact) -> Decided[CounterVisit]:
    """A step of the visit to the counter: what to bring, the arrival, the hand-over that starts the clock."""
    bring: tuple[dict[str, object], ...] | None = None  # None keeps the list shown before
    due_at: datetime | None = None
    text: str | None = None
    match fact:
        case CaseInvitedV1():
            stage, bring = "invited", tuple(d.model_dump() for d in fact.bring)
        case CaseCheckedInV1():
            stage = "checked_in"
        case CaseHandedOverV1():
            stage, due_at, text = "handed_over", fact.due_at, fact.deadline_text
        case _:
            assert_never(fact)
    step = Step(application.id, application.status, fact.occurred_at, COUNTER_NOTE[stage])
    return Decided(CounterVisit(step, stage, bring, due_at, text))


def deadline_shown(fact: CaseOpenedV1) -> Decided[Deadline]:
    """The case is in the LPSE's queue: its service deadline (none yet for a counter visit, whose clock starts at
    hand-over)."""
    return Decided(Deadline(fact.application_id, fact.due_at, fact.deadline_text))
