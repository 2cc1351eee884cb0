"""The forensic test (uji forensik, Depok DPK-2d) machine: the literal table, its guards with Indonesian refusals,
and `decide()`.

Pure. The local 30 minutes (trial and escalation) are moved by the use case as `CLOCK_STARTS` / `CLOCK_STOPS` say;
LKPP's and BSSN's leg has no deadline in the standard.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from contracts.envelope import Actor, AttachmentRef, Event, Language
from contracts.forensic import (
    ExternalParty,
    ForensicAnswerReceivedV1,
    ForensicEscalatedExternalV1,
    ForensicFile,
    ForensicReportIssuedV1,
    ForensicTestEscalatedV1,
    ForensicTestRefusedV1,
    ForensicTestRequestedV1,
    ForensicTestResubmittedV1,
    ForensicTestReturnedV1,
    ForensicTrialRecordedV1,
    TrialOutcome,
)
from contracts.requests import RequestChannel
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.machine import TransitionRefused, transition

ENTITY = "forensic_test"
PARTIES: tuple[ExternalParty, ...] = ("lkpp", "bssn")
LEASE = timedelta(minutes=30)  # a claim lapses after the service's own 30 minutes, so a case is never stuck


class Status(StrEnum):
    """Where a forensic test stands."""

    DIAJUKAN = "diajukan"
    DIKEMBALIKAN = "dikembalikan"
    DIESKALASI = "dieskalasi"
    UJI_DICATAT = "uji_dicatat"
    DITERUSKAN_EKSTERNAL = "diteruskan_eksternal"
    SELESAI = "selesai"
    DITOLAK = "ditolak"


class Trigger(StrEnum):
    """What a person, or LKPP and BSSN through the gateway, do to a forensic test."""

    KLAIM = "klaim"
    LEPAS = "lepas"
    KEMBALIKAN = "kembalikan"
    ESKALASI = "eskalasi"
    LENGKAPI = "lengkapi"
    CATAT_UJI = "catat_uji"
    TERUSKAN_EKSTERNAL = "teruskan_eksternal"
    JAWABAN_PIHAK = "jawaban_pihak"
    PENOLAKAN_PIHAK = "penolakan_pihak"
    TERBITKAN_BERITA_ACARA = "terbitkan_berita_acara"
    TOLAK = "tolak"


S, T = Status, Trigger
_DESK = (S.DIAJUKAN, S.DIESKALASI, S.UJI_DICATAT, S.DITERUSKAN_EKSTERNAL)

# The table is the rule (DPK-2d procedure steps 2–4 and the product).
TRANSITIONS: dict[tuple[Status, Trigger], Status] = {
    **{(s, T.KLAIM): s for s in _DESK},
    **{(s, T.LEPAS): s for s in _DESK},
    (S.DIAJUKAN, T.KEMBALIKAN): S.DIKEMBALIKAN,  # step 2: the form is not right
    (S.DIAJUKAN, T.ESKALASI): S.DIESKALASI,  # step 3: to the Admin PPE
    (S.DIKEMBALIKAN, T.LENGKAPI): S.DIAJUKAN,  # the Pokja completes it
    (S.DIESKALASI, T.CATAT_UJI): S.UJI_DICATAT,  # the encryption trial
    (S.DIESKALASI, T.TOLAK): S.DITOLAK,  # not a DPK-2d matter
    (S.UJI_DICATAT, T.TERUSKAN_EKSTERNAL): S.DITERUSKAN_EKSTERNAL,  # step 4: to LKPP and BSSN
    (S.UJI_DICATAT, T.TERBITKAN_BERITA_ACARA): S.SELESAI,  # the file opened: settled locally
    (S.DITERUSKAN_EKSTERNAL, T.JAWABAN_PIHAK): S.DITERUSKAN_EKSTERNAL,
    (S.DITERUSKAN_EKSTERNAL, T.PENOLAKAN_PIHAK): S.UJI_DICATAT,  # back to the Admin PPE with the reason
    (S.DITERUSKAN_EKSTERNAL, T.TERBITKAN_BERITA_ACARA): S.SELESAI,  # both parties answered
}

STATUS_LABEL: dict[Status, str] = {
    S.DIAJUKAN: "Diajukan, menunggu pemeriksaan Helpdesk",
    S.DIKEMBALIKAN: "Dikembalikan, menunggu kelengkapan dari Pokja",
    S.DIESKALASI: "Dieskalasi ke Admin PPE untuk uji coba enkripsi",
    S.UJI_DICATAT: "Uji coba enkripsi dicatat",
    S.DITERUSKAN_EKSTERNAL: "Diteruskan ke LKPP dan BSSN",
    S.SELESAI: "Selesai, Berita Acara Hasil Uji Forensik terbit",
    S.DITOLAK: "Ditolak",
}

# The local clock: from a complete request to the escalation to LKPP and BSSN (or the local report).
CLOCK_STARTS = frozenset({T.LENGKAPI})  # and the filing itself
CLOCK_STOPS = frozenset({T.KEMBALIKAN, T.TERUSKAN_EKSTERNAL, T.TERBITKAN_BERITA_ACARA, T.TOLAK})
REQUESTER_ROLES = frozenset({"pokja", "pelapor"})


class ForensicRefused(Exception):
    """A step the rules do not allow now; the message is shown to the person as it is."""


@dataclass(frozen=True)
class ForensicCase:
    """A forensic test as its machine sees it."""

    id: uuid.UUID
    lpse: str
    reference: str
    service_id: str
    tender_id: str
    tender_name: str
    status: Status
    files: tuple[ForensicFile, ...]
    requester_email: str | None = None
    language: Language = "id"
    holder: str | None = None
    held_until: datetime | None = None
    trial_outcome: TrialOutcome | None = None
    answered: tuple[ExternalParty, ...] = ()
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """A trigger with what it brings."""

    trigger: Trigger
    missing: tuple[str, ...] = ()
    known_missing: tuple[str, ...] = ()  # the items the standard asks for (the profile's documents)
    text: str = ""
    outcome: TrialOutcome | None = None
    party: ExternalParty | None = None
    external_ref: str = ""
    files: tuple[ForensicFile, ...] = ()
    due_at: datetime | None = None
    report_number: str = ""
    attachment: AttachmentRef | None = None
    within_deadline: bool | None = None


def _require(condition: bool, refusal: str) -> None:
    if not condition:
        raise ForensicRefused(refusal)


def holds(c: ForensicCase, actor_id: str, at: datetime) -> bool:
    """Whether the person holds the case's lease now."""
    return c.holder == actor_id and c.held_until is not None and at < c.held_until


