"""The verifiers' desk on a provider's request, pure: what one staff step does to a request (its new state, the facts
it publishes, its audit row), with the desk's guards. No I/O, no clock.

The guards are the case desk's: a verifier works only a request whose claim (lease of 30 minutes, renewed by each
of the holder's actions) is theirs; every mandatory document is found "sesuai" before the request is approved or
sent to LKPP; a return and a rejection say why. Which steps a request of a kind and status may take is the table's
(`domain.next_status`). What an approval changes on the account is `apply.py`'s.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum, StrEnum
from typing import Any

from contracts.envelope import Actor, Event, Language
from contracts.lpse import Requirement, ServiceStandard, requirement
from contracts.provider_account import (
    ProviderRequestCheckedInV1,
    ProviderRequestClaimedV1,
    ProviderRequestFiledV1,
    ProviderRequestHandedOverV1,
    ProviderRequestKind,
    ProviderRequestRejectedV1,
    ProviderRequestResumedV1,
    ProviderRequestReturnedV1,
    ProviderRequestSentToLkppV1,
)
from contracts.registration import ProviderType
from contracts.verification import DocumentToBring
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.text import identifier_problem, plain_text_problem
from verification.account_requests.domain import (
    OPEN,
    RequestRefused,
    RequestStatus,
    RequestTrigger,
    next_status,
)

LEASE = timedelta(minutes=30)  # as a case's claim: renewed by each of the holder's actions
REASON_LIMIT = 2000


class Finding(StrEnum):
    """What the verifier found of one document."""

    SESUAI = "sesuai"
    TIDAK_VALID = "tidak_valid"
    TIDAK_BERLAKU = "tidak_berlaku"  # an optional document the provider does not have


FINDING_LABEL: dict[Finding, str] = {
    Finding.SESUAI: "Asli dilihat, salinan sesuai",
    Finding.TIDAK_VALID: "Tidak valid",
    Finding.TIDAK_BERLAKU: "Tidak berlaku",
}


class ClockMove(Enum):
    """What a step does to the request's clocks."""

    NONE = "none"
    START = "start"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"


@dataclass(frozen=True)
class Account:
    """The provider account a request is about, as the desk and its facts need it."""

    provider_id: uuid.UUID
    user_id: str
    lpse: str
    company_name: str
    email: str
    director_name: str | None
    language: Language
    provider_type: str
    npwp: str
    address: str
    phone: str
    pkp_number: str
    status: str  # 'active' or 'nonaktif'
    aggregation_status: str
    deactivated_at: datetime | None = None
    deactivated_by: str | None = None  # 'permohonan' (the provider's own request) or 'lpse' (the head's decision)

    @property
    def aggregated(self) -> bool:
        """LKPP holds this account (ADP): it must hear of every change."""
        return self.aggregation_status == "aggregated"


@dataclass(frozen=True)
class AccountRequest:
    """A request as stored (see the table `account_requests`)."""

    request_id: uuid.UUID
    reference: str
    provider_id: uuid.UUID
    lpse: str
    kind: ProviderRequestKind
    service_id: str
    channel: str
    status: RequestStatus
    changes: Mapping[str, str]
    reason: str
    by_proxy: bool
    documents: tuple[Mapping[str, Any], ...]
    checklist: Mapping[str, Mapping[str, str]]
    returned_items: tuple[Mapping[str, str], ...]  # code, name, note: what the provider brings again
    decision_reason: str | None
    assignee: str | None
    lease_until: datetime | None
    filed_at: datetime
    checked_in_at: datetime | None
    handed_over_at: datetime | None
    decided_at: datetime | None
    decided_by: str | None
    lkpp_request_ref: str | None
    updated_at: datetime


@dataclass(frozen=True)
class DocumentCheck:
    """One document of the request's service, whether this provider must bring it, and what was found."""

    code: str
    name: str
    requirement: Requirement
    finding: Finding | None
    note: str
    uploaded: bool

    @property
    def blocks(self) -> bool:
        """It stands in the way of a decision: mandatory and not found in order, or found invalid."""
        if self.finding is Finding.TIDAK_VALID:
            return True
        return self.requirement is Requirement.MANDATORY and self.finding is not Finding.SESUAI


@dataclass(frozen=True)
class StaffStep:
    """One staff action: the trigger, who (the audit's actor and the officer's username), why, LKPP's number."""

    trigger: RequestTrigger
    actor: Actor
    officer: str
    reason: str = ""
    request_ref: str | None = None  # SEND_TO_LKPP: the ADP number LKPP answers under


