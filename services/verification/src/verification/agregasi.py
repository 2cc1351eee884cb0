"""Agregasi data penyedia (ADP), pure: the provider's aggregation state machine in each LPSE's mode.

Temanggung: the provider confirms the data and activates it (mandiri). Banjarmasin: the verifier sends the request
to LKPP, whose answer arrives by a signed callback or is entered by the verifier (via_lkpp).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from contracts.envelope import Actor, Event, Language
from contracts.verification import AggregationRefusedV1, AggregationRequestedV1, ProviderAggregatedV1
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.machine import TransitionRefused, transition

LKPP = Actor(id="lkpp", role="system")


class AggregationStatus(StrEnum):
    """Where a provider account stands in LKPP's aggregation."""

    NONE = "none"
    REQUESTED = "requested"
    AGGREGATED = "aggregated"
    REFUSED = "refused"


class AggregationTrigger(StrEnum):
    """What moves it."""

    SELF_ACTIVATE = "self_activate"  # the provider's "Lakukan Aktivasi" (mandiri)
    REQUEST = "request"  # the verifier sends the ADP request to LKPP (via_lkpp)
    LKPP_AGGREGATED = "lkpp_aggregated"
    LKPP_REFUSED = "lkpp_refused"


TRANSITIONS: dict[tuple[AggregationStatus, AggregationTrigger], AggregationStatus] = {
    (AggregationStatus.NONE, AggregationTrigger.SELF_ACTIVATE): AggregationStatus.AGGREGATED,
    (AggregationStatus.NONE, AggregationTrigger.REQUEST): AggregationStatus.REQUESTED,
    (AggregationStatus.REFUSED, AggregationTrigger.REQUEST): AggregationStatus.REQUESTED,
    (AggregationStatus.REQUESTED, AggregationTrigger.LKPP_AGGREGATED): AggregationStatus.AGGREGATED,
    (AggregationStatus.REQUESTED, AggregationTrigger.LKPP_REFUSED): AggregationStatus.REFUSED,
}

MODE_TRIGGERS: dict[str, frozenset[AggregationTrigger]] = {
    "mandiri": frozenset({AggregationTrigger.SELF_ACTIVATE}),
    "via_lkpp": frozenset(
        {AggregationTrigger.REQUEST, AggregationTrigger.LKPP_AGGREGATED, AggregationTrigger.LKPP_REFUSED}
    ),
    "implisit": frozenset(),
}

STATUS_LABEL: dict[AggregationStatus, str] = {
    AggregationStatus.NONE: "Belum diagregasi",
    AggregationStatus.REQUESTED: "Permohonan ADP dikirim ke LKPP",
    AggregationStatus.AGGREGATED: "Teragregasi: berlaku di seluruh LPSE",
    AggregationStatus.REFUSED: "Ditolak LKPP",
}


class AggregationRefused(Exception):
    """The step does not apply: the message says why, in Indonesian."""


def decide(mode: str, status: AggregationStatus, trigger: AggregationTrigger) -> AggregationStatus:
    """The next status, or AggregationRefused when the LPSE's mode or the table does not allow the step."""
    if trigger not in MODE_TRIGGERS.get(mode, frozenset()):
        raise AggregationRefused("Langkah agregasi ini tidak berlaku untuk LPSE ini.")
    try:
        return transition(TRANSITIONS, status, trigger)
    except TransitionRefused:
        raise AggregationRefused(f"Agregasi sudah berstatus '{STATUS_LABEL[status]}'.") from None


@dataclass(frozen=True)
class ProviderAccount:
    """A provider account as aggregation sees it: where it stands, what LKPP is sent, whom the facts are about."""

    provider_id: uuid.UUID
    user_id: str
    lpse: str  # the LPSE of the case that activated it: its profile says which aggregation mode applies
    status: AggregationStatus
    company_name: str
    npwp: str
    nib: str | None
    email: str
    case_id: uuid.UUID
    application_id: uuid.UUID
    reference: str
    applicant_email: str
    status_url: str
    language: Language
    director_name: str | None

    @property
    def status_label(self) -> str:
        """The status as the provider and the staff read it."""
        return STATUS_LABEL[self.status]


@dataclass(frozen=True)
class AggregationStep:
    """One trigger with what comes with it: who, LKPP's answer (reason, its reference), a new request's number."""

    trigger: AggregationTrigger
    actor: Actor
    reason: str | None = None
    lkpp_ref: str | None = None
    request_ref: str | None = None  # used by REQUEST only: the number LKPP answers under


@dataclass(frozen=True)
class Aggregation:
    """What a step leaves stored on the account (a reference or instant left None keeps the one stored)."""

    provider_id: uuid.UUID
    status: AggregationStatus
    request_ref: str | None
    reason: str | None
    lkpp_ref: str | None
    aggregated_at: datetime | None


def request_ref_for(reference: str, suffix: str) -> str:
    """The ADP request number: the registration reference and a random suffix (a refused account asks again)."""
    return f"ADP-{reference}-{suffix}"


def decide_step(account: ProviderAccount, mode: str, step: AggregationStep, *, now: datetime) -> Decided[Aggregation]:
    """The new status, the fact the applicant's email and LKPP's gateway follow, and the audit row."""
    after = decide(mode, account.status, step.trigger)
    request_ref = step.request_ref if step.trigger is AggregationTrigger.REQUEST else None
    state = Aggregation(
        provider_id=account.provider_id,
        status=after,
        request_ref=request_ref,
        reason=step.reason,
        lkpp_ref=step.lkpp_ref,
        aggregated_at=now if after is AggregationStatus.AGGREGATED else None,
    )
    audit = AuditEntry(
        at=now,
        actor=step.actor,
        entity="provider",
        entity_id=str(account.provider_id),
        action=f"agregasi:{step.trigger.value}",
        before=account.status.value,
        after=after.value,
        reason=step.reason or request_ref,
    )
    return Decided(state, (fact_of(account, state, step, now),), audit)


def fact_of(account: ProviderAccount, state: Aggregation, step: AggregationStep, now: datetime) -> Event:
    """Requested, aggregated or refused, carrying what the applicant's email needs."""
    common: dict[str, Any] = {
        "occurred_at": now,
        "lpse": account.lpse,
        "correlation_id": account.application_id,
        "actor": step.actor,
        "case_id": account.case_id,
        "application_id": account.application_id,
        "reference": account.reference,
        "applicant_email": account.applicant_email,
        "director_name": account.director_name,
        "status_url": account.status_url,
        "language": account.language,
        "provider_id": account.provider_id,
        "user_id": account.user_id,
    }
    if state.status is AggregationStatus.REQUESTED:
        assert state.request_ref is not None, "a request carries its number"
        return AggregationRequestedV1(
            **common, request_ref=state.request_ref, npwp=account.npwp, company_name=account.company_name
        )
    if state.status is AggregationStatus.AGGREGATED:
        mode = "mandiri" if step.trigger is AggregationTrigger.SELF_ACTIVATE else "via_lkpp"
        return ProviderAggregatedV1(**common, mode=mode, lkpp_ref=step.lkpp_ref)
    return AggregationRefusedV1(**common, reason=step.reason or "tanpa alasan", lkpp_ref=step.lkpp_ref)