def _guard(c: ForensicCase, step: Step, actor: Actor, at: datetime) -> None:
    """The guards before the table's lookup, each with the sentence a person reads."""
    t = step.trigger
    if t is T.LENGKAPI:
        _require(actor.role in REQUESTER_ROLES, "Hanya Pokja pemohon yang dapat melengkapi permohonan ini.")
    elif t in (T.JAWABAN_PIHAK, T.PENOLAKAN_PIHAK):
        _require(actor.role == "system", "Jawaban LKPP dan BSSN hanya diterima melalui gateway.")
    elif t is T.KLAIM:
        free = c.holder is None or c.held_until is None or at >= c.held_until or c.holder == actor.id
        _require(free, f"Permohonan sedang ditangani {c.holder}.")
    else:
        _require(holds(c, actor.id, at), "Klaim permohonan ini terlebih dahulu.")
    if t is T.KEMBALIKAN:
        _require(bool(step.missing), "Centang sekurang-kurangnya satu kelengkapan yang kurang.")
        _require(set(step.missing) <= set(step.known_missing), "Kelengkapan yang dicentang tidak dikenal standar.")
    if t in (T.CATAT_UJI, T.TERUSKAN_EKSTERNAL, T.TOLAK, T.KEMBALIKAN):
        _require(bool(step.text.strip()), "Isi uraian atau alasan langkah ini.")
    if t is T.CATAT_UJI:
        _require(step.outcome in ("terbuka", "tidak_terbuka"), "Pilih hasil uji coba: terbuka atau tidak terbuka.")
    if t is T.TERUSKAN_EKSTERNAL:
        _require(c.trial_outcome == "tidak_terbuka", "Berkas terbuka pada uji coba: terbitkan berita acara di LPSE.")
    if t is T.TERBITKAN_BERITA_ACARA and c.status is S.UJI_DICATAT:
        _require(c.trial_outcome == "terbuka", "Berkas tidak terbuka pada uji coba: teruskan ke LKPP dan BSSN.")
    if t is T.TERBITKAN_BERITA_ACARA and c.status is S.DITERUSKAN_EKSTERNAL:
        _require(set(PARTIES) <= set(c.answered), "Tunggu jawaban LKPP dan BSSN sebelum menerbitkan berita acara.")
    if t is T.LENGKAPI:
        _require(bool(step.files), "Unggah sekurang-kurangnya satu berkas yang akan diuji.")


