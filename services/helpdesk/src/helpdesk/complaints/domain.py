"""The complaint (pengaduan) machine: the literal table, its guards with Indonesian refusals, and `decide()`.

Pure. Which clock is the first answer and which the response comes from the profile's complaint rules; the use
case moves the clocks as `clock_plan.clock_plan()` says and fills the due instants into the facts it publishes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from contracts.complaints import (
    ComplaintAcknowledgedV1,
    ComplaintCompletedV1,
    ComplaintEscalatedV1,
    ComplaintReceivedV1,
    ComplaintResolvedV1,
    ComplaintRespondedV1,
)
from contracts.envelope import Actor, Event, Language
from contracts.lpse import ComplaintLevel, ComplaintRules, LpseProfile, ServiceStandard
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.machine import TransitionRefused, transition


class ComplaintStatus(StrEnum):
    """Where a complaint stands."""

    RECEIVED = "received"
    INCOMPLETE = "incomplete"
    ACKNOWLEDGED = "acknowledged"
    AT_LKPP = "at_lkpp"
    RESPONDED = "responded"
    RESOLVED = "resolved"


class Trigger(StrEnum):
    """What staff or the complainant do to a complaint."""

    CLAIM = "claim"
    RELEASE = "release"
    ACKNOWLEDGE_COMPLETE = "acknowledge_complete"
    ACKNOWLEDGE_INCOMPLETE = "acknowledge_incomplete"
    COMPLAINANT_COMPLETES = "complainant_completes"
    ESCALATE = "escalate"
    FORWARD_TO_LKPP = "forward_to_lkpp"
    LKPP_OUTCOME = "lkpp_outcome"
    RESPOND = "respond"
    RESOLVE = "resolve"
    NOTE = "note"
    COMPLAINANT_REPLY = "complainant_reply"


S, T = ComplaintStatus, Trigger
_DESK = (S.RECEIVED, S.INCOMPLETE, S.ACKNOWLEDGED, S.AT_LKPP, S.RESPONDED)

# The complaint table, rows 2–13 (row 1, the submission, is `receive()`). The table is the rule.
TRANSITIONS: dict[tuple[ComplaintStatus, Trigger], ComplaintStatus] = {
    **{(s, T.CLAIM): s for s in _DESK},  # 2
    **{(s, T.RELEASE): s for s in _DESK},  # 3
    (S.RECEIVED, T.ACKNOWLEDGE_COMPLETE): S.ACKNOWLEDGED,  # 4  Pasal 8(5)
    (S.RECEIVED, T.ACKNOWLEDGE_INCOMPLETE): S.INCOMPLETE,  # 5  Pasal 8(5)
    (S.INCOMPLETE, T.COMPLAINANT_COMPLETES): S.ACKNOWLEDGED,  # 6
    (S.ACKNOWLEDGED, T.ESCALATE): S.ACKNOWLEDGED,  # 7  Temanggung chains
    (S.ACKNOWLEDGED, T.FORWARD_TO_LKPP): S.AT_LKPP,  # 8  TMG-1 "difasilitasi ... di LKPP"
    (S.AT_LKPP, T.LKPP_OUTCOME): S.ACKNOWLEDGED,  # 9
    (S.RECEIVED, T.RESPOND): S.RESPONDED,  # 10 lampiran item 3; Magelang "responsif"
    (S.ACKNOWLEDGED, T.RESPOND): S.RESPONDED,  # 10
    (S.RESPONDED, T.RESOLVE): S.RESOLVED,  # 11 lampiran item 4
    **{(s, T.NOTE): s for s in _DESK},  # 12
    **{(s, T.COMPLAINANT_REPLY): s for s in (S.RECEIVED, S.ACKNOWLEDGED, S.AT_LKPP, S.RESPONDED)},  # 13
}

STATUS_LABEL: dict[ComplaintStatus, str] = {
    S.RECEIVED: "Diterima, menunggu tanggapan",
    S.INCOMPLETE: "Materi belum lengkap, menunggu pengadu",
    S.ACKNOWLEDGED: "Materi lengkap, sedang ditangani",
    S.AT_LKPP: "Difasilitasi untuk diselesaikan di LKPP",
    S.RESPONDED: "Sudah direspon",
    S.RESOLVED: "Selesai",
}

STAFF_TRIGGERS = frozenset(set(Trigger) - {T.COMPLAINANT_COMPLETES, T.COMPLAINANT_REPLY})


class ComplaintRefused(Exception):
    """A step the complaint's rules do not allow now; the message is shown to the person as it is."""


