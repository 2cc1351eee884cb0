"""The verifiers' desk on a provider's request, decided without I/O: the claim's lease, the checklist before a
decision, a reason for a return and a rejection, the table's kind guards, and what an approval changes on the
account (expected values written out from the plan and Banjarmasin's standard, deploy/lpse/banjarmasin.yaml)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contracts.envelope import Actor
from contracts.lpse import load_profiles
from contracts.provider_account import (
    FieldChange,
    ProviderAccountChangedV1,
    ProviderAccountDeactivatedV1,
    ProviderAccountReactivatedV1,
    ProviderRequestApprovedV1,
    ProviderRequestClaimedV1,
    ProviderRequestReturnedV1,
)
from verification.account_requests import apply
from verification.account_requests.desk import (
    Account,
    AccountRequest,
    ClockMove,
    StaffStep,
    clock_move,
    decide,
    record_findings,
)
from verification.account_requests.domain import RequestRefused, RequestStatus, RequestTrigger
from verification.provider_area.rules import mask_npwp

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
BJM = PROFILES["banjarmasin"]
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)  # Monday 10:00 WITA
SITI = Actor(id="siti.banjarmasin", role="verifikator")
BJM4 = next(s for s in BJM.services if s.id == "BJM-4")
# BJM-4's documents for a CV whose director comes himself (no proxy letter).
BJM4_MANDATORY = (
    "surat_permohonan",
    "ktp_direktur",
    "npwp",
    "surat_ijin_usaha",
    "akta_pendirian",
    "akta_perubahan_terakhir",
)

ACCOUNT = Account(
    provider_id=uuid.UUID(int=1),
    user_id="MAJUJAYA01",
    lpse="banjarmasin",
    company_name="CV Maju Jaya",
    email="lama@contoh.co.id",
    director_name="Budi",
    language="id",
    provider_type="badan_usaha_cv",
    npwp="012345678901234",
    address="Jl. Lama 1",
    phone="0511111",
    pkp_number="",
    status="active",
    aggregation_status="aggregated",
)
REQUEST = AccountRequest(
    request_id=uuid.UUID(int=2),
    reference="PRM-BJM-2611-ABC123",
    provider_id=ACCOUNT.provider_id,
    lpse="banjarmasin",
    kind="npwp",
    service_id="BJM-4",
    channel="web",
    status=RequestStatus.QUEUED,
    changes={"new_npwp": "998877665544332"},
    reason="",
    by_proxy=False,
    documents=(),
    checklist={},
    returned_items=(),
    decision_reason=None,
    assignee=None,
    lease_until=None,
    filed_at=NOW - timedelta(days=1),
    checked_in_at=NOW,
    handed_over_at=NOW,
    decided_at=None,
    decided_by=None,
    lkpp_request_ref=None,
    updated_at=NOW,
)
URL = "https://lpse.example/akun/permohonan/PRM-BJM-2611-ABC123"


def step(trigger: RequestTrigger, reason: str = "", officer: str = "siti.banjarmasin") -> StaffStep:
    return StaffStep(trigger, Actor(id=officer, role="verifikator"), officer, reason)


def held(request: AccountRequest = REQUEST, by: str = "siti.banjarmasin") -> AccountRequest:
    return replace(request, status=RequestStatus.IN_REVIEW, assignee=by, lease_until=NOW + timedelta(minutes=10))


def all_sesuai(request: AccountRequest) -> AccountRequest:
    return replace(request, checklist={c: {"finding": "sesuai", "note": ""} for c in BJM4_MANDATORY})


def test_a_claim_holds_the_request_for_30_minutes_and_announces_the_verifier() -> None:
    decided = decide(REQUEST, ACCOUNT, step(RequestTrigger.CLAIM), service=BJM4, status_url=URL, now=NOW)
    assert (decided.state.status, decided.state.assignee, decided.state.lease_until) == (
        RequestStatus.IN_REVIEW,
        "siti.banjarmasin",
        datetime(2026, 11, 23, 2, 30, tzinfo=UTC),
    )
    (fact,) = decided.facts
    assert isinstance(fact, ProviderRequestClaimedV1) and fact.verifier_id == "siti.banjarmasin"
    assert fact.email == "lama@contoh.co.id" and fact.reference == "PRM-BJM-2611-ABC123"


def test_another_verifier_cannot_take_a_live_claim_but_may_once_it_lapsed() -> None:
    with pytest.raises(RequestRefused, match=r"dipegang oleh siti\.banjarmasin"):
        decide(held(), ACCOUNT, step(RequestTrigger.CLAIM, officer="rudi"), service=BJM4, status_url=URL, now=NOW)
    later = NOW + timedelta(minutes=11)
    taken = decide(held(), ACCOUNT, step(RequestTrigger.CLAIM, officer="rudi"), service=BJM4, status_url=URL, now=later)
    assert taken.state.assignee == "rudi"


def test_only_the_holder_decides_and_only_with_a_live_claim() -> None:
    ready = all_sesuai(held())
    with pytest.raises(RequestRefused, match=r"dipegang oleh siti\.banjarmasin"):
        decide(ready, ACCOUNT, step(RequestTrigger.APPROVE, officer="rudi"), service=BJM4, status_url=URL, now=NOW)
    with pytest.raises(RequestRefused, match="Klaim permohonan ini dahulu"):
        decide(ready, ACCOUNT, step(RequestTrigger.APPROVE), service=BJM4, status_url=URL, now=NOW + timedelta(hours=1))


def test_approval_waits_for_every_mandatory_document_found_sesuai() -> None:
    almost = replace(held(), checklist={c: {"finding": "sesuai"} for c in BJM4_MANDATORY[:-1]})
    with pytest.raises(RequestRefused, match="Belum: Akta Perubahan terakhir"):
        decide(almost, ACCOUNT, step(RequestTrigger.APPROVE), service=BJM4, status_url=URL, now=NOW)
    decided = decide(all_sesuai(held()), ACCOUNT, step(RequestTrigger.APPROVE), service=BJM4, status_url=URL, now=NOW)
    assert decided.state.status is RequestStatus.APPROVED and decided.state.decided_by == "siti.banjarmasin"
    assert clock_move(RequestTrigger.APPROVE) is ClockMove.STOP


def test_a_proxy_brings_the_proxy_letter_too() -> None:
    by_proxy = all_sesuai(replace(held(), by_proxy=True))
    with pytest.raises(RequestRefused, match="Belum: Surat Kuasa"):
        decide(by_proxy, ACCOUNT, step(RequestTrigger.APPROVE), service=BJM4, status_url=URL, now=NOW)


def test_a_return_and_a_rejection_need_a_reason() -> None:
    for trigger, message in (
        (RequestTrigger.RETURN, "alasan pengembalian"),
        (RequestTrigger.REJECT, "alasan penolakan"),
    ):
        with pytest.raises(RequestRefused, match=message):
            decide(held(), ACCOUNT, step(trigger, "   "), service=BJM4, status_url=URL, now=NOW)


def test_a_return_lists_what_is_not_in_order_and_pauses_the_clock() -> None:
    invalid = replace(held(), checklist={"npwp": {"finding": "tidak_valid", "note": "kedaluwarsa"}})
    decided = decide(invalid, ACCOUNT, step(RequestTrigger.RETURN, "NPWP lama"), service=BJM4, status_url=URL, now=NOW)
    assert decided.state.status is RequestStatus.RETURNED
    assert [i["code"] for i in decided.state.returned_items] == list(BJM4_MANDATORY)
    assert decided.state.returned_items[2] == {"code": "npwp", "name": "NPWP", "note": "kedaluwarsa"}
    (fact,) = decided.facts
    assert isinstance(fact, ProviderRequestReturnedV1) and fact.reason == "NPWP lama"
    assert fact.items == (
        "Surat permohonan yang diajukan secara online",
        "KTP Direktur",
        "NPWP",
        "SIUP/SIUKJ/Ijin usaha",
        "Akta Pendirian",
        "Akta Perubahan terakhir",
    )
    assert clock_move(RequestTrigger.RETURN) is ClockMove.PAUSE
    assert (
        clock_move(RequestTrigger.RESUME) is ClockMove.RESUME
        and clock_move(RequestTrigger.RESUBMIT) is ClockMove.RESUME
    )


def test_kind_guards_come_from_the_table() -> None:
    with pytest.raises(RequestRefused, match="tidak berlaku untuk perubahan npwp"):
        decide(all_sesuai(held()), ACCOUNT, step(RequestTrigger.SEND_TO_LKPP), service=BJM4, status_url=URL, now=NOW)
    with pytest.raises(RequestRefused, match="Berkas diterima di loket, menunggu verifikator"):
        decide(REQUEST, ACCOUNT, step(RequestTrigger.APPROVE), service=BJM4, status_url=URL, now=NOW)


def test_the_checklist_refuses_tidak_berlaku_for_a_mandatory_document_and_renews_the_lease() -> None:
    later = NOW + timedelta(minutes=5)
    with pytest.raises(RequestRefused, match="dokumen wajib tidak dapat ditandai tidak berlaku"):
        record_findings(
            held(),
            ACCOUNT,
            {"npwp": ("tidak_berlaku", "")},
            service=BJM4,
            actor=SITI,
            officer="siti.banjarmasin",
            now=later,
        )
    decided = record_findings(
        held(),
        ACCOUNT,
        {"npwp": ("sesuai", " asli dilihat ")},
        service=BJM4,
        actor=SITI,
        officer="siti.banjarmasin",
        now=later,
    )
    assert decided.state.checklist["npwp"]["finding"] == "sesuai"
    assert decided.state.checklist["npwp"]["note"] == "asli dilihat"
    assert decided.state.lease_until == datetime(2026, 11, 23, 2, 35, tzinfo=UTC)


def applied(request: AccountRequest, account: Account = ACCOUNT) -> apply.Applied:
    return apply.approved(
        request,
        account,
        actor=SITI,
        officer="siti.banjarmasin",
        desk_name="Verifikator LPSE Kota Banjarmasin",
        status_url=URL,
        now=NOW,
    )


def test_an_approved_npwp_change_carries_the_number_in_its_field_and_masks_it_everywhere_else() -> None:
    result = applied(REQUEST)
    assert result.updates == {"npwp": "998877665544332"}
    approval, changed = result.facts
    assert isinstance(approval, ProviderRequestApprovedV1)
    assert isinstance(changed, ProviderAccountChangedV1)
    assert changed.npwp == "998877665544332" and changed.aggregated is True
    assert changed.changes == (
        FieldChange(field="npwp", label="NPWP", before="01.***.***.*-***.234", after="99.***.***.*-***.332"),
    )
    (row,) = result.history
    assert (row.what, row.detail, row.actor) == (
        "NPWP diubah",
        "NPWP: 01.***.***.*-***.234 → 99.***.***.*-***.332",
        "Verifikator LPSE Kota Banjarmasin",
    )


def test_an_approved_email_change_makes_the_new_address_the_address_of_record() -> None:
    result = applied(replace(REQUEST, kind="email", service_id="BJM-2", changes={"new_email": "baru@contoh.co.id"}))
    changed = result.facts[1]
    assert isinstance(changed, ProviderAccountChangedV1)
    assert (changed.email, changed.previous_email, changed.kind) == ("baru@contoh.co.id", "lama@contoh.co.id", "email")
    assert result.updates == {"email": "baru@contoh.co.id"}


def test_cv_to_pt_changes_the_type_and_name_and_keeps_the_user_id() -> None:
    changes = {"new_company_name": "PT Maju Jaya", "deed_number": "12", "deed_date": "2026-10-01", "sk_number": "AHU-1"}
    result = applied(replace(REQUEST, kind="status_badan_usaha", service_id="BJM-3", changes=changes))
    assert result.updates == {"provider_type": "badan_usaha_pt", "company_name": "PT Maju Jaya"}
    assert "user_id" not in result.updates
    changed = result.facts[1]
    assert isinstance(changed, ProviderAccountChangedV1)
    assert (changed.provider_type, changed.company_name, changed.user_id) == (
        "badan_usaha_pt",
        "PT Maju Jaya",
        "MAJUJAYA01",
    )
    assert result.history[0].detail == (
        "Bentuk usaha: CV → PT; Nama perusahaan: CV Maju Jaya → PT Maju Jaya "
        "(akta 12, tanggal 2026-10-01, SK Kemenkumham AHU-1)"
    )


def test_a_data_change_sets_only_what_differs() -> None:
    result = applied(replace(REQUEST, kind="data", changes={"address": "Jl. Baru 2", "phone": "0511111"}))
    assert result.updates == {"address": "Jl. Baru 2"}
    with pytest.raises(RequestRefused, match="sama dengan data akun saat ini"):
        applied(replace(REQUEST, kind="data", changes={"phone": "0511111"}))


def test_only_the_head_lifts_a_deactivation_the_lpse_decided() -> None:
    reactivation = all_sesuai(held(replace(REQUEST, kind="aktif_kembali", reason="Sanksi berakhir")))
    blacklisted = replace(ACCOUNT, status="nonaktif", deactivated_by="lpse")
    with pytest.raises(RequestRefused, match="hanya dapat disetujui Kepala LPSE"):
        decide(reactivation, blacklisted, step(RequestTrigger.APPROVE), service=BJM4, status_url=URL, now=NOW)
    head = StaffStep(RequestTrigger.APPROVE, Actor(id="siti.banjarmasin", role="kepala_lpse"), "siti.banjarmasin")
    lifted = decide(reactivation, blacklisted, head, service=BJM4, status_url=URL, now=NOW)
    assert lifted.state.status is RequestStatus.APPROVED
    own_request = replace(ACCOUNT, status="nonaktif", deactivated_by="permohonan")
    again = decide(reactivation, own_request, step(RequestTrigger.APPROVE), service=BJM4, status_url=URL, now=NOW)
    assert again.state.status is RequestStatus.APPROVED, "a provider's own deactivation any verifier may lift"


def test_deactivation_and_reactivation() -> None:
    off = applied(replace(REQUEST, kind="nonaktif", service_id="BJM-5", reason="Perusahaan tutup"))
    assert off.updates == {
        "status": "nonaktif",
        "deactivated_at": NOW,
        "deactivated_by": "permohonan",
        "deactivation_reason": "Perusahaan tutup",
    }
    assert off.ends_sessions is True
    fact = off.facts[1]
    assert isinstance(fact, ProviderAccountDeactivatedV1) and (fact.by, fact.reason) == (
        "permohonan",
        "Perusahaan tutup",
    )
    by_lpse = apply.deactivation(ACCOUNT, "Masuk daftar hitam", SITI, "kepala", "Kepala LPSE Kota Banjarmasin", NOW)
    assert isinstance(by_lpse.facts[0], ProviderAccountDeactivatedV1) and by_lpse.facts[0].by == "lpse"
    asleep = replace(ACCOUNT, status="nonaktif")
    on = applied(replace(REQUEST, kind="aktif_kembali", service_id="BJM-5", reason="Aktif berusaha lagi"), asleep)
    assert on.updates == {
        "status": "active",
        "deactivated_at": None,
        "deactivated_by": None,
        "deactivation_reason": None,
    }
    assert isinstance(on.facts[1], ProviderAccountReactivatedV1)
    with pytest.raises(RequestRefused, match="tidak nonaktif"):
        applied(replace(REQUEST, kind="aktif_kembali", reason="x"))


def test_mask_npwp() -> None:
    assert mask_npwp("0123456789012345") == "01***********345"
    assert mask_npwp("012345678901234") == "01.***.***.*-***.234"


def test_a_reason_or_note_that_travels_holds_no_npwp_and_no_control_character() -> None:
    npwp_typed = "NPWP 01.234.567.8-901.234 tidak cocok"
    with pytest.raises(RequestRefused, match="Jangan menuliskan NIK/NPWP"):
        decide(held(), ACCOUNT, step(RequestTrigger.REJECT, npwp_typed), service=BJM4, status_url=URL, now=NOW)
    with pytest.raises(RequestRefused, match="NPWP: Jangan menuliskan NIK/NPWP"):
        record_findings(
            held(),
            ACCOUNT,
            {"npwp": ("tidak_valid", npwp_typed)},
            service=BJM4,
            actor=SITI,
            officer="siti.banjarmasin",
            now=NOW,
        )
    with pytest.raises(RequestRefused):
        decide(held(), ACCOUNT, step(RequestTrigger.RETURN, "kurang\x00"), service=BJM4, status_url=URL, now=NOW)
    with pytest.raises(RequestRefused, match="Jangan menuliskan NIK/NPWP"):
        apply.deactivation(ACCOUNT, npwp_typed, SITI, "kepala", "Kepala LPSE Kota Banjarmasin", NOW)
