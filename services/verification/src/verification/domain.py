"""Verification's pure domain: the case state machine, the document checklist, the claim lease, the user ID."""

from __future__ import annotations

import html
import re
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from contracts.envelope import Actor, AttachmentRef, Event, Language
from contracts.lpse import CONDITION_LABEL, DocumentRule, Requirement, VerificationMode, requirement
from contracts.registration import ProviderType
from contracts.verification import (
    AccountActivatedV1,
    CaseCheckedInV1,
    CaseClaimedV1,
    CaseHandedOverV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    CaseVerifiedV1,
    DocumentToBring,
)

SET_PASSWORD_VALIDITY = timedelta(hours=72)
CLAIM_LEASE = timedelta(minutes=30)


class CaseStatus(StrEnum):
    """Where a verification case stands."""

    AWAITING_VISIT = "awaiting_visit"  # counter mode: invited, the applicant has not come yet
    CHECKED_IN = "checked_in"  # counter mode: at the counter (guest book), the file not handed over yet
    QUEUED = "queued"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    REJECTED = "rejected"
    ACTIVATED = "activated"


class Trigger(StrEnum):
    """What staff do to a case."""

    CHECK_IN = "check_in"  # counter staff record the applicant's arrival
    HAND_OVER = "hand_over"  # counter staff receive the file: the service clock starts
    CLAIM = "claim"
    RELEASE = "release"
    REASSIGN = "reassign"
    RETURN = "return"
    RESUME = "resume"
    REJECT = "reject"
    RESUBMIT = "resubmit"  # the applicant uploaded again what was returned
    APPROVE = "approve"  # activates at once, where the standard needs no second officer
    VERIFY = "verify"  # hands the verified file to a second officer, where the standard needs one
    CONFIRM = "confirm"  # the second officer confirms and the account is activated


TRANSITIONS: dict[tuple[CaseStatus, Trigger], CaseStatus] = {
    (CaseStatus.AWAITING_VISIT, Trigger.CHECK_IN): CaseStatus.CHECKED_IN,
    (CaseStatus.CHECKED_IN, Trigger.HAND_OVER): CaseStatus.QUEUED,
    (CaseStatus.QUEUED, Trigger.CLAIM): CaseStatus.IN_REVIEW,
    (CaseStatus.IN_REVIEW, Trigger.CLAIM): CaseStatus.IN_REVIEW,  # only once the holder's lease ran out
    (CaseStatus.IN_REVIEW, Trigger.RELEASE): CaseStatus.QUEUED,
    (CaseStatus.QUEUED, Trigger.REASSIGN): CaseStatus.IN_REVIEW,
    (CaseStatus.IN_REVIEW, Trigger.REASSIGN): CaseStatus.IN_REVIEW,
    (CaseStatus.IN_REVIEW, Trigger.RETURN): CaseStatus.RETURNED,
    (CaseStatus.RETURNED, Trigger.RESUME): CaseStatus.IN_REVIEW,
    (CaseStatus.RETURNED, Trigger.RESUBMIT): CaseStatus.IN_REVIEW,
    (CaseStatus.IN_REVIEW, Trigger.REJECT): CaseStatus.REJECTED,
    (CaseStatus.IN_REVIEW, Trigger.APPROVE): CaseStatus.ACTIVATED,
    (CaseStatus.IN_REVIEW, Trigger.VERIFY): CaseStatus.AWAITING_CONFIRMATION,
    (CaseStatus.AWAITING_CONFIRMATION, Trigger.CONFIRM): CaseStatus.ACTIVATED,
}

# While the file is back with the applicant, the case's clocks do not count; a closed case's clocks stop.
PAUSED_STATUSES = frozenset({CaseStatus.RETURNED})
CLOSED_STATUSES = frozenset({CaseStatus.ACTIVATED, CaseStatus.REJECTED})

