"""The ubah-jadwal machine (Depok DPK-2c): the literal table, its guards with Indonesian refusals, and `decide()`.

Pure. §9.1 and the Depok escalation pattern (§8.4): the Pokja files the signed form, the Helpdesk checks it and
returns it with what is missing or escalates it to the Admin PPE, who changes the schedule in SPSE (the product,
"Data jadwal lelang/tender") or refuses with a reason. Who may claim is the role of the stage the request is at.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from contracts.envelope import Actor, Event
from contracts.requests import RequestChannel
from contracts.schedule_change import (
    ScheduleChangeApprovedV1,
    ScheduleChangeEscalatedV1,
    ScheduleChangeRefusedV1,
    ScheduleChangeRequestedV1,
    ScheduleChangeResubmittedV1,
    ScheduleChangeReturnedV1,
    ScheduleStage,
)
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.machine import TransitionRefused, transition

ENTITY = "schedule_change"
CLAIM_LEASE = timedelta(minutes=30)  # as the ticket desk: a claim someone walked away from frees itself


class ScheduleStatus(StrEnum):
    """Where a schedule-change request stands."""

    DIAJUKAN = "diajukan"
    DIKEMBALIKAN = "dikembalikan"
    DIESKALASI = "dieskalasi"
    DISETUJUI = "disetujui"
    DITOLAK = "ditolak"


class Trigger(StrEnum):
    """What the Pokja, the Helpdesk or the Admin PPE do to a request."""

    KLAIM = "klaim"
    LEPAS = "lepas"
    KEMBALIKAN = "kembalikan"
    ESKALASI = "eskalasi"
    AJUKAN_ULANG = "ajukan_ulang"
    SETUJUI = "setujui"
    TOLAK = "tolak"


S, T = ScheduleStatus, Trigger

# The table is the rule: every pair not here is refused.
TRANSITIONS: dict[tuple[ScheduleStatus, Trigger], ScheduleStatus] = {
    (S.DIAJUKAN, T.KLAIM): S.DIAJUKAN,  # the Helpdesk takes the form to check it
    (S.DIAJUKAN, T.LEPAS): S.DIAJUKAN,
    (S.DIAJUKAN, T.KEMBALIKAN): S.DIKEMBALIKAN,  # INFERENCE §8.4: RETURNED_INCOMPLETE
    (S.DIAJUKAN, T.ESKALASI): S.DIESKALASI,  # §9.1 step 3 "Formulir sudah sesuai … eskalasi … ke Admin PPE"
    (S.DIKEMBALIKAN, T.AJUKAN_ULANG): S.DIAJUKAN,  # the Pokja completes the form
    (S.DIESKALASI, T.KLAIM): S.DIESKALASI,  # the Admin PPE takes it
    (S.DIESKALASI, T.LEPAS): S.DIESKALASI,
    (S.DIESKALASI, T.SETUJUI): S.DISETUJUI,  # the schedule changed in SPSE: the product
    (S.DIESKALASI, T.TOLAK): S.DITOLAK,
}

STATUS_LABEL: dict[ScheduleStatus, str] = {
    S.DIAJUKAN: "Diajukan, diperiksa Helpdesk",
    S.DIKEMBALIKAN: "Dikembalikan, menunggu kelengkapan dari Pokja",
    S.DIESKALASI: "Dieskalasi ke Admin PPE",
    S.DISETUJUI: "Disetujui, jadwal diubah di SPSE",
    S.DITOLAK: "Ditolak",
}
OPEN = frozenset({S.DIAJUKAN, S.DIKEMBALIKAN, S.DIESKALASI})
# Whose desk a request is on, by the stage it is at (the claim's role).
DESK_ROLE: dict[ScheduleStatus, str] = {S.DIAJUKAN: "helpdesk", S.DIESKALASI: "admin_ppe"}
DESK_LABEL: dict[str, str] = {"helpdesk": "Helpdesk", "admin_ppe": "Admin PPE"}

STAGE_LABEL: dict[str, str] = {
    "batas_akhir_upload": "Batas akhir upload penawaran",
    "awal_pembukaan_penawaran": "Awal pembukaan penawaran",
}

# What the Helpdesk ticks when it returns a form.
MISSING_ITEMS: dict[str, str] = {
    "formulir_belum_ditandatangani": "Formulir belum ditandatangani",
    "data_tender_tidak_sesuai": "Data tender tidak sesuai",
    "alasan_belum_diisi": "Alasan belum diisi",
    "surat_tidak_terbaca": "Surat tidak terbaca",
    "lainnya": "Lainnya",
}

ESCALATED_TO = ("admin_ppe", "Admin PPE")


class ScheduleRefused(Exception):
    """A step the request's rules do not allow now; the message is shown to the person as it is."""


@dataclass(frozen=True)
class ScheduleChange:
    """A schedule-change request as its machine sees it."""

    id: uuid.UUID
    lpse: str
    reference: str
    service_id: str
    tender_id: str
    stage: ScheduleStage
    old_at: datetime
    new_at: datetime
    status: ScheduleStatus
    requester_email: str
    holder: str | None = None
    lease_until: datetime | None = None
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """A trigger with what it brings: the items ticked missing, a reason, the time set in SPSE, the clock's due."""

    trigger: Trigger
    missing: tuple[str, ...] = ()
    note: str = ""
    reason: str = ""
    set_at: datetime | None = None
    changed_in_spse_at: datetime | None = None
    due_at: datetime | None = None  # the clock's due instant: a fresh one on resubmission, the running one else
    corrected: tuple[datetime, datetime] | None = None  # (old, new) retyped on resubmission


def _require(condition: bool, refusal: str) -> None:
    if not condition:
        raise ScheduleRefused(refusal)


