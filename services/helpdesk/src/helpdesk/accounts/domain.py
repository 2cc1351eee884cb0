"""The internal-account request machine's guards with Indonesian refusals, and `decide()` over the tables of
`tables.py` (which one a service follows comes from its profile). Pure.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from contracts.account_requests import (
    AccountChangeKind,
    AccountRequestApprovedV1,
    AccountRequestCompletedV1,
    AccountRequestDispositionedV1,
    AccountRequestedV1,
    AccountRequestEscalatedV1,
    AccountRequestKind,
    AccountRequestPreparedV1,
    AccountRequestRefusedV1,
    AccountRequestResubmittedV1,
    AccountRequestReturnedV1,
    InternalRole,
)
from contracts.envelope import Actor, Event, Language
from contracts.identity import StaffRole
from contracts.requests import RequestChannel
from helpdesk.accounts.tables import OFFICER_LABEL, TABLES, Path, Status, Trigger
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.machine import TransitionRefused, transition

LEASE = timedelta(minutes=30)
T = Trigger

# The position asked for → the platform role the account gets (PA/KPA/Bendahara have none: INAPROC only).
STAFF_ROLE: dict[InternalRole, StaffRole] = {
    "ppk": "ppk",
    "pokja": "pokja",
    "pejabat_pengadaan": "pejabat_pengadaan",
    "pa": "pa",
    "kabag_pbj": "kepala_lpse",  # TMG-2: the Kabag PBJ is the Kepala LPSE
    "admin_ppe": "admin_ppe",
    "helpdesk": "helpdesk",
    "verifikator": "verifikator",
    "auditor": "auditor_paket",  # DPK-3a: an APIP/APH auditor reads only its tenders and period
}


class RequestRefused(Exception):
    """A step the request's rules do not allow now; the message is shown to the person as it is."""


@dataclass(frozen=True)
class AccountRequest:
    """An account request as its machine sees it."""

    id: uuid.UUID
    lpse: str
    reference: str
    service_id: str
    kind: AccountRequestKind
    role: InternalRole
    status: Status
    path: Path
    officer: str
    person_name: str
    email: str | None
    language: Language = "id"
    change_kind: AccountChangeKind | None = None
    username: str | None = None
    new_email: str | None = None
    access_until: date | None = None
    holder: str | None = None
    lease_until: datetime | None = None
    prepared_by: str | None = None
    checked_by: str | None = None
    missing: tuple[str, ...] = ()
    reason: str | None = None


@dataclass(frozen=True)
class Step:
    """A trigger with what it brings."""

    trigger: Trigger
    missing: tuple[str, ...] = ()  # labels of what is missing (KEMBALIKAN)
    username: str | None = None  # SETUJUI / SIAPKAN; identity's answers
    reason: str | None = None  # TOLAK, KEMBALIKAN_KE_PEMBUAT, AKUN_DITOLAK
    checklist_complete: bool = False  # VERIFIKASI
    due_at: datetime | None = None  # AJUKAN_ULANG: the fresh clock's due
    within_deadline: bool | None = None  # AKUN_DIBUAT / INAPROC_TERVERIFIKASI


def _require(condition: bool, refusal: str) -> None:
    if not condition:
        raise RequestRefused(refusal)


def _guard(r: AccountRequest, step: Step, actor: Actor, at: datetime) -> None:
    """Who may take the step now, and what it must bring; each refusal is the sentence a person reads."""
    t = step.trigger
    held = r.holder is not None and r.lease_until is not None and r.lease_until > at
    if actor.role not in ("pelapor", "system") and held and r.holder != actor.id:
        raise RequestRefused(f"Permohonan sedang ditangani {r.holder}.")
    if t is T.AJUKAN_ULANG:
        _require(actor.role == "pelapor", "Hanya pemohon yang dapat melengkapi berkas dari halaman statusnya.")
    if t in (T.LENGKAP, T.KEMBALIKAN, T.VERIFIKASI, T.INAPROC_TERVERIFIKASI):
        _require(actor.role == "helpdesk", "Berkas diperiksa oleh petugas Helpdesk / Front Office.")
    if t is T.KEMBALIKAN:
        _require(bool(step.missing), "Sebutkan sekurang-kurangnya satu hal yang belum lengkap.")
    if t is T.DISPOSISI:
        _require(actor.role == "kepala_lpse", "Disposisi diberikan oleh Kabag PBJ selaku Kepala LPSE.")
    if t in (T.SETUJUI, T.TOLAK) and r.path is Path.ESKALASI:
        _require(actor.role == r.officer, f"Permohonan ini diputuskan oleh {OFFICER_LABEL[r.officer]}.")
    if t in (T.SIAPKAN, T.KONFIRMASI, T.KEMBALIKAN_KE_PEMBUAT) or (t is T.TOLAK and r.path is Path.BERJENJANG):
        _require(actor.role == "admin_agency", "Akun disiapkan dan dicek ulang oleh Admin Agency.")
    if t in (T.SETUJUI, T.SIAPKAN):
        _require(bool(step.username), "Isi nama pengguna (username) akun.")
    if t in (T.KONFIRMASI, T.KEMBALIKAN_KE_PEMBUAT):
        _require(
            actor.id != r.prepared_by,
            "Pengecekan ulang harus dilakukan oleh petugas lain, bukan pembuat akun (TMG-2: setiap akun baru "
            "dicek ulang oleh satu petugas lain sebelum disahkan).",
        )
    if t in (T.TOLAK, T.KEMBALIKAN_KE_PEMBUAT):
        _require(bool(step.reason), "Tuliskan alasannya.")
    if t is T.VERIFIKASI:
        _require(step.checklist_complete, "Centang setiap persyaratan MGL-O yang sudah diperiksa.")
    if t in (T.AKUN_DIBUAT, T.AKUN_DITOLAK):
        _require(actor.role == "system", "Langkah ini dicatat oleh layanan identitas.")