STATUS_LABEL: dict[CaseStatus, str] = {
    CaseStatus.AWAITING_VISIT: "Menunggu kedatangan pemohon di loket",
    CaseStatus.CHECKED_IN: "Pemohon sudah datang, berkas belum diserahkan",
    CaseStatus.QUEUED: "Menunggu verifikator",
    CaseStatus.IN_REVIEW: "Sedang diverifikasi",
    CaseStatus.RETURNED: "Berkas dikembalikan kepada pemohon",
    CaseStatus.AWAITING_CONFIRMATION: "Terverifikasi, menunggu konfirmasi petugas kedua",
    CaseStatus.REJECTED: "Ditolak",
    CaseStatus.ACTIVATED: "Disetujui, akun aktif",
}

COUNTER_QUEUED_LABEL = "Berkas diterima di loket, menunggu verifikator"


def status_label(status: CaseStatus, mode: VerificationMode | None) -> str:
    """The step a case waits on, as staff read it in the queue: a counter case in the queue has its file here."""
    return COUNTER_QUEUED_LABEL if status is CaseStatus.QUEUED and mode == "loket" else STATUS_LABEL[status]


# A case opens here: in counter mode it waits for the visit; online, the uploads go straight to the queue.
OPENING_STATUS: dict[VerificationMode, CaseStatus] = {
    "loket": CaseStatus.AWAITING_VISIT,
    "unggahan": CaseStatus.QUEUED,
}

# What staff call each action: the console's button labels, so a refusal names the button that was pressed.
TRIGGER_LABEL: dict[Trigger, str] = {
    Trigger.CHECK_IN: "Catat kedatangan",
    Trigger.HAND_OVER: "Terima berkas",
    Trigger.CLAIM: "Klaim kasus",
    Trigger.RELEASE: "Lepaskan",
    Trigger.REASSIGN: "Alihkan",
    Trigger.RETURN: "Kembalikan berkas",
    Trigger.RESUME: "Lanjutkan verifikasi",
    Trigger.REJECT: "Tolak permohonan",
    Trigger.RESUBMIT: "Kirim dokumen yang diminta",
    Trigger.APPROVE: "Setujui dan aktifkan akun",
    Trigger.VERIFY: "Verifikasi dan teruskan ke petugas kedua",
    Trigger.CONFIRM: "Konfirmasi dan aktifkan akun",
}

VERIFIER_ROLES = frozenset({"verifikator", "kepala_lpse"})
# At the counter the helpdesk receives the file too (Banjarmasin BJM-1 steps 7-8).
COUNTER_ROLES = VERIFIER_ROLES | {"helpdesk"}
COUNTER_TRIGGERS = frozenset({Trigger.CHECK_IN, Trigger.HAND_OVER})
HOLDER_TRIGGERS = frozenset(
    {Trigger.RELEASE, Trigger.RETURN, Trigger.RESUME, Trigger.REJECT, Trigger.APPROVE, Trigger.VERIFY}
)
ACTIVATING_TRIGGERS = frozenset({Trigger.APPROVE, Trigger.CONFIRM})


class Refused(Exception):
    """The action is not allowed: the message says why, in Indonesian, for the staff console."""


# -- the checklist ----------------------------------------------------------------------------------------------


class ItemResult(StrEnum):
    """What the verifier found for one document."""

    PENDING = "pending"
    VERIFIED = "verified"  # original seen, copy matches the data entered
    INVALID = "invalid"  # missing, unreadable, expired or not matching: with a reason
    NOT_APPLICABLE = "not_applicable"  # a conditional document that does not apply to this applicant


ITEM_LABEL: dict[ItemResult, str] = {
    ItemResult.PENDING: "belum diperiksa",
    ItemResult.VERIFIED: "asli dilihat, salinan sesuai",
    ItemResult.INVALID: "tidak ada / tidak sesuai",
    ItemResult.NOT_APPLICABLE: "tidak berlaku",
}
# Online, the verifier sees only the uploaded scans and claims nothing about an original.
ONLINE_ITEM_LABEL: dict[ItemResult, str] = {**ITEM_LABEL, ItemResult.VERIFIED: "unggahan sesuai"}