@dataclass(frozen=True)
class Complaint:
    """A complaint as its machine sees it."""

    id: uuid.UUID
    lpse: str
    reference: str
    service_id: str
    status: ComplaintStatus
    level: int
    holder: str | None
    complainant_email: str | None
    language: Language
    missing: tuple[str, ...] = ()
    content_complete: bool | None = None


@dataclass(frozen=True)
class Step:
    """A trigger with what it brings: the missing items ticked, the items the complainant filled, the deadline."""

    trigger: Trigger
    missing: tuple[str, ...] = ()
    filled: tuple[str, ...] = ()
    content_complete: bool = False
    response_due: datetime | None = None
    answered_at: datetime | None = None  # when the response clock was stopped already (Magelang's first answer)
    survey_url: str | None = None


def rules_for(profile: LpseProfile, service_id: str) -> ComplaintRules:
    """The complaint rules of the service complained about (its own, else the LPSE's)."""
    service = service_of(profile, service_id)
    return profile.complaints_for(service) if service is not None else profile.complaints


def service_of(profile: LpseProfile, service_id: str) -> ServiceStandard | None:
    """The service of that id in the LPSE's standard."""
    return next((s for s in profile.services if s.id == service_id), None)


def levels_for(profile: LpseProfile, service_id: str) -> tuple[ComplaintLevel, ...]:
    """The chain a complaint about this service climbs: the service's, else the LPSE's, else its helpdesk."""
    own = rules_for(profile, service_id).levels
    return own or profile.complaints.chain


def _require(condition: bool, refusal: str) -> None:
    if not condition:
        raise ComplaintRefused(refusal)


def _guard(c: Complaint, step: Step, actor: Actor, levels: tuple[ComplaintLevel, ...], rules: ComplaintRules) -> None:
    """The complaint guards before the table's lookup, each with the sentence a person reads."""
    t = step.trigger
    if t in (T.COMPLAINANT_COMPLETES, T.COMPLAINANT_REPLY):
        _require(actor.role == "pelapor", "Hanya pengadu yang dapat melakukan ini dari halaman statusnya.")
    elif t is T.CLAIM:
        _require(actor.role == levels[c.level].role, f"Pengaduan ini sedang di tingkat {levels[c.level].label}.")
        _require(c.holder in (None, actor.id), f"Pengaduan sedang ditangani {c.holder}.")
    elif t is not T.NOTE:
        _require(c.holder == actor.id, "Klaim pengaduan ini terlebih dahulu.")
    if t is T.ACKNOWLEDGE_INCOMPLETE:
        _require(bool(rules.content_codes), "Standar pelayanan LPSE ini tidak menetapkan isi wajib pengaduan.")
        _require(bool(step.missing), "Centang sekurang-kurangnya satu materi yang belum lengkap.")
        _require(set(step.missing) <= set(rules.content_codes), "Materi yang dicentang tidak dikenal standar.")
    if t is T.COMPLAINANT_COMPLETES:
        _require(set(c.missing) <= set(step.filled), "Lengkapi setiap materi yang diminta.")
    if t in (T.ESCALATE, T.FORWARD_TO_LKPP):
        nxt = levels[c.level + 1] if c.level + 1 < len(levels) else None
        _require(nxt is not None, "Tidak ada tingkat penanganan berikutnya dalam standar LPSE ini.")
        assert nxt is not None
        to_lkpp = nxt.role == "lkpp"
        _require(to_lkpp == (t is T.FORWARD_TO_LKPP), f"Tingkat berikutnya adalah {nxt.label}.")
    if t is T.RESPOND and c.status is S.RECEIVED and rules.first_answer_clock:
        _require(step.content_complete, "Nyatakan kelengkapan materi pengaduan (Pasal 8 ayat (5)) sebelum merespon.")


