"""Verification's pure domain: the case state machine and the provider user ID."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from contracts.envelope import Actor, Event, Language
from contracts.verification import AccountActivatedV1, CaseClaimedV1, CaseResumedV1, CaseReturnedV1, CaseVerifiedV1

SET_PASSWORD_VALIDITY = timedelta(hours=72)


class CaseStatus(StrEnum):
    """Where a verification case stands."""

    QUEUED = "queued"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    ACTIVATED = "activated"


class Trigger(StrEnum):
    """What a verifier does to a case."""

    CLAIM = "claim"
    RELEASE = "release"
    RETURN = "return"
    RESUME = "resume"
    APPROVE = "approve"


TRANSITIONS: dict[tuple[CaseStatus, Trigger], CaseStatus] = {
    (CaseStatus.QUEUED, Trigger.CLAIM): CaseStatus.IN_REVIEW,
    (CaseStatus.IN_REVIEW, Trigger.RELEASE): CaseStatus.QUEUED,
    (CaseStatus.IN_REVIEW, Trigger.RETURN): CaseStatus.RETURNED,
    (CaseStatus.RETURNED, Trigger.RESUME): CaseStatus.IN_REVIEW,
    (CaseStatus.IN_REVIEW, Trigger.APPROVE): CaseStatus.ACTIVATED,
}

# While the file is back with the applicant, the case's clocks do not count.
PAUSED_STATUSES = frozenset({CaseStatus.RETURNED})

STATUS_LABEL: dict[CaseStatus, str] = {
    CaseStatus.QUEUED: "Menunggu verifikator",
    CaseStatus.IN_REVIEW: "Sedang diverifikasi",
    CaseStatus.RETURNED: "Berkas dikembalikan kepada pemohon",
    CaseStatus.ACTIVATED: "Disetujui, akun aktif",
}

VERIFIER_ROLES = frozenset({"verifikator", "kepala_lpse"})


class Refused(Exception):
    """The action is not allowed: the message says why, in Indonesian, for the staff console."""


@dataclass(frozen=True)
class Case:
    """The part of a case the state machine decides on."""

    case_id: uuid.UUID
    application_id: uuid.UUID
    lpse: str
    status: CaseStatus
    reference: str
    applicant_email: str
    status_url: str
    assignee: str | None
    opened_by_event: uuid.UUID
    language: Language = "id"


@dataclass(frozen=True)
class Activation:
    """What approving a case creates: the provider and the one-time set-password link."""

    provider_id: uuid.UUID
    user_id: str
    set_password_url: str
    expires_at: datetime


@dataclass(frozen=True)
class Decision:
    """The new status, who holds the case afterwards, and the facts to publish."""

    status: CaseStatus
    assignee: str | None
    events: tuple[Event, ...]


def decide(
    case: Case,
    trigger: Trigger,
    *,
    actor: Actor,
    actor_lpse: str,
    now: datetime,
    activation: Activation | None = None,
    reason: str = "",
) -> Decision:
    """Apply a verifier's action to a case, or raise Refused."""
    if actor.role not in VERIFIER_ROLES:
        raise Refused("Hanya verifikator yang dapat memproses kasus verifikasi.")
    if actor_lpse != case.lpse:
        raise Refused("Kasus ini milik LPSE lain.")
    if trigger in {Trigger.RELEASE, Trigger.APPROVE, Trigger.RETURN, Trigger.RESUME} and case.assignee != actor.id:
        raise Refused(
            "Kasus ini sedang dikerjakan verifikator lain." if case.assignee else "Klaim kasus ini terlebih dahulu."
        )
    if trigger is Trigger.RETURN and not reason.strip():
        raise Refused("Sebutkan dokumen yang kurang atau tidak sesuai sebelum mengembalikan berkas.")
    if trigger is Trigger.APPROVE and activation is None:
        raise Refused("Persetujuan memerlukan data aktivasi akun.")
    new_status = TRANSITIONS.get((case.status, trigger))
    if new_status is None:
        raise Refused(f"Tindakan '{trigger.value}' tidak berlaku untuk kasus berstatus '{STATUS_LABEL[case.status]}'.")
    common = {
        "occurred_at": now,
        "lpse": case.lpse,
        "correlation_id": case.application_id,
        "causation_id": None,
        "actor": actor,
        "case_id": case.case_id,
        "application_id": case.application_id,
        "reference": case.reference,
        "applicant_email": case.applicant_email,
        "status_url": case.status_url,
        "language": case.language,
    }
    events: tuple[Event, ...] = ()
    assignee: str | None = case.assignee
    if trigger is Trigger.CLAIM:
        assignee = actor.id
        events = (CaseClaimedV1(**common, verifier_id=actor.id),)
    elif trigger is Trigger.RELEASE:
        assignee = None
    elif trigger is Trigger.RETURN:
        events = (CaseReturnedV1(**common, verifier_id=actor.id, reason=reason.strip()),)
    elif trigger is Trigger.RESUME:
        events = (CaseResumedV1(**common, verifier_id=actor.id),)
    elif activation is not None:
        events = (
            CaseVerifiedV1(**common, verifier_id=actor.id),
            AccountActivatedV1(
                **common,
                provider_id=activation.provider_id,
                user_id=activation.user_id,
                set_password_url=activation.set_password_url,
                set_password_expires_at=activation.expires_at,
            ),
        )
    return Decision(new_status, assignee, events)


def user_id_base(company_name: str) -> str:
    """An uppercase, letters-and-digits stem from the company name, without legal-form words."""
    words = [
        w for w in re.sub(r"[^A-Za-z0-9 ]", " ", company_name).upper().split() if w not in {"PT", "CV", "UD", "TBK"}
    ]
    stem = "".join(words)[:12]
    return stem if len(stem) >= 3 else (stem + "PENYEDIA")[:12]


def user_id_candidate(company_name: str, attempt: int, suffix: int) -> str:
    """The attempt-th candidate user ID: the stem, then the stem with a numeric suffix."""
    base = user_id_base(company_name)
    return base if attempt == 0 else f"{base}{suffix:04d}"