def document_checks(request: AccountRequest, provider_type: str, service: ServiceStandard) -> list[DocumentCheck]:
    """The service's documents this provider is asked for (a proxy's letter only when a proxy brought the file)."""
    uploaded = {str(d.get("code")) for d in request.documents}
    try:
        ptype = ProviderType(provider_type)
    except ValueError:
        ptype = ProviderType.BADAN_USAHA_CV
    checks = []
    for rule in service.documents:
        need = requirement(rule, ptype, by_proxy=request.by_proxy)
        if need is Requirement.NOT_ASKED:
            continue
        found = request.checklist.get(rule.code, {})
        finding = found.get("finding")
        checks.append(
            DocumentCheck(
                code=rule.code,
                name=rule.name,
                requirement=need,
                finding=Finding(finding) if finding in {f.value for f in Finding} else None,
                note=str(found.get("note", "")),
                uploaded=rule.code in uploaded,
            )
        )
    return checks


def lease_holder(request: AccountRequest, now: datetime) -> str | None:
    """Who holds the request now (None when nobody does or the claim lapsed)."""
    if request.status is not RequestStatus.IN_REVIEW or request.assignee is None:
        return None
    if request.lease_until is None or request.lease_until <= now:
        return None
    return request.assignee


HOLDER_TRIGGERS = frozenset(
    {
        RequestTrigger.RELEASE,
        RequestTrigger.RETURN,
        RequestTrigger.APPROVE,
        RequestTrigger.REJECT,
        RequestTrigger.SEND_TO_LKPP,
    }
)
DECIDING = frozenset({RequestTrigger.APPROVE, RequestTrigger.SEND_TO_LKPP})


def ensure_holder(request: AccountRequest, officer: str, now: datetime) -> None:
    """Only the holder of a live claim works the request."""
    holder = lease_holder(request, now)
    if holder is None:
        raise RequestRefused("Klaim permohonan ini dahulu: belum ada yang memegangnya atau klaimnya telah berakhir.")
    if holder != officer:
        raise RequestRefused(f"Permohonan ini sedang dipegang oleh {holder}.")


def ensure_claimable(request: AccountRequest, officer: str, now: datetime) -> None:
    """A request in review is claimed again only by its holder, or by anyone once the holder's lease ran out."""
    holder = lease_holder(request, now)
    if holder is not None and holder != officer:
        raise RequestRefused(f"Permohonan ini sedang dipegang oleh {holder}.")


def reason_of(step: StaffStep) -> str:
    """The reason typed, required for a return and a rejection."""
    reason = step.reason.strip()
    if step.trigger is RequestTrigger.RETURN and not reason:
        raise RequestRefused("Tuliskan alasan pengembalian.")
    if step.trigger is RequestTrigger.REJECT and not reason:
        raise RequestRefused("Tuliskan alasan penolakan.")
    problem = free_text_problem(reason, REASON_LIMIT)
    if problem is not None:
        raise RequestRefused(problem)
    return reason


def free_text_problem(text: str, limit: int) -> str | None:
    """Why a reason or note that travels in a fact or reaches the provider cannot be kept: a control character, over
    the limit, or a NIK/NPWP written out (the provider's own data stays off the bus)."""
    return plain_text_problem(text, limit) or identifier_problem(text)


def clock_move(trigger: RequestTrigger) -> ClockMove:
    """Started at the hand-over, paused on a return, resumed with the time left, stopped by any decision."""
    if trigger is RequestTrigger.HAND_OVER:
        return ClockMove.START
    if trigger is RequestTrigger.RETURN:
        return ClockMove.PAUSE
    if trigger in (RequestTrigger.RESUME, RequestTrigger.RESUBMIT):
        return ClockMove.RESUME
    if trigger in (
        RequestTrigger.APPROVE,
        RequestTrigger.REJECT,
        RequestTrigger.SEND_TO_LKPP,
        RequestTrigger.WITHDRAW,
    ):
        return ClockMove.STOP
    return ClockMove.NONE


def fact_fields(
    request: AccountRequest, account: Account, actor: Actor, status_url: str, now: datetime
) -> dict[str, Any]:
    """What every fact of a request carries."""
    return {
        "occurred_at": now,
        "lpse": request.lpse,
        "correlation_id": request.request_id,
        "actor": actor,
        "provider_id": account.provider_id,
        "user_id": account.user_id,
        "company_name": account.company_name,
        "email": account.email,
        "director_name": account.director_name,
        "language": account.language,
        "request_id": request.request_id,
        "reference": request.reference,
        "kind": request.kind,
        "service_id": request.service_id,
        "status_url": status_url,
    }


