"""What must hold before a case moves: each guard names what stands in the way, in the order staff are told."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from contracts.envelope import Actor
from verification.domain.case import (
    ACTIVATING_TRIGGERS,
    COUNTER_ROLES,
    COUNTER_TRIGGERS,
    HOLDER_TRIGGERS,
    VERIFIER_ROLES,
    Activation,
    Case,
    CaseStatus,
    Trigger,
)


@dataclass(frozen=True)
class Attempt:
    """One action on one case: who, when, and what the action brings with it."""

    case: Case
    trigger: Trigger
    actor: Actor
    actor_lpse: str
    now: datetime
    reason: str = ""
    gaps_left: tuple[str, ...] = ()
    activation: Activation | None = None
    new_assignee: str | None = None
    four_eyes: bool = False
    returned_items: tuple[str, ...] = ()
    reuploaded: tuple[str, ...] = ()


def role(a: Attempt) -> str | None:
    """The applicant resubmits; counter staff receive the visit; verifiers do the rest."""
    if a.trigger is Trigger.RESUBMIT:
        return None if a.actor.role == "penyedia" else "Hanya pemohon yang dapat mengirim kembali berkasnya."
    if a.trigger in COUNTER_TRIGGERS:
        if a.actor.role not in COUNTER_ROLES:
            return "Hanya petugas loket LPSE yang dapat mencatat kedatangan dan menerima berkas."
        return None
    return None if a.actor.role in VERIFIER_ROLES else "Hanya verifikator yang dapat memproses kasus verifikasi."


def own_lpse(a: Attempt) -> str | None:
    """Staff act on their own LPSE's cases only."""
    return "Kasus ini milik LPSE lain." if a.actor_lpse != a.case.lpse and a.trigger is not Trigger.RESUBMIT else None


def reassignment(a: Attempt) -> str | None:
    """Only the head of the LPSE reassigns, and to a verifier chosen."""
    if a.trigger is not Trigger.REASSIGN:
        return None
    if a.actor.role != "kepala_lpse":
        return "Hanya Kepala LPSE yang dapat mengalihkan kasus."
    return None if a.new_assignee else "Pilih verifikator tujuan."


def lease(a: Attempt) -> str | None:
    """A case in review is claimed again only by someone else, once its holder's lease ran out."""
    if a.trigger is not Trigger.CLAIM or a.case.status is not CaseStatus.IN_REVIEW:
        return None
    if a.case.assignee == a.actor.id:
        return "Kasus ini sudah Anda klaim."
    if a.case.lease_until is not None and a.now < a.case.lease_until:
        return f"Kasus ini sedang dikerjakan {a.case.assignee}."
    return None


def holder(a: Attempt) -> str | None:
    """Working on a case needs holding it."""
    if a.trigger not in HOLDER_TRIGGERS or a.case.assignee == a.actor.id:
        return None
    return "Kasus ini sedang dikerjakan verifikator lain." if a.case.assignee else "Klaim kasus ini terlebih dahulu."


def reason(a: Attempt) -> str | None:
    """A return names what is missing; a rejection says why."""
    if a.trigger is Trigger.RETURN and not a.reason.strip():
        return "Sebutkan dokumen yang kurang atau tidak sesuai sebelum mengembalikan berkas."
    if a.trigger is Trigger.REJECT and not a.reason.strip():
        return "Penolakan memerlukan alasan."
    return None


def four_eyes(a: Attempt) -> str | None:
    """Where the standard asks a second officer, the verifier verifies; elsewhere the verifier approves."""
    if a.trigger is Trigger.APPROVE and a.four_eyes:
        return "Standar pelayanan LPSE ini mewajibkan konfirmasi petugas kedua sebelum akun diaktifkan."
    if a.trigger is Trigger.VERIFY and not a.four_eyes:
        return "Standar pelayanan LPSE ini tidak memerlukan konfirmasi petugas kedua: setujui langsung."
    return None


def complete(a: Attempt) -> str | None:
    """Every mandatory document is verified before the file is approved, verified or confirmed."""
    if a.trigger in {Trigger.APPROVE, Trigger.VERIFY, Trigger.CONFIRM} and a.gaps_left:
        return "Belum semua dokumen wajib terverifikasi: " + "; ".join(a.gaps_left)
    return None


def second_officer(a: Attempt) -> str | None:
    """The officer who confirms is never the one who verified."""
    if a.trigger is Trigger.CONFIRM and a.actor.id == a.case.verified_by:
        return "Konfirmasi harus dilakukan petugas lain, bukan verifikator yang memeriksa berkas."
    return None


def activation(a: Attempt) -> str | None:
    """Activating needs the account it creates."""
    if a.trigger in ACTIVATING_TRIGGERS and a.activation is None:
        return "Persetujuan memerlukan data aktivasi akun."
    return None


# Checked in this order; the first that fails is the one staff are told.
GUARDS: tuple[Callable[[Attempt], str | None], ...] = (
    role,
    own_lpse,
    reassignment,
    lease,
    holder,
    reason,
    four_eyes,
    complete,
    second_officer,
    activation,
)


def first_refusal(attempt: Attempt) -> str | None:
    """What stands in the way of the attempt, if anything."""
    return next((refusal for guard in GUARDS if (refusal := guard(attempt)) is not None), None)
