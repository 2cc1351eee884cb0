"""The counter visit: invitation, check-in and hand-over; the clock starts at hand-over; online needs none of it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from pydantic import ValidationError

from contracts.envelope import Actor
from contracts.lpse import DocumentRule, LpseProfile, load_profiles
from contracts.verification import CaseCheckedInV1, CaseHandedOverV1
from lpse_runtime.worktime import WorkCalendar, start_clock
from verification.domain import (
    OPENING_STATUS,
    Case,
    CaseStatus,
    ItemResult,
    Refused,
    Trigger,
    decide,
    documents_to_bring,
    finding_labels,
    item_labels,
    status_label,
)

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
NOW = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)
WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")
HELPDESK = Actor(id="helpdesk.banjarmasin", role="helpdesk")
VERIFIER = Actor(id="verifikator.banjarmasin", role="verifikator")
APPLICANT = Actor(id="direktur@contoh.co.id", role="penyedia")


def case(status: CaseStatus) -> Case:
    return Case(
        case_id=uuid.uuid4(),
        application_id=uuid.uuid4(),
        lpse="banjarmasin",
        status=status,
        reference="BJM-2611-ABCDEF",
        applicant_email="a@contoh.co.id",
        status_url="http://x/s/t",
        assignee=None,
        opened_by_event=uuid.uuid4(),
    )


def test_each_lpse_verifies_as_its_standard_says() -> None:
    # Depok DPK-1a (comes to the office), Banjarmasin BJM-1 (invited to the LPSE), Temanggung TMG-1 (brings the
    # Berkas Pendukung): the counter; Magelang MGL-M (Permohonan On Line): the uploads.
    modes = {code: p.service("registrasi_penyedia").verification_mode for code, p in PROFILES.items()}
    assert modes == {"depok": "loket", "banjarmasin": "loket", "temanggung": "loket", "magelang": "unggahan"}
    assert OPENING_STATUS["loket"] is CaseStatus.AWAITING_VISIT
    assert OPENING_STATUS["unggahan"] is CaseStatus.QUEUED


def test_a_profile_must_say_how_it_verifies_and_a_counter_needs_an_address() -> None:
    raw = yaml.safe_load((Path(__file__).parents[4] / "deploy" / "lpse" / "depok.yaml").read_text(encoding="utf-8"))
    registration = next(s for s in raw["services"] if s["kind"] == "registrasi_penyedia")
    del registration["verification_mode"]
    with pytest.raises(ValidationError, match="needs verification_mode"):
        LpseProfile.model_validate(raw)
    registration["verification_mode"] = "loket"
    raw["address"] = ""
    with pytest.raises(ValidationError, match=r"counter visit .* needs the address"):
        LpseProfile.model_validate(raw)


@pytest.mark.parametrize(
    ("status", "trigger", "target"),
    [
        (CaseStatus.AWAITING_VISIT, Trigger.CHECK_IN, CaseStatus.CHECKED_IN),
        (CaseStatus.CHECKED_IN, Trigger.HAND_OVER, CaseStatus.QUEUED),
    ],
)
def test_the_visit_moves_the_case(status: CaseStatus, trigger: Trigger, target: CaseStatus) -> None:
    decision = decide(case(status), trigger, actor=HELPDESK, actor_lpse="banjarmasin", now=NOW)
    assert decision.state.status is target and decision.state.assignee is None and decision.state.lease_until is None


def test_check_in_and_hand_over_are_facts_with_the_officer() -> None:
    checked = decide(
        case(CaseStatus.AWAITING_VISIT), Trigger.CHECK_IN, actor=HELPDESK, actor_lpse="banjarmasin", now=NOW
    )
    (fact,) = checked.facts
    assert isinstance(fact, CaseCheckedInV1) and fact.officer_id == "helpdesk.banjarmasin"
    handed = decide(case(CaseStatus.CHECKED_IN), Trigger.HAND_OVER, actor=VERIFIER, actor_lpse="banjarmasin", now=NOW)
    (fact2,) = handed.facts
    assert isinstance(fact2, CaseHandedOverV1) and fact2.officer_id == "verifikator.banjarmasin"
    assert fact2.subject == "verification.banjarmasin.case.handed_over.v1"


@pytest.mark.parametrize(
    ("status", "trigger", "reason"),
    [
        # No verifier takes a file that is not at the counter yet, and nothing skips the guest book.
        (
            CaseStatus.AWAITING_VISIT,
            Trigger.CLAIM,
            "Tindakan 'Klaim kasus' tidak berlaku untuk kasus berstatus 'Menunggu kedatangan",
        ),
        (CaseStatus.AWAITING_VISIT, Trigger.HAND_OVER, "tidak berlaku untuk kasus berstatus 'Menunggu kedatangan"),
        (CaseStatus.CHECKED_IN, Trigger.CLAIM, "tidak berlaku untuk kasus berstatus 'Pemohon sudah datang"),
        (CaseStatus.CHECKED_IN, Trigger.CHECK_IN, "tidak berlaku untuk kasus berstatus 'Pemohon sudah datang"),
        # A file already handed over, or online, is not received again.
        (
            CaseStatus.QUEUED,
            Trigger.CHECK_IN,
            "Tindakan 'Catat kedatangan' tidak berlaku untuk kasus berstatus 'Menunggu verifikator'",
        ),
        (CaseStatus.QUEUED, Trigger.HAND_OVER, "tidak berlaku untuk kasus berstatus 'Menunggu verifikator'"),
        (CaseStatus.IN_REVIEW, Trigger.HAND_OVER, "tidak berlaku untuk kasus berstatus 'Sedang diverifikasi'"),
        (CaseStatus.RETURNED, Trigger.CHECK_IN, "tidak berlaku untuk kasus berstatus 'Berkas dikembalikan"),
        (CaseStatus.ACTIVATED, Trigger.CHECK_IN, "tidak berlaku untuk kasus berstatus 'Disetujui"),
        (
            CaseStatus.REJECTED,
            Trigger.HAND_OVER,
            "Tindakan 'Terima berkas' tidak berlaku untuk kasus berstatus 'Ditolak'",
        ),
    ],
)
def test_pairs_outside_the_visit_are_refused_with_the_reason(status: CaseStatus, trigger: Trigger, reason: str) -> None:
    with pytest.raises(Refused, match=reason):
        decide(case(status), trigger, actor=VERIFIER, actor_lpse="banjarmasin", now=NOW)


def test_only_counter_staff_of_that_lpse_receive_the_file() -> None:
    with pytest.raises(Refused, match="petugas loket"):
        decide(case(CaseStatus.AWAITING_VISIT), Trigger.CHECK_IN, actor=APPLICANT, actor_lpse="banjarmasin", now=NOW)
    with pytest.raises(Refused, match="LPSE lain"):
        decide(case(CaseStatus.CHECKED_IN), Trigger.HAND_OVER, actor=HELPDESK, actor_lpse="depok", now=NOW)


def test_the_invitation_lists_each_document_with_original_copies_stamp_and_condition() -> None:
    rules = [
        DocumentRule(code="ktp", name="KTP Direktur"),
        DocumentRule(code="nib", name="NIB", original=False),
        DocumentRule(code="kuasa", name="Surat Kuasa", condition="jika_dikuasakan", copies=1, stamp_duty=10000),
        DocumentRule(code="pkp", name="PKP", condition="jika_ada"),
    ]
    assert [d.describe() for d in documents_to_bring(rules)] == [
        "KTP Direktur: asli dan fotokopi",
        "NIB: fotokopi",
        "Surat Kuasa: asli dan 1 fotokopi, bermaterai Rp10.000; hanya bila yang datang bukan direktur (dikuasakan)",
        "PKP: asli dan fotokopi; jika ada",
    ]


def test_temanggung_asks_an_original_and_one_photocopy_of_each_document() -> None:
    # TMG-1: every document "Asli dan Fotokopi 1 lembar"; the Formulir keikutsertaan "bermaterai 10.000".
    service = PROFILES["temanggung"].service("registrasi_penyedia")
    bring = {d.code: d for d in documents_to_bring(service.documents)}
    assert all(d.original and d.copies == 1 for d in bring.values())
    assert bring["formulir_keikutsertaan"].stamp_duty == 10000


def test_original_seen_is_offered_only_at_the_counter() -> None:
    assert item_labels("loket")[ItemResult.VERIFIED] == "asli dilihat, salinan sesuai"
    assert item_labels("unggahan")[ItemResult.VERIFIED] == "unggahan sesuai"
    assert "asli" not in " ".join(item_labels("unggahan").values())
    # Depok's NIB and Akta for a badan usaha: "original/copy not stated", handed over in copy.
    assert finding_labels("loket", original=False)[ItemResult.VERIFIED] == "salinan sesuai"
    assert finding_labels("unggahan", original=True)[ItemResult.VERIFIED] == "unggahan sesuai"


def test_the_queue_names_the_step_each_case_waits_on() -> None:
    assert status_label(CaseStatus.AWAITING_VISIT, "loket") == "Menunggu kedatangan pemohon di loket"
    assert status_label(CaseStatus.CHECKED_IN, "loket") == "Pemohon sudah datang, berkas belum diserahkan"
    assert status_label(CaseStatus.QUEUED, "loket") == "Berkas diterima di loket, menunggu verifikator"
    assert status_label(CaseStatus.QUEUED, "unggahan") == "Menunggu verifikator"


@pytest.mark.parametrize(
    ("lpse", "handed_over", "due"),
    [
        # Depok ± 15 working minutes; Monday 11:50 WIB, the 12.00-13.00 break does not count: 13:05.
        ("depok", datetime(2026, 11, 23, 11, 50, tzinfo=WIB), datetime(2026, 11, 23, 13, 5, tzinfo=WIB)),
        # Banjarmasin 30 working minutes (WITA); Friday 11:20, the Friday break 11.30-13.00: 13:20.
        ("banjarmasin", datetime(2026, 11, 27, 11, 20, tzinfo=WITA), datetime(2026, 11, 27, 13, 20, tzinfo=WITA)),
        # Temanggung ≤ 10 working minutes; Friday 13:55, closing 14.00: Monday 08:05.
        ("temanggung", datetime(2026, 11, 27, 13, 55, tzinfo=WIB), datetime(2026, 11, 30, 8, 5, tzinfo=WIB)),
    ],
)
def test_the_clock_started_at_hand_over_falls_due_in_working_time(
    lpse: str, handed_over: datetime, due: datetime
) -> None:
    profile = PROFILES[lpse]
    service = profile.service("registrasi_penyedia")
    state = start_clock(service.clocks[0], handed_over, WorkCalendar.for_service(profile, service))
    assert state.due == due