def decide(
    request: AccountRequest,
    account: Account,
    step: StaffStep,
    *,
    service: ServiceStandard,
    status_url: str,
    now: datetime,
) -> Decided[AccountRequest]:
    """The request after one staff step, its facts and its audit row; RequestRefused (nothing changes) when the
    table, the claim, the checklist or a missing reason says no."""
    trigger = step.trigger
    after = next_status(request.kind, request.status, trigger)
    if trigger in HOLDER_TRIGGERS:
        ensure_holder(request, step.officer, now)
    if trigger is RequestTrigger.CLAIM:
        ensure_claimable(request, step.officer, now)
    reason = reason_of(step)
    checks = document_checks(request, account.provider_type, service)
    blocking = [c for c in checks if c.blocks]
    if trigger in DECIDING and blocking:
        names = "; ".join(c.name for c in blocking)
        raise RequestRefused(f"Setiap dokumen wajib harus ditemukan sesuai sebelum diputuskan. Belum: {names}.")
    if lifts_lpse_decision(request, account, trigger) and step.actor.role != "kepala_lpse":
        raise RequestRefused(REACTIVATION_BY_HEAD)
    if trigger is RequestTrigger.SEND_TO_LKPP and not step.request_ref:
        raise RequestRefused("Nomor permohonan ADP belum dibuat.")
    state = moved(request, step, after, reason, blocking, now)
    common = fact_fields(request, account, step.actor, status_url, now)
    facts = facts_of(step, common, reason, [c.name for c in blocking], service, state)
    audit = AuditEntry(
        at=now,
        actor=step.actor,
        entity="account_request",
        entity_id=str(request.request_id),
        action=f"permohonan:{trigger.value}",
        before=request.status.value,
        after=after.value,
        reason=reason or step.request_ref,
    )
    return Decided(state, facts, audit)


REACTIVATION_BY_HEAD = (
    "Akun ini dinonaktifkan oleh LPSE (keputusan Kepala LPSE); aktivasi kembalinya hanya dapat disetujui Kepala LPSE."
)


def lifts_lpse_decision(request: AccountRequest, account: Account, trigger: RequestTrigger) -> bool:
    """Approving the reactivation of an account the LPSE itself deactivated undoes its head's decision."""
    return trigger is RequestTrigger.APPROVE and request.kind == "aktif_kembali" and account.deactivated_by == "lpse"


def moved(
    request: AccountRequest,
    step: StaffStep,
    after: RequestStatus,
    reason: str,
    blocking: list[DocumentCheck],
    now: datetime,
) -> AccountRequest:
    """What the step leaves stored on the request."""
    trigger = step.trigger
    state = replace(request, status=after, updated_at=now)
    if trigger is RequestTrigger.CHECK_IN:
        return replace(state, checked_in_at=now)
    if trigger is RequestTrigger.HAND_OVER:
        return replace(state, handed_over_at=now)
    if trigger in (RequestTrigger.CLAIM, RequestTrigger.RESUME):
        return replace(state, assignee=step.officer, lease_until=now + LEASE)
    if trigger is RequestTrigger.RELEASE:
        return replace(state, assignee=None, lease_until=None)
    if trigger is RequestTrigger.RETURN:
        items = tuple({"code": c.code, "name": c.name, "note": c.note} for c in blocking)
        return replace(state, returned_items=items, decision_reason=reason, lease_until=None)
    if trigger in (RequestTrigger.APPROVE, RequestTrigger.REJECT, RequestTrigger.SEND_TO_LKPP):
        return replace(
            state,
            decided_at=now,
            decided_by=step.officer,
            decision_reason=reason or None,
            lease_until=None,
            lkpp_request_ref=step.request_ref if trigger is RequestTrigger.SEND_TO_LKPP else request.lkpp_request_ref,
        )
    return state


def facts_of(
    step: StaffStep,
    common: dict[str, Any],
    reason: str,
    blocking_names: list[str],
    service: ServiceStandard,
    state: AccountRequest,
) -> tuple[Event, ...]:
    """The step's own fact (an approval's come from `apply.py`, a release has none)."""
    trigger, officer = step.trigger, step.officer
    if trigger is RequestTrigger.CHECK_IN:
        return (ProviderRequestCheckedInV1(**common, officer_id=officer),)
    if trigger is RequestTrigger.HAND_OVER:
        text = service.clocks[0].deadline.text if service.clocks else None
        return (ProviderRequestHandedOverV1(**common, officer_id=officer, deadline_text=text),)
    if trigger is RequestTrigger.CLAIM:
        return (ProviderRequestClaimedV1(**common, verifier_id=officer),)
    if trigger is RequestTrigger.RETURN:
        items = tuple(blocking_names[:30])
        return (ProviderRequestReturnedV1(**common, verifier_id=officer, reason=reason, items=items),)
    if trigger is RequestTrigger.RESUME:
        return (ProviderRequestResumedV1(**common),)
    if trigger is RequestTrigger.REJECT:
        return (ProviderRequestRejectedV1(**common, verifier_id=officer, reason=reason),)
    if trigger is RequestTrigger.SEND_TO_LKPP:
        assert state.lkpp_request_ref is not None
        return (ProviderRequestSentToLkppV1(**common, verifier_id=officer, request_ref=state.lkpp_request_ref),)
    return ()