def _guard(c: ScheduleChange, step: Step, actor: Actor, at: datetime) -> None:
    """The guards before the table's lookup, each with the sentence a person reads."""
    t = step.trigger
    if t is T.AJUKAN_ULANG:
        _require(actor.role == "pokja", "Hanya Pokja pemohon yang dapat melengkapi permohonan ini.")
        return
    if t is T.KLAIM:
        role = DESK_ROLE[c.status]
        _require(actor.role == role, f"Permohonan ini sedang di meja {DESK_LABEL[role]}.")
        free = c.holder in (None, actor.id) or (c.lease_until is not None and c.lease_until <= at)
        _require(free, f"Permohonan sedang ditangani {c.holder}.")
        return
    _require(c.holder == actor.id, "Klaim permohonan ini terlebih dahulu.")
    if t is T.KEMBALIKAN:
        _require(bool(step.missing), "Centang sekurang-kurangnya satu kekurangan.")
        _require(set(step.missing) <= set(MISSING_ITEMS), "Kekurangan yang dicentang tidak dikenal.")
        _require("lainnya" not in step.missing or bool(step.note), "Tuliskan kekurangan lainnya pada catatan.")
    if t is T.TOLAK:
        _require(bool(step.reason), "Tuliskan alasan penolakan.")
    if t is T.SETUJUI:
        _require(step.set_at is not None, "Isi waktu yang ditetapkan di SPSE.")
        _require(step.changed_in_spse_at is not None, "Isi waktu perubahan dilakukan di SPSE.")
        assert step.changed_in_spse_at is not None
        _require(step.changed_in_spse_at <= at, "Waktu perubahan di SPSE tidak boleh di masa depan.")


def decide(c: ScheduleChange, step: Step, *, at: datetime, actor: Actor, status_url: str) -> Decided[ScheduleChange]:
    """The request after a step, its fact and its audit row; ScheduleRefused (a guard) or TransitionRefused (no
    such pair in the table) otherwise."""
    if (c.status, step.trigger) not in TRANSITIONS:
        raise TransitionRefused(f"{step.trigger.value} does not apply in state {c.status.value}")
    _guard(c, step, actor, at)
    after = replace(c, status=transition(TRANSITIONS, c.status, step.trigger))
    after, facts = _effect(after, c, step, actor, at=at, status_url=status_url)
    reason = step.reason or step.note or None
    audit = AuditEntry(at, actor, ENTITY, str(c.id), step.trigger.value, c.status.value, after.status.value, reason)
    return Decided(after, facts=facts, audit=audit)


def _effect(
    after: ScheduleChange, before: ScheduleChange, step: Step, actor: Actor, *, at: datetime, status_url: str
) -> tuple[ScheduleChange, tuple[Event, ...]]:
    """What the step changes beyond the status, and the fact it publishes (none for a claim or a release)."""
    t, base = step.trigger, about(before, actor, at, status_url)
    if t is T.KLAIM:
        return replace(after, holder=actor.id, lease_until=at + CLAIM_LEASE), ()
    if t is T.LEPAS:
        return replace(after, holder=None, lease_until=None), ()
    # Every decision hands the request on: to the Pokja, to the Admin PPE's desk, or closes it.
    done = replace(after, holder=None, lease_until=None)
    if t is T.KEMBALIKAN:
        ticked = tuple(code for code in MISSING_ITEMS if code in step.missing)
        labels = tuple(MISSING_ITEMS[code] for code in ticked)
        return replace(done, missing=ticked), (ScheduleChangeReturnedV1(**base, missing=labels),)
    if t is T.ESKALASI:
        role, label = ESCALATED_TO
        return done, (ScheduleChangeEscalatedV1(**base, to_role=role, to_label=label),)
    if t is T.AJUKAN_ULANG:
        old_at, new_at = step.corrected or (before.old_at, before.new_at)
        fixed = replace(done, missing=(), old_at=old_at, new_at=new_at)
        return fixed, (ScheduleChangeResubmittedV1(**base, due_at=step.due_at),)
    if t is T.SETUJUI:
        assert step.set_at is not None and step.changed_in_spse_at is not None
        within = None if step.due_at is None else step.changed_in_spse_at <= step.due_at
        fact = ScheduleChangeApprovedV1(
            **base, old_at=before.old_at, new_at=step.set_at, changed_in_spse_at=step.changed_in_spse_at,
            within_deadline=within,
        )  # fmt: skip
        return replace(done, new_at=step.set_at), (fact,)
    return done, (ScheduleChangeRefusedV1(**base, reason=step.reason),)


def about(c: ScheduleChange, actor: Actor, at: datetime, status_url: str) -> dict[str, object]:
    """The fields every schedule-change fact carries."""
    return {
        "occurred_at": at,
        "lpse": c.lpse,
        "correlation_id": c.id,
        "actor": actor,
        "case_id": c.id,
        "reference": c.reference,
        "service_id": c.service_id,
        "requester_email": c.requester_email,
        "status_url": status_url,
        "tender_id": c.tender_id,
        "stage": c.stage,
    }


def file(
    c: ScheduleChange,
    *,
    at: datetime,
    actor: Actor,
    channel: RequestChannel,
    status_url: str,
    due_at: datetime | None,
    deadline_text: str | None,
) -> Decided[ScheduleChange]:
    """A complete request is filed (by the Pokja or at the counter): stored, announced with its due, audited."""
    fact = ScheduleChangeRequestedV1(
        **about(c, actor, at, status_url),
        channel=channel,
        due_at=due_at,
        deadline_text=deadline_text,
        old_at=c.old_at,
        new_at=c.new_at,
    )
    audit = AuditEntry(at, actor, ENTITY, str(c.id), "ajukan", None, c.status.value, None)
    return Decided(c, facts=(fact,), audit=audit)