def item_labels(mode: VerificationMode | None) -> dict[ItemResult, str]:
    """The findings offered: 'original seen' only where the file is at the counter."""
    return ITEM_LABEL if mode == "loket" else ONLINE_ITEM_LABEL


def finding_labels(mode: VerificationMode | None, original: bool) -> dict[ItemResult, str]:
    """The findings for one document: one the standard asks only in copy is never 'original seen'."""
    labels = item_labels(mode)
    return labels if original or mode != "loket" else {**labels, ItemResult.VERIFIED: "salinan sesuai"}


@dataclass(frozen=True)
class ChecklistItem:
    """One document on a case's checklist."""

    code: str
    name: str
    mandatory: bool
    result: ItemResult = ItemResult.PENDING
    note: str = ""


def checklist_for(
    documents: Iterable[DocumentRule], provider_type: ProviderType, *, by_proxy: bool
) -> list[ChecklistItem]:
    """The checklist a case starts with: every document its standard asks of this applicant, mandatory or not."""
    items = []
    for rule in documents:
        need = requirement(rule, provider_type, by_proxy=by_proxy)
        if need is not Requirement.NOT_ASKED:
            items.append(ChecklistItem(rule.code, rule.name, mandatory=need is Requirement.MANDATORY))
    return items


def documents_to_bring(rules: Iterable[DocumentRule]) -> tuple[DocumentToBring, ...]:
    """What the applicant brings to the counter: each document with original, copies, stamp duty and condition."""
    return tuple(
        DocumentToBring(
            code=r.code,
            name=r.name,
            original=r.original,
            copies=r.copies,
            stamp_duty=r.stamp_duty,
            condition=CONDITION_LABEL[r.condition],
        )
        for r in rules
    )


def check_item(item: ChecklistItem, result: ItemResult, note: str) -> ChecklistItem:
    """Record a finding, or raise Refused with what is wrong."""
    note = " ".join(note.split())
    if result is ItemResult.INVALID and not note:
        raise Refused(f"{item.name}: sebutkan alasan dokumen tidak sesuai.")
    if result is ItemResult.NOT_APPLICABLE and item.mandatory:
        raise Refused(f"{item.name} wajib untuk permohonan ini; tidak dapat ditandai tidak berlaku.")
    return ChecklistItem(item.code, item.name, item.mandatory, result, note if result is ItemResult.INVALID else "")


def gaps(items: Iterable[ChecklistItem]) -> list[str]:
    """What stands between the file and approval: items not verified (conditional ones may not apply)."""
    missing = []
    for item in items:
        if item.result is ItemResult.VERIFIED or item.result is ItemResult.NOT_APPLICABLE:
            continue
        if item.result is ItemResult.INVALID:
            missing.append(f"{item.name}: {item.note}")
        elif item.mandatory:
            missing.append(f"{item.name}: belum diperiksa")
    return missing


def return_codes(items: Iterable[ChecklistItem]) -> tuple[str, ...]:
    """The documents the applicant must bring or upload again (the same items as the return list)."""
    return tuple(
        i.code for i in items if i.result is ItemResult.INVALID or (i.result is ItemResult.PENDING and i.mandatory)
    )


def return_list(items: Iterable[ChecklistItem]) -> list[str]:
    """What the applicant must bring: every invalid item, and every mandatory item not verified."""
    listed = []
    for item in items:
        if item.result is ItemResult.INVALID:
            listed.append(f"{item.name}: {item.note}")
        elif item.result is ItemResult.PENDING and item.mandatory:
            listed.append(f"{item.name}: belum dibawa")
    return listed


# -- the case ----------------------------------------------------------------------------------------------------


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
    lease_until: datetime | None = None
    verified_by: str | None = None
    director_name: str | None = None