def record_findings(
    request: AccountRequest,
    account: Account,
    findings: Mapping[str, tuple[str, str]],
    *,
    service: ServiceStandard,
    actor: Actor,
    officer: str,
    now: datetime,
) -> Decided[AccountRequest]:
    """The holder's checklist (document code → finding, note), all or nothing; the claim's lease is renewed."""
    if request.status is not RequestStatus.IN_REVIEW:
        raise RequestRefused("Pemeriksaan hanya untuk permohonan yang sedang diperiksa.")
    ensure_holder(request, officer, now)
    checks = {c.code: c for c in document_checks(request, account.provider_type, service)}
    checklist = {code: dict(found) for code, found in request.checklist.items()}
    for code, (finding, note) in findings.items():
        check = checks.get(code)
        if check is None:
            raise RequestRefused("Dokumen itu tidak termasuk persyaratan permohonan ini.")
        if not finding:
            continue
        if finding not in {f.value for f in Finding}:
            raise RequestRefused(f"{check.name}: pilih hasil pemeriksaan yang tersedia.")
        if finding == Finding.TIDAK_BERLAKU and check.requirement is Requirement.MANDATORY:
            raise RequestRefused(f"{check.name}: dokumen wajib tidak dapat ditandai tidak berlaku.")
        problem = free_text_problem(note, 500)
        if problem is not None:
            raise RequestRefused(f"{check.name}: {problem}")
        checklist[code] = {"finding": finding, "note": note.strip(), "by": officer, "at": now.isoformat()}
    state = replace(request, checklist=checklist, lease_until=now + LEASE, updated_at=now)
    summary = ", ".join(f"{code}={found['finding']}" for code, found in sorted(checklist.items()))
    audit = AuditEntry(
        at=now,
        actor=actor,
        entity="account_request",
        entity_id=str(request.request_id),
        action="permohonan:periksa",
        before=request.status.value,
        after=request.status.value,
        reason=summary[:2000] or None,
    )
    return Decided(state, (), audit)


@dataclass(frozen=True)
class Reactivation:
    """What counter staff record for a deactivated account: a new request's number and id, and why."""

    request_id: uuid.UUID
    reference: str
    reason: str
    actor: Actor
    officer: str


def record_reactivation(
    account: Account, new: Reactivation, *, service: ServiceStandard, status_url: str, now: datetime
) -> Decided[AccountRequest]:
    """A reactivation recorded at the counter: in hand at once (status `antre`), its clock starts now."""
    if account.status != "nonaktif":
        raise RequestRefused("Akun ini tidak nonaktif: aktivasi kembali tidak diperlukan.")
    reason = new.reason.strip()
    if not reason:
        raise RequestRefused("Tuliskan alasan aktivasi kembali.")
    problem = free_text_problem(reason, REASON_LIMIT)
    if problem is not None:
        raise RequestRefused(problem)
    request = AccountRequest(
        request_id=new.request_id,
        reference=new.reference,
        provider_id=account.provider_id,
        lpse=account.lpse,
        kind="aktif_kembali",
        service_id=service.id,
        channel="loket",
        status=RequestStatus.QUEUED,
        changes={},
        reason=reason,
        by_proxy=False,
        documents=(),
        checklist={},
        returned_items=(),
        decision_reason=None,
        assignee=None,
        lease_until=None,
        filed_at=now,
        checked_in_at=now,
        handed_over_at=now,
        decided_at=None,
        decided_by=None,
        lkpp_request_ref=None,
        updated_at=now,
    )
    common = fact_fields(request, account, new.actor, status_url, now)
    text = service.clocks[0].deadline.text if service.clocks else None
    bring = tuple(
        DocumentToBring(code=c.code, name=c.name, original=True, copies=None)
        for c in document_checks(request, account.provider_type, service)
        if c.requirement is Requirement.MANDATORY
    )
    facts: tuple[Event, ...] = (
        ProviderRequestFiledV1(**common, channel="loket", bring=bring, deadline_text=text),
        ProviderRequestHandedOverV1(**common, officer_id=new.officer, deadline_text=text),
    )
    audit = AuditEntry(
        at=now,
        actor=new.actor,
        entity="account_request",
        entity_id=str(request.request_id),
        action="permohonan:catat_aktif_kembali",
        before=None,
        after=RequestStatus.QUEUED.value,
        reason=reason,
    )
    return Decided(request, facts, audit)


def is_open(status: RequestStatus) -> bool:
    """The LPSE still works it (the one-open rule)."""
    return status in OPEN
