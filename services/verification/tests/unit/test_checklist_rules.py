"""The verifier's checklist beyond the case table: findings, what goes back, what stands before approval.

README: a claim holds the case for 30 minutes and each save of the checklist renews it; an invalid document needs
its reason; a mandatory one cannot be marked not applicable; the return lists every invalid document and every
mandatory one not verified; each changed finding leaves an audit row ("check", before and after).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.envelope import Actor
from lpse_runtime.decision import AuditEntry
from verification.domain.case import Case, CaseStatus, Refused
from verification.domain.checklist import (
    ChecklistItem,
    Finding,
    ItemResult,
    check_item,
    finding_labels,
    gaps,
    record_findings,
    return_codes,
    return_list,
)
from verification.domain.forms import findings_of

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
RINA = Actor(id="rina", role="verifikator")
CASE_ID = uuid.UUID(int=1)
KTP = ChecklistItem("ktp", "KTP Direktur", mandatory=True)
NIB = ChecklistItem("nib", "NIB", mandatory=True)
PKP = ChecklistItem("pkp", "Surat Pengukuhan PKP", mandatory=False)


def held_by(assignee: str | None, status: CaseStatus = CaseStatus.IN_REVIEW) -> Case:
    return Case(
        CASE_ID,
        uuid.UUID(int=2),
        "depok",
        status,
        "DPK-2612-ABCDEF",
        "direktur@contoh.co.id",
        "http://x/daftar/status/t",
        assignee,
        uuid.UUID(int=4),
        lease_until=NOW + timedelta(minutes=5),
    )


def test_saving_findings_renews_the_lease_to_thirty_minutes_and_audits_each_change() -> None:
    saved = record_findings(
        held_by("rina"),
        [KTP, NIB, PKP],
        {"ktp": Finding(ItemResult.VERIFIED), "nib": Finding(ItemResult.INVALID, "  NIB  tidak\nterbaca ")},
        actor=RINA,
        now=NOW,
    )
    assert saved.case.state.lease_until == NOW + timedelta(minutes=30)
    assert saved.case.state.updated_at == NOW
    assert [d.state for d in saved.items] == [
        ChecklistItem("ktp", "KTP Direktur", True, ItemResult.VERIFIED, ""),
        ChecklistItem("nib", "NIB", True, ItemResult.INVALID, "NIB tidak terbaca"),
    ], "the untouched PKP row leaves no row"
    assert [d.audit for d in saved.items] == [
        AuditEntry(NOW, RINA, "case", str(CASE_ID), "check", "ktp: pending", "ktp: verified", None),
        AuditEntry(NOW, RINA, "case", str(CASE_ID), "check", "nib: pending", "nib: invalid", "NIB tidak terbaca"),
    ]


def test_a_row_sent_without_a_result_keeps_its_finding() -> None:
    verified = ChecklistItem("ktp", "KTP Direktur", True, ItemResult.VERIFIED)
    saved = record_findings(held_by("rina"), [verified], {"ktp": Finding(None, "")}, actor=RINA, now=NOW)
    assert saved.items == ()


@pytest.mark.parametrize(
    "case", [held_by("budi"), held_by(None), held_by("rina", CaseStatus.QUEUED), held_by("rina", CaseStatus.RETURNED)]
)
def test_only_the_holder_of_a_case_in_review_records_findings(case: Case) -> None:
    with pytest.raises(Refused, match=r"^Klaim kasus ini untuk memeriksa dokumen\.$"):
        record_findings(case, [KTP], {"ktp": Finding(ItemResult.VERIFIED)}, actor=RINA, now=NOW)


def test_an_unreadable_upload_refuses_the_whole_form_naming_the_document() -> None:
    with pytest.raises(Refused, match=r"^NIB: berkas rusak$"):
        record_findings(
            held_by("rina"),
            [KTP, NIB],
            {"ktp": Finding(ItemResult.VERIFIED)},
            actor=RINA,
            now=NOW,
            unreadable={"nib": "berkas rusak"},
        )


def test_an_invalid_document_needs_a_reason_and_a_mandatory_one_applies() -> None:
    with pytest.raises(Refused, match=r"^KTP Direktur: sebutkan alasan dokumen tidak sesuai\.$"):
        check_item(KTP, ItemResult.INVALID, " \n ")
    with pytest.raises(Refused, match=r"^NIB wajib untuk permohonan ini; tidak dapat ditandai tidak berlaku\.$"):
        check_item(NIB, ItemResult.NOT_APPLICABLE, "")
    assert check_item(PKP, ItemResult.NOT_APPLICABLE, "tidak PKP") == ChecklistItem(
        "pkp", "Surat Pengukuhan PKP", False, ItemResult.NOT_APPLICABLE, ""
    ), "a note is kept only beside an invalid document"


ITEMS = [
    ChecklistItem("ktp", "KTP Direktur", True, ItemResult.VERIFIED),
    ChecklistItem("nib", "NIB", True, ItemResult.INVALID, "kedaluwarsa"),
    ChecklistItem("akta", "Akta Pendirian", True, ItemResult.PENDING),
    ChecklistItem("pkp", "Surat Pengukuhan PKP", False, ItemResult.PENDING),
    ChecklistItem("skt", "Surat Keterangan Terdaftar", False, ItemResult.INVALID, "bukan atas nama perusahaan"),
    ChecklistItem("kuasa", "Surat Kuasa", False, ItemResult.NOT_APPLICABLE),
]


def test_the_return_lists_every_invalid_document_and_every_mandatory_one_not_verified() -> None:
    assert return_codes(ITEMS) == ("nib", "akta", "skt")
    assert return_list(ITEMS) == [
        "NIB: kedaluwarsa",
        "Akta Pendirian: belum dibawa",
        "Surat Keterangan Terdaftar: bukan atas nama perusahaan",
    ]


def test_what_stands_before_approval() -> None:
    assert gaps(ITEMS) == [
        "NIB: kedaluwarsa",
        "Akta Pendirian: belum diperiksa",
        "Surat Keterangan Terdaftar: bukan atas nama perusahaan",
    ]
    assert gaps(ITEMS[:1] + ITEMS[3:4] + ITEMS[5:]) == [], "an optional document not brought does not hold it up"


def test_original_seen_is_offered_only_at_the_counter_and_only_for_an_original() -> None:
    assert finding_labels("loket", True)[ItemResult.VERIFIED] == "asli dilihat, salinan sesuai"
    assert finding_labels("loket", False)[ItemResult.VERIFIED] == "salinan sesuai"
    assert finding_labels("unggahan", True)[ItemResult.VERIFIED] == "unggahan sesuai"
    assert finding_labels(None, False)[ItemResult.VERIFIED] == "unggahan sesuai"
    assert finding_labels("loket", False)[ItemResult.INVALID] == "tidak ada / tidak sesuai"


def test_a_row_sent_without_its_note_has_an_empty_note_and_is_refused_when_invalid() -> None:
    findings, errors = findings_of({"result_ktp": "invalid", "result_nib": "verified"})
    assert errors == {}
    assert findings == {"ktp": Finding(ItemResult.INVALID, ""), "nib": Finding(ItemResult.VERIFIED, "")}
    with pytest.raises(Refused, match=r"^KTP Direktur: sebutkan alasan dokumen tidak sesuai\.$"):
        record_findings(held_by("rina"), [KTP], findings, actor=RINA, now=NOW)