def decide(r: AccountRequest, step: Step, *, at: datetime, actor: Actor, status_url: str) -> Decided[AccountRequest]:
    """The request after a step, its facts and its audit row; RequestRefused (a guard) or TransitionRefused (no such
    pair in the request's table) otherwise."""
    table = TABLES[r.path]
    if (r.status, step.trigger) not in table:
        raise TransitionRefused(f"{step.trigger.value} does not apply in state {r.status.value}")
    _guard(r, step, actor, at)
    after = replace(r, status=transition(table, r.status, step.trigger))
    if step.trigger is T.KLAIM:
        after = replace(after, holder=actor.id, lease_until=at + LEASE)
    elif actor.role not in ("pelapor", "system"):
        after = replace(after, holder=None, lease_until=None)  # the step hands the request on
    after, facts = _effect(after, r, step, actor, at=at, status_url=status_url)
    why = step.reason or (", ".join(step.missing) if step.missing else None)
    audit = AuditEntry(at, actor, "account_request", str(r.id), step.trigger.value, r.status.value, after.status.value)
    return Decided(after, facts=facts, audit=replace(audit, reason=why[:500] if why else None))


def _effect(
    after: AccountRequest, before: AccountRequest, step: Step, actor: Actor, *, at: datetime, status_url: str
) -> tuple[AccountRequest, tuple[Event, ...]]:
    """What the step changes beyond the status, and the facts it publishes."""
    t, base = step.trigger, about(before, actor, at, status_url)
    if t is T.KEMBALIKAN:
        missing = tuple(step.missing)
        return replace(after, missing=missing), (AccountRequestReturnedV1(**base, missing=missing),)
    if t is T.AJUKAN_ULANG:
        return replace(after, missing=()), (AccountRequestResubmittedV1(**base, due_at=step.due_at),)
    if t is T.LENGKAP:
        to = "kepala_lpse" if before.path is Path.BERJENJANG else before.officer
        return after, (AccountRequestEscalatedV1(**base, to_role=to, to_label=OFFICER_LABEL[to]),)
    if t is T.DISPOSISI:
        return after, (AccountRequestDispositionedV1(**base),)
    if t is T.SIAPKAN:
        assert step.username is not None
        prepared = replace(after, username=step.username, prepared_by=actor.id, reason=None)
        return prepared, (AccountRequestPreparedV1(**base, username=step.username, second_check_required=True),)
    if t is T.SETUJUI:
        approved = replace(after, username=step.username, prepared_by=actor.id, reason=None)
        return approved, (approval(approved, base),)
    if t is T.KONFIRMASI:
        checked = replace(after, checked_by=actor.id)
        return checked, (approval(checked, base),)
    if t in (T.KEMBALIKAN_KE_PEMBUAT, T.AKUN_DITOLAK):
        return replace(after, reason=step.reason), ()  # an internal step: the requester is not written to
    if t is T.TOLAK:
        assert step.reason is not None
        return replace(after, reason=step.reason), (AccountRequestRefusedV1(**base, reason=step.reason),)
    if t in (T.AKUN_DIBUAT, T.INAPROC_TERVERIFIKASI):
        done = AccountRequestCompletedV1(**base, username=before.username, within_deadline=step.within_deadline)
        return after, (done,)
    return after, ()


def approval(r: AccountRequest, base: dict[str, object]) -> AccountRequestApprovedV1:
    """What identity acts on: a new account, a change, or the end of one (pensiun, mutasi)."""
    assert r.username is not None
    ends = r.change_kind in ("pensiun", "mutasi")
    return AccountRequestApprovedV1(
        **base,
        username=r.username,
        person_name=r.person_name,
        account_email=r.new_email if r.change_kind == "email" else r.email,
        staff_role=None if ends else STAFF_ROLE.get(r.role),
        change_kind=r.change_kind,
        access_until=r.access_until,
        prepared_by=r.prepared_by or "",
        checked_by=r.checked_by,
    )


def about(r: AccountRequest, actor: Actor, at: datetime, status_url: str) -> dict[str, object]:
    """The fields every account-request fact carries."""
    return {
        "occurred_at": at,
        "lpse": r.lpse,
        "correlation_id": r.id,
        "actor": actor,
        "case_id": r.id,
        "reference": r.reference,
        "service_id": r.service_id,
        "requester_email": r.email,
        "language": r.language,
        "status_url": status_url,
        "kind": r.kind,
        "role": r.role,
    }


def open_request(
    r: AccountRequest,
    *,
    at: datetime,
    actor: Actor,
    status_url: str,
    channel: RequestChannel,
    due_at: datetime | None,
    text: str,
) -> Decided[AccountRequest]:
    """A valid request is filed: stored as diajukan, announced with its clock's due instant, audited."""
    fact = AccountRequestedV1(
        **about(r, actor, at, status_url),
        channel=channel,
        due_at=due_at,
        deadline_text=text or None,
        change_kind=r.change_kind,
    )
    audit = AuditEntry(at, actor, "account_request", str(r.id), "ajukan", None, r.status.value, r.service_id)
    return Decided(r, facts=(fact,), audit=audit)