def decide(c: ForensicCase, step: Step, *, at: datetime, actor: Actor, status_url: str) -> Decided[ForensicCase]:
    """The case after a step, its facts and its audit row; ForensicRefused (a guard) or TransitionRefused (no such
    pair in the table) otherwise."""
    if (c.status, step.trigger) not in TRANSITIONS:
        raise TransitionRefused(f"{step.trigger.value} does not apply in state {c.status.value}")
    _guard(c, step, actor, at)
    after = replace(c, status=transition(TRANSITIONS, c.status, step.trigger))
    after, facts = _effect(after, c, step, actor, at=at, status_url=status_url)
    reason = step.text[:500] or (step.party or "") or None
    audit = AuditEntry(at, actor, ENTITY, str(c.id), step.trigger.value, c.status.value, after.status.value, reason)
    return Decided(after, facts=facts, audit=audit)


def _effect(
    after: ForensicCase, before: ForensicCase, step: Step, actor: Actor, *, at: datetime, status_url: str
) -> tuple[ForensicCase, tuple[Event, ...]]:
    """What the step changes beyond the status, and the fact it publishes (none for desk steps)."""
    t, base = step.trigger, about(before, actor, at, status_url)
    # A hand-over leaves the desk: the next officer claims it.
    released = replace(after, holder=None, held_until=None)
    if t is T.KLAIM:
        return replace(after, holder=actor.id, held_until=at + LEASE), ()
    if t is T.LEPAS:
        return released, ()
    if t is T.KEMBALIKAN:
        missing = tuple(m for m in step.known_missing if m in step.missing)
        return replace(released, missing=missing), (ForensicTestReturnedV1(**base, missing=missing),)
    if t is T.LENGKAPI:
        fact: Event = ForensicTestResubmittedV1(**base, files=step.files, due_at=step.due_at)
        return replace(after, files=step.files, missing=()), (fact,)
    if t is T.ESKALASI:
        return released, (ForensicTestEscalatedV1(**base, to_role="admin_ppe", to_label="Admin PPE"),)
    if t is T.CATAT_UJI:
        assert step.outcome is not None
        return replace(after, trial_outcome=step.outcome), (ForensicTrialRecordedV1(**base, outcome=step.outcome),)
    if t is T.TERUSKAN_EKSTERNAL:
        assert before.trial_outcome is not None
        fact = ForensicEscalatedExternalV1(
            **base,
            parties=PARTIES,
            files=before.files,
            tender_name=before.tender_name,
            trial_outcome=before.trial_outcome,
            note=step.text,
        )
        return replace(after, answered=()), (fact,)
    if t is T.JAWABAN_PIHAK:
        assert step.party is not None
        answered = tuple(p for p in PARTIES if p in {*before.answered, step.party})
        awaiting = tuple(p for p in PARTIES if p not in answered)
        fact = ForensicAnswerReceivedV1(**base, party=step.party, external_ref=step.external_ref, awaiting=awaiting)
        return replace(after, answered=answered), (fact,)
    if t is T.PENOLAKAN_PIHAK:
        return released, ()
    if t is T.TERBITKAN_BERITA_ACARA:
        assert step.attachment is not None
        fact = ForensicReportIssuedV1(
            **base,
            report_number=step.report_number,
            files=before.files,
            attachments=(step.attachment,),
            within_deadline=step.within_deadline,
        )
        return after, (fact,)
    if t is T.TOLAK:
        return released, (ForensicTestRefusedV1(**base, reason=step.text),)
    return after, ()


def about(c: ForensicCase, actor: Actor, at: datetime, status_url: str) -> dict[str, object]:
    """The fields every forensic fact carries."""
    return {
        "occurred_at": at,
        "lpse": c.lpse,
        "correlation_id": c.id,
        "actor": actor,
        "case_id": c.id,
        "reference": c.reference,
        "service_id": c.service_id,
        "tender_id": c.tender_id,
        "requester_email": c.requester_email,
        "language": c.language,
        "status_url": status_url,
    }


def file_request(
    c: ForensicCase,
    *,
    actor: Actor,
    channel: RequestChannel,
    at: datetime,
    due_at: datetime | None,
    deadline_text: str,
    status_url: str,
) -> Decided[ForensicCase]:
    """A valid request is filed: stored, announced with its due instant, audited."""
    fact = ForensicTestRequestedV1(
        **about(c, actor, at, status_url), channel=channel, due_at=due_at, deadline_text=deadline_text, files=c.files
    )
    audit = AuditEntry(at, actor, ENTITY, str(c.id), "ajukan", None, c.status.value, channel)
    return Decided(c, facts=(fact,), audit=audit)


def refuse_transition(error: TransitionRefused) -> str:
    """The sentence a person reads when a step does not apply to the case's status."""
    del error
    return "Langkah ini tidak berlaku untuk permohonan berstatus ini."
