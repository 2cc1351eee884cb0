"""The document checklist: what the standard asks of an applicant, what the verifier found, what goes back."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from contracts.envelope import Actor
from contracts.lpse import CONDITION_LABEL, DocumentRule, Requirement, VerificationMode, requirement
from contracts.registration import ProviderType
from contracts.verification import DocumentToBring
from lpse_runtime.decision import AuditEntry, Decided
from verification.domain.case import CLAIM_LEASE, Case, CaseStatus, Refused


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


def asked(documents: Iterable[DocumentRule], provider_type: ProviderType, *, by_proxy: bool) -> list[DocumentRule]:
    """The documents the standard asks of this applicant, mandatory or not."""
    return [
        rule for rule in documents if requirement(rule, provider_type, by_proxy=by_proxy) is not Requirement.NOT_ASKED
    ]


def checklist_for(
    documents: Iterable[DocumentRule], provider_type: ProviderType, *, by_proxy: bool
) -> list[ChecklistItem]:
    """The checklist a case starts with: every document its standard asks of this applicant, mandatory or not."""
    return [
        ChecklistItem(
            rule.code,
            rule.name,
            mandatory=requirement(rule, provider_type, by_proxy=by_proxy) is Requirement.MANDATORY,
        )
        for rule in asked(documents, provider_type, by_proxy=by_proxy)
    ]


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


def return_reason(items: Iterable[ChecklistItem], note: str) -> str:
    """Why the file goes back: the return list, then the verifier's own words."""
    return "; ".join([*return_list(items), *([note.strip()] if note.strip() else [])])


@dataclass(frozen=True)
class Finding:
    """What the verifier marked for one document; no result keeps the one recorded."""

    result: ItemResult | None = None
    note: str = ""


@dataclass(frozen=True)
class Findings:
    """A checklist form's outcome: each changed finding with its audit row, and the holder's claim renewed."""

    case: Decided[Case]
    items: tuple[Decided[ChecklistItem], ...]


def record_findings(
    case: Case,
    items: Sequence[ChecklistItem],
    findings: Mapping[str, Finding],
    *,
    actor: Actor,
    now: datetime,
    unreadable: Mapping[str, str] | None = None,
) -> Findings:
    """Check every finding of the form, or raise Refused for the first wrong one: all are kept or none."""
    if case.status is not CaseStatus.IN_REVIEW or case.assignee != actor.id:
        raise Refused("Klaim kasus ini untuk memeriksa dokumen.")
    for item in items:
        if unreadable and item.code in unreadable:
            raise Refused(f"{item.name}: {unreadable[item.code]}")
    changed = []
    for item in items:
        finding = findings.get(item.code, Finding())
        checked = check_item(item, item.result if finding.result is None else finding.result, finding.note)
        if checked != item:
            audit = AuditEntry(
                at=now,
                actor=actor,
                entity="case",
                entity_id=str(case.case_id),
                action="check",
                before=f"{item.code}: {item.result.value}",
                after=f"{item.code}: {checked.result.value}",
                reason=checked.note or None,
            )
            changed.append(Decided(checked, audit=audit))
    renewed = replace(case, lease_until=now + CLAIM_LEASE, updated_at=now)
    return Findings(Decided(renewed), tuple(changed))