@dataclass(frozen=True)
class Activation:
    """What approving a case creates: the provider and the one-time set-password link."""

    provider_id: uuid.UUID
    user_id: str
    set_password_url: str
    expires_at: datetime
    attachments: tuple[AttachmentRef, ...] = ()


@dataclass(frozen=True)
class Decision:
    """The new status, who holds the case afterwards and until when, and the facts to publish."""

    status: CaseStatus
    assignee: str | None
    lease_until: datetime | None
    events: tuple[Event, ...]


def _guard(
    case: Case,
    trigger: Trigger,
    actor: Actor,
    actor_lpse: str,
    now: datetime,
    *,
    reason: str,
    gaps_left: list[str],
    activation: Activation | None,
    new_assignee: str | None,
    four_eyes: bool,
) -> None:
    if trigger is Trigger.RESUBMIT:
        if actor.role != "penyedia":
            raise Refused("Hanya pemohon yang dapat mengirim kembali berkasnya.")
    elif trigger in COUNTER_TRIGGERS:
        if actor.role not in COUNTER_ROLES:
            raise Refused("Hanya petugas loket LPSE yang dapat mencatat kedatangan dan menerima berkas.")
    elif actor.role not in VERIFIER_ROLES:
        raise Refused("Hanya verifikator yang dapat memproses kasus verifikasi.")
    if actor_lpse != case.lpse and trigger is not Trigger.RESUBMIT:
        raise Refused("Kasus ini milik LPSE lain.")
    if trigger is Trigger.REASSIGN:
        if actor.role != "kepala_lpse":
            raise Refused("Hanya Kepala LPSE yang dapat mengalihkan kasus.")
        if not new_assignee:
            raise Refused("Pilih verifikator tujuan.")
    if trigger is Trigger.CLAIM and case.status is CaseStatus.IN_REVIEW:
        if case.assignee == actor.id:
            raise Refused("Kasus ini sudah Anda klaim.")
        if case.lease_until is not None and now < case.lease_until:
            raise Refused(f"Kasus ini sedang dikerjakan {case.assignee}.")
    if trigger in HOLDER_TRIGGERS and case.assignee != actor.id:
        raise Refused(
            "Kasus ini sedang dikerjakan verifikator lain." if case.assignee else "Klaim kasus ini terlebih dahulu."
        )
    if trigger in {Trigger.RETURN, Trigger.REJECT} and not reason.strip():
        raise Refused(
            "Sebutkan dokumen yang kurang atau tidak sesuai sebelum mengembalikan berkas."
            if trigger is Trigger.RETURN
            else "Penolakan memerlukan alasan."
        )
    if trigger is Trigger.APPROVE and four_eyes:
        raise Refused("Standar pelayanan LPSE ini mewajibkan konfirmasi petugas kedua sebelum akun diaktifkan.")
    if trigger is Trigger.VERIFY and not four_eyes:
        raise Refused("Standar pelayanan LPSE ini tidak memerlukan konfirmasi petugas kedua: setujui langsung.")
    if trigger in {Trigger.APPROVE, Trigger.VERIFY, Trigger.CONFIRM} and gaps_left:
        raise Refused("Belum semua dokumen wajib terverifikasi: " + "; ".join(gaps_left))
    if trigger is Trigger.CONFIRM and actor.id == case.verified_by:
        raise Refused("Konfirmasi harus dilakukan petugas lain, bukan verifikator yang memeriksa berkas.")
    if trigger in ACTIVATING_TRIGGERS and activation is None:
        raise Refused("Persetujuan memerlukan data aktivasi akun.")