def decide(
    c: Complaint,
    step: Step,
    *,
    at: datetime,
    actor: Actor,
    profile: LpseProfile,
    status_url: str,
) -> Decided[Complaint]:
    """The complaint after a step, its facts and its audit row; ComplaintRefused (a guard) or TransitionRefused
    (no such pair in the table) otherwise."""
    rules, levels = rules_for(profile, c.service_id), levels_for(profile, c.service_id)
    if (c.status, step.trigger) not in TRANSITIONS:
        raise TransitionRefused(f"{step.trigger.value} does not apply in state {c.status.value}")
    _guard(c, step, actor, levels, rules)
    after = replace(c, status=transition(TRANSITIONS, c.status, step.trigger))
    after, facts = _effect(after, c, step, actor, levels, at=at, status_url=status_url)
    audit = AuditEntry(at, actor, "complaint", str(c.id), step.trigger.value, c.status.value, after.status.value)
    return Decided(after, facts=facts, audit=audit)


def _effect(
    after: Complaint,
    before: Complaint,
    step: Step,
    actor: Actor,
    levels: tuple[ComplaintLevel, ...],
    *,
    at: datetime,
    status_url: str,
) -> tuple[Complaint, tuple[Event, ...]]:
    """What the step changes beyond the status, and the fact it publishes (none for desk steps and notes)."""
    t, base = step.trigger, _about(before, actor, at, status_url)
    if t is T.CLAIM:
        return replace(after, holder=actor.id), ()
    if t is T.RELEASE:
        return replace(after, holder=None), ()
    if t is T.ACKNOWLEDGE_COMPLETE:
        fact: Event = ComplaintAcknowledgedV1(**base, content_complete=True)
        return replace(after, content_complete=True, missing=()), (fact,)
    if t is T.ACKNOWLEDGE_INCOMPLETE:
        missing = tuple(sorted(set(step.missing)))
        fact = ComplaintAcknowledgedV1(**base, content_complete=False, missing=missing)
        return replace(after, content_complete=False, missing=missing), (fact,)
    if t is T.COMPLAINANT_COMPLETES:
        return replace(after, content_complete=True, missing=()), (ComplaintCompletedV1(**base),)
    if t in (T.ESCALATE, T.FORWARD_TO_LKPP):
        src, dst = levels[before.level], levels[before.level + 1]
        fact = ComplaintEscalatedV1(**base, from_label=src.label, to_label=dst.label, to_role=dst.role)
        # To LKPP the desk keeps the complaint (it records LKPP's outcome); inside the LPSE the next level claims it.
        moved = after if t is T.FORWARD_TO_LKPP else replace(after, level=before.level + 1, holder=None)
        return moved, (fact,)
    if t is T.RESPOND:
        within = None if step.response_due is None else (step.answered_at or at) <= step.response_due
        done = replace(after, content_complete=True) if before.status is S.RECEIVED else after
        return done, (ComplaintRespondedV1(**base, within_deadline=within),)
    if t is T.RESOLVE:
        return after, (ComplaintResolvedV1(**base, survey_url=step.survey_url),)
    return after, ()


def _about(c: Complaint, actor: Actor, at: datetime, status_url: str) -> dict[str, object]:
    """The fields every complaint fact carries."""
    return {
        "occurred_at": at,
        "lpse": c.lpse,
        "correlation_id": c.id,
        "actor": actor,
        "complaint_id": c.id,
        "reference": c.reference,
        "service_id": c.service_id,
        "complainant_email": c.complainant_email,
        "language": c.language,
        "status_url": status_url,
    }


# -- the submission (row 1) ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    """What a valid submission records about itself beside the form."""

    complaint: Complaint
    service_received_on: date
    late: bool
    days_since_service: int
    window_days: int | None


def receive(received: Received, *, at: datetime, status_url: str) -> Decided[Complaint]:
    """A valid complaint is received at level 0: stored, announced (the dues are filled in once the clocks start),
    audited. A late one is flagged, never refused (Pasal 8(3); §11.6 "flag, don't auto-reject")."""
    c = received.complaint
    actor = Actor(id=c.complainant_email or "pengadu", role="pelapor")
    fact = ComplaintReceivedV1(
        **_about(c, actor, at, status_url),
        service_received_on=received.service_received_on,
        late=received.late,
        days_since_service=received.days_since_service,
        window_days=received.window_days,
    )
    audit = AuditEntry(at, actor, "complaint", str(c.id), "submit", None, c.status.value, "terlambat" * received.late)
    return Decided(c, facts=(fact,), audit=audit)
