"""Filing a request, pure: the forms' messages, what a request asks and brings by the LPSE's standard, its facts.

Oracles: the interface of the account area (labels, messages), Banjarmasin's BJM-2..6 and Depok's DPK-1b in
deploy/lpse (documents, deadline wording).
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from contracts.lpse import load_profiles
from contracts.provider_account import EmailProofRequestedV1, ProviderRequestFiledV1, ProviderRequestResumedV1
from verification.account_requests.domain import RequestRefused, RequestStatus, service_for
from verification.account_requests.filing import (
    Account,
    AccountRequest,
    NewRequest,
    ReturnedItem,
    StoredDocument,
    aggregation_refusal,
    asked_documents,
    bring_list,
    changes_asked,
    deadline_text,
    file_request,
    masked_npwp,
    missing_documents,
    open_request_refusal,
    resubmit,
    upload_slots,
    withdraw,
)
from verification.account_requests.forms import (
    CompanyStatusForm,
    DataChangeForm,
    EmailChangeForm,
    NpwpChangeForm,
    parse_request_form,
)
from verification.agregasi import AggregationStatus

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
ACCOUNT = Account(
    provider_id=uuid.uuid4(),
    user_id="CVLANCAR",
    lpse="banjarmasin",
    company_name="CV Lancar Jaya",
    npwp="012345678901000",
    email="direktur@lancar.co.id",
    provider_type="badan_usaha_cv",
    director_name="Budi Santoso",
    address="Jl. Lama 1",
    phone="0511 123456",
    pkp_number="PKP-1",
    aggregation_status=AggregationStatus.NONE,
)


# --- the forms --------------------------------------------------------------------------------------------------


def test_an_email_form_normalises_the_address_and_refuses_a_bad_one() -> None:
    form, errors = parse_request_form("email", {"new_email": " Baru@Lancar.co.id "})
    assert errors == {} and isinstance(form, EmailChangeForm) and form.new_email == "Baru@lancar.co.id"
    _, errors = parse_request_form("email", {"new_email": "bukan-alamat"})
    assert errors == {"new_email": "Alamat email tidak valid, contoh: direktur@perusahaan.co.id."}


@pytest.mark.parametrize("typed", ["01.234.567.8-901.001", "01-234-567-8-901-001", "0123456789010011"])
def test_a_npwp_is_typed_with_dots_and_dashes_and_kept_as_digits(typed: str) -> None:
    form, errors = parse_request_form("npwp", {"new_npwp": typed})
    assert errors == {} and isinstance(form, NpwpChangeForm)
    assert form.new_npwp in ("012345678901001", "0123456789010011")


@pytest.mark.parametrize("typed", ["", "1234", "01.234.567.8-901.00X", "01234567890100112"])
def test_a_npwp_not_15_or_16_digits_is_refused(typed: str) -> None:
    _, errors = parse_request_form("npwp", {"new_npwp": typed})
    assert errors == {"new_npwp": "NPWP harus 15 atau 16 digit angka (titik dan tanda hubung boleh diketik)."}


def test_cv_to_pt_asks_a_name_starting_with_pt_and_the_deed() -> None:
    raw = {"new_company_name": "Lancar Jaya", "deed_number": "", "deed_date": "", "sk_number": ""}
    _, errors = parse_request_form("status_badan_usaha", raw)
    assert errors == {
        "new_company_name": 'Nama perusahaan baru harus diawali "PT", contoh: PT Maju Bersama.',
        "deed_number": "Nomor akta perubahan wajib diisi.",
        "deed_date": "Isi tanggal akta perubahan yang valid (format TTTT-BB-HH).",
        "sk_number": "Nomor SK Kemenkumham wajib diisi.",
    }
    raw = {"new_company_name": "pt Lancar Jaya", "deed_number": "12", "deed_date": "2026-11-20", "sk_number": "AHU-1"}
    form, errors = parse_request_form("status_badan_usaha", raw)
    assert errors == {} and isinstance(form, CompanyStatusForm)
    assert (form.new_company_name, form.deed_date) == ("PT Lancar Jaya", date(2026, 11, 20))


def test_a_data_change_needs_one_field_that_differs_from_the_account() -> None:
    form, _ = parse_request_form("data", {"address": "Jl. Lama 1", "phone": ""})
    assert isinstance(form, DataChangeForm)
    assert changes_asked("data", ACCOUNT, form) == (
        {},
        {"form": "Isi sekurang-kurangnya satu data yang berbeda dari data akun saat ini."},
    )
    form, _ = parse_request_form("data", {"address": "Jl. Baru 2", "phone": "0511 123456"})
    assert form is not None and changes_asked("data", ACCOUNT, form) == ({"address": "Jl. Baru 2"}, {})
    _, errors = parse_request_form("data", {"phone": "telepon saya"})
    assert errors == {
        "phone": "Nomor telepon hanya angka, spasi, tanda hubung, tanda kurung dan tanda plus (8–20 karakter)."
    }


def test_a_deactivation_needs_its_reason() -> None:
    _, errors = parse_request_form("nonaktif", {"reason": "  "})
    assert errors == {"reason": "Alasan penonaktifan wajib diisi."}


def test_the_same_value_as_now_is_refused_beside_its_field() -> None:
    email, _ = parse_request_form("email", {"new_email": "DIREKTUR@lancar.co.id"})
    npwp, _ = parse_request_form("npwp", {"new_npwp": "01.234.567.8-901.000"})
    assert email is not None and npwp is not None
    assert changes_asked("email", ACCOUNT, email)[1] == {
        "new_email": "Alamat email baru sama dengan data akun saat ini."
    }
    assert changes_asked("npwp", ACCOUNT, npwp)[1] == {"new_npwp": "NPWP baru sama dengan data akun saat ini."}


def test_cv_to_pt_is_only_for_a_cv() -> None:
    raw = {"new_company_name": "PT Lancar", "deed_number": "1", "deed_date": "2026-11-20", "sk_number": "AHU-1"}
    form, _ = parse_request_form("status_badan_usaha", raw)
    assert form is not None
    pt = Account(**{**ACCOUNT.__dict__, "provider_type": "badan_usaha_pt"})
    assert changes_asked("status_badan_usaha", pt, form)[1] == {
        "form": "Perubahan status CV ke PT hanya untuk akun berjenis Badan Usaha CV."
    }
    changes, errors = changes_asked("status_badan_usaha", ACCOUNT, form)
    assert errors == {} and changes["provider_type"] == "badan_usaha_pt" and changes["company_name"] == "PT Lancar"


def test_agregasi_only_where_the_verifier_asks_lkpp_and_only_once() -> None:
    assert aggregation_refusal(PROFILES["banjarmasin"], ACCOUNT) is None
    assert aggregation_refusal(PROFILES["temanggung"], ACCOUNT) == (
        "Agregasi data penyedia di LPSE Kabupaten Temanggung tidak diajukan melalui permohonan kepada LPSE."
    )
    sent = Account(**{**ACCOUNT.__dict__, "aggregation_status": AggregationStatus.REQUESTED})
    assert aggregation_refusal(PROFILES["banjarmasin"], sent) == (
        "Akun ini sudah berstatus 'Permohonan ADP dikirim ke LKPP' dalam agregasi."
    )


def test_a_second_request_is_refused_naming_the_open_one() -> None:
    assert open_request_refusal("PRM-BJM-2612-ABCDEF", "npwp") == (
        "Masih ada permohonan yang diproses: PRM-BJM-2612-ABCDEF (Perubahan NPWP). "
        "Batalkan atau tunggu sampai selesai sebelum mengajukan yang baru."
    )


# --- what the standard asks -------------------------------------------------------------------------------------


def test_bjm_2_asks_the_letter_and_the_company_papers_and_the_proxy_letter_only_by_proxy() -> None:
    service = service_for(PROFILES["banjarmasin"], "email")
    assert service is not None and service.id == "BJM-2"
    direct = [a.rule.code for a in asked_documents(service, ACCOUNT, by_proxy=False)]
    assert direct == ["surat_permohonan", "ktp_direktur", "npwp", "akta_pendirian", "akta_perubahan_terakhir"]
    proxy = [a.rule.code for a in asked_documents(service, ACCOUNT, by_proxy=True)]
    assert "surat_kuasa" in proxy
    assert missing_documents(asked_documents(service, ACCOUNT, by_proxy=False), {"ktp_direktur": 1}) == {
        "doc_npwp": "Unggah NPWP.",
        "doc_akta_pendirian": "Unggah Akta Pendirian.",
        "doc_akta_perubahan_terakhir": "Unggah Akta Perubahan terakhir.",
    }
    bring = bring_list(service, ACCOUNT, by_proxy=True)
    kuasa = next(b for b in bring if b.code == "surat_kuasa")
    assert (kuasa.original, kuasa.condition) == (True, "hanya bila yang datang bukan direktur (dikuasakan)")


def test_the_request_letter_is_printed_and_brought_not_uploaded() -> None:
    service = service_for(PROFILES["banjarmasin"], "npwp")
    assert service is not None and service.id == "BJM-4"
    slots = [a.field_name for a in upload_slots(service, ACCOUNT)]
    assert slots == [
        "doc_surat_kuasa",
        "doc_ktp_direktur",
        "doc_npwp",
        "doc_surat_ijin_usaha",
        "doc_akta_pendirian",
        "doc_akta_perubahan_terakhir",
    ]
    assert bring_list(service, ACCOUNT, by_proxy=False)[0].name == "Surat permohonan yang diajukan secara online"


def test_the_deadline_is_shown_as_bjm_2_writes_it() -> None:
    service = service_for(PROFILES["banjarmasin"], "email")
    assert service is not None
    assert deadline_text(service) == (
        "1 hari kerja (Jika tidak ada gangguan internet, perubahan e-mail paling lama 30 menit)"
    )


def test_depok_files_every_data_change_under_dpk_1b() -> None:
    for kind in ("email", "npwp", "status_badan_usaha", "data"):
        service = service_for(PROFILES["depok"], kind)
        assert service is not None and service.id == "DPK-1b"
    assert service_for(PROFILES["depok"], "agregasi") is None
    assert service_for(PROFILES["depok"], "nonaktif") is None


def test_a_npwp_in_the_history_is_masked() -> None:
    assert masked_npwp("012345678901000") == "***********1000"


# --- the decisions ----------------------------------------------------------------------------------------------


def filed_email() -> tuple[AccountRequest, tuple[object, ...]]:
    service = service_for(PROFILES["banjarmasin"], "email")
    assert service is not None
    form, _ = parse_request_form("email", {"new_email": "baru@lancar.co.id"})
    assert form is not None
    doc = StoredDocument("surat_permohonan", "Surat permohonan", "r/surat/abc", "abc", 10, "application/pdf")
    new = NewRequest(uuid.uuid4(), "PRM-BJM-2612-ABCDEF", "sealed-status", (doc,), NOW, "hash", "sealed-proof")
    decided = file_request(ACCOUNT, service, "email", form, {"email": "baru@lancar.co.id"}, new)
    assert decided.audit is not None and decided.audit.after == "menunggu_bukti_email"
    assert decided.state.proof is not None and decided.state.proof.expires_at == NOW + timedelta(hours=24)
    return decided.state.request, decided.facts


def test_an_email_change_waits_for_its_proof_and_mails_the_new_address() -> None:
    request, facts = filed_email()
    assert request.status is RequestStatus.AWAITING_EMAIL_PROOF
    filed, proof = facts
    assert isinstance(filed, ProviderRequestFiledV1) and isinstance(proof, EmailProofRequestedV1)
    assert filed.awaiting_email_proof and filed.email == "direktur@lancar.co.id", "mail goes to the old address"
    assert (
        filed.deadline_text == "1 hari kerja (Jika tidak ada gangguan internet, perubahan e-mail paling lama 30 menit)"
    )
    assert next(b.code for b in filed.bring) == "surat_permohonan"
    assert (proof.new_email, proof.proof_url) == ("baru@lancar.co.id", "sealed-proof")


def test_withdrawing_is_allowed_before_the_hand_over_only() -> None:
    request, _ = filed_email()
    decided = withdraw(ACCOUNT, request, "s", NOW)
    assert decided.state.request.status is RequestStatus.WITHDRAWN
    handed = AccountRequest(**{**request.__dict__, "status": RequestStatus.QUEUED})
    with pytest.raises(RequestRefused):
        withdraw(ACCOUNT, handed, "s", NOW)


def test_resubmitting_replaces_the_returned_documents_and_goes_back_to_the_verifier() -> None:
    request, _ = filed_email()
    returned = AccountRequest(
        **{
            **request.__dict__,
            "status": RequestStatus.RETURNED,
            "returned_items": (ReturnedItem("surat_permohonan", "Surat permohonan", "tanpa tanda tangan"),),
        }
    )
    again = StoredDocument("surat_permohonan", "Surat permohonan", "r/surat/def", "def", 12, "application/pdf")
    decided = resubmit(ACCOUNT, returned, (again,), "s", NOW)
    assert decided.state.request.status is RequestStatus.IN_REVIEW
    assert [d.sha256 for d in decided.state.request.documents] == ["def"]
    (fact,) = decided.facts
    assert isinstance(fact, ProviderRequestResumedV1) and fact.due_at is None


def test_temanggung_replaces_email_address_or_npwp_under_tmg_1p_on_tmg_1s_clock() -> None:
    # [001] TMG-1 Persyaratan heading 3 (domain §6.5): a Surat Permohonan Penggantian signed and stamped by the
    # Direktur over a Rp10.000 meterai; no clock of its own, TMG-1's "paling lambat 10 (sepuluh) menit" chosen.
    temanggung = PROFILES["temanggung"]
    account = Account(**{**ACCOUNT.__dict__, "lpse": "temanggung"})
    for kind in ("email", "npwp", "data"):
        service = service_for(temanggung, kind)
        assert service is not None and service.id == "TMG-1P"
    assert service_for(temanggung, "nonaktif") is None and service_for(temanggung, "agregasi") is None
    service = service_for(temanggung, "npwp")
    assert service is not None
    assert deadline_text(service) == "paling lambat 10 (sepuluh) menit"
    assert [a.field_name for a in upload_slots(service, account)] == ["doc_surat_kuasa", "doc_ktp_penerima_kuasa"]
    assert [b.describe() for b in bring_list(service, account, by_proxy=False)] == [
        "Surat Permohonan Penggantian, ditandatangani dan dicap oleh Direktur: asli dan fotokopi, bermaterai Rp10.000"
    ]