def decide(
    case: Case,
    trigger: Trigger,
    *,
    actor: Actor,
    actor_lpse: str,
    now: datetime,
    activation: Activation | None = None,
    reason: str = "",
    gaps_left: list[str] | None = None,
    new_assignee: str | None = None,
    four_eyes: bool = False,
    returned_items: tuple[str, ...] = (),
) -> Decision:
    """Apply a staff action to a case, or raise Refused."""
    _guard(
        case,
        trigger,
        actor,
        actor_lpse,
        now,
        reason=reason,
        gaps_left=gaps_left or [],
        activation=activation,
        new_assignee=new_assignee,
        four_eyes=four_eyes,
    )
    new_status = TRANSITIONS.get((case.status, trigger))
    if new_status is None:
        raise Refused(
            f"Tindakan '{TRIGGER_LABEL[trigger]}' tidak berlaku untuk kasus berstatus '{STATUS_LABEL[case.status]}'."
        )
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
        "director_name": case.director_name,
    }
    events: tuple[Event, ...] = ()
    assignee: str | None = case.assignee
    lease: datetime | None = now + CLAIM_LEASE
    if trigger is Trigger.CHECK_IN:
        events, assignee, lease = (CaseCheckedInV1(**common, officer_id=actor.id),), None, None
    elif trigger is Trigger.HAND_OVER:
        # the due instant is filled in once the clocks have started (clocks.with_due)
        events, assignee, lease = (CaseHandedOverV1(**common, officer_id=actor.id),), None, None
    elif trigger is Trigger.CLAIM:
        assignee = actor.id
        if case.status is CaseStatus.QUEUED:
            events = (CaseClaimedV1(**common, verifier_id=actor.id),)
    elif trigger is Trigger.REASSIGN:
        assignee = new_assignee
        if case.status is CaseStatus.QUEUED and new_assignee:
            events = (CaseClaimedV1(**common, verifier_id=new_assignee),)
    elif trigger is Trigger.RELEASE:
        assignee, lease = None, None
    elif trigger is Trigger.RETURN:
        events = (CaseReturnedV1(**common, verifier_id=actor.id, reason=reason.strip(), items=returned_items),)
    elif trigger is Trigger.RESUME:
        events = (CaseResumedV1(**common, verifier_id=actor.id),)
    elif trigger is Trigger.RESUBMIT:
        events = (CaseResumedV1(**common, verifier_id=case.assignee or "-"),)
    elif trigger is Trigger.REJECT:
        events, lease = (CaseRejectedV1(**common, verifier_id=actor.id, reason=reason.strip()),), None
    elif trigger is Trigger.VERIFY:
        events, lease = (CaseVerifiedV1(**common, verifier_id=actor.id),), None
    elif activation is not None:
        lease = None
        activated = AccountActivatedV1(
            **common,
            provider_id=activation.provider_id,
            user_id=activation.user_id,
            set_password_url=activation.set_password_url,
            set_password_expires_at=activation.expires_at,
            attachments=activation.attachments,
        )
        verified = () if trigger is Trigger.CONFIRM else (CaseVerifiedV1(**common, verifier_id=actor.id),)
        events = (*verified, activated)
    return Decision(new_status, assignee, lease, events)


MARKUP = re.compile(r"<[^>]*>")
LEGAL_FORMS = frozenset({"PT", "CV", "UD", "TBK"})


def plain_name(company_name: str) -> str:
    """The name's own letters and digits, space-separated: markup tags and entities dropped, accents folded."""
    text = MARKUP.sub(" ", html.unescape(company_name))  # unescaped first: '&lt;b&gt;' is a tag too
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^A-Za-z0-9]", " ", folded).split())


def user_id_base(company_name: str) -> str:
    """An uppercase, letters-and-digits stem from the company name, without legal-form words."""
    words = [w for w in plain_name(company_name).upper().split() if w not in LEGAL_FORMS]
    stem = "".join(words)[:12]
    return stem if len(stem) >= 3 else (stem + "PENYEDIA")[:12]


def user_id_candidate(company_name: str, attempt: int, suffix: int) -> str:
    """The attempt-th candidate user ID: the stem, then the stem with a numeric suffix."""
    base = user_id_base(company_name)
    return base if attempt == 0 else f"{base}{suffix:04d}"
