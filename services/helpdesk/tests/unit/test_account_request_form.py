"""The account request form: each refusal beside its field, from the standards: the positions each service names,
TMG-2's Sertifikat Dasar PBJ for PPK/PP/Pokja, MGL-O's personal (not office) email, DPK-3a's tenders and period,
DPK-2e's change, and no NIK/NPWP in typed text."""

from __future__ import annotations

from datetime import date

import pytest

from contracts.lpse import load_profiles
from helpdesk.accounts.forms import account_services, check_documents, validate_request
from lpse_runtime.settings import REPO_ROOT

PROFILES = load_profiles(REPO_ROOT / "deploy" / "lpse")
TODAY = date(2026, 12, 3)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PERSON = {
    "name": "Siti Rahayu",
    "nip": "198703122010012003",
    "unit": "Dinas Pekerjaan Umum",
    "email": "siti.rahayu@gmail.com",
    "phone": "0812 3456 7890",
}


def errors(lpse: str, **fields: str) -> dict[str, str]:
    form, found = validate_request({**PERSON, **fields}, PROFILES[lpse], TODAY)
    assert (form is None) == bool(found)
    return found


def test_the_services_of_each_lpse() -> None:
    assert [s.id for s in account_services(PROFILES["depok"])] == ["DPK-2a", "DPK-2b", "DPK-2e", "DPK-3a"]
    assert [s.id for s in account_services(PROFILES["temanggung"])] == ["TMG-2"]
    assert [s.id for s in account_services(PROFILES["magelang"])] == ["MGL-O"]
    assert account_services(PROFILES["banjarmasin"]) == ()


def test_a_complete_temanggung_request_passes() -> None:
    form, found = validate_request({**PERSON, "service_id": "TMG-2", "role": "ppk"}, PROFILES["temanggung"], TODAY)
    assert found == {} and form is not None
    assert (form.nip, form.phone) == ("198703122010012003", "081234567890")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nip", "19870312201001200", "NIP terdiri atas 18 digit angka."),
        ("email", "bukan-email", "Alamat email tidak valid, contoh: nama@contoh.id."),
        ("phone", "12345", "Nomor HP tidak valid, contoh: 081234567890."),
        ("name", "", "Nama lengkap wajib diisi, paling banyak 120 karakter."),
        ("role", "admin_ppe", "Jabatan ini tidak dilayani oleh layanan yang dipilih."),
        ("service_id", "TMG-3", "Pilih layanan akun."),
    ],
)
def test_each_refusal_is_beside_its_field(field: str, value: str, message: str) -> None:
    raw = {"service_id": "TMG-2", "role": "ppk", field: value}
    assert errors("temanggung", **raw)[field] == message


def test_a_nik_typed_in_the_unit_is_refused() -> None:
    found = errors("temanggung", service_id="TMG-2", role="ppk", unit="Dinas PU 3276012345678901")
    assert found["unit"].startswith("Jangan menuliskan NIK/NPWP")


def test_magelang_refuses_an_office_email() -> None:
    found = errors("magelang", service_id="MGL-O", role="bendahara", email="siti@magelangkota.go.id")
    assert found == {"email": "Gunakan email pribadi, bukan email kantor (.go.id), sesuai persyaratan MGL-O."}
    assert errors("magelang", service_id="MGL-O", role="bendahara") == {}
    assert errors("temanggung", service_id="TMG-2", role="ppk", email="siti@temanggungkab.go.id") == {}


@pytest.mark.parametrize(
    ("role", "required"), [("ppk", True), ("pejabat_pengadaan", True), ("pokja", True), ("pa", False)]
)
def test_temanggung_requires_the_sertifikat_dasar_pbj_for_ppk_pp_and_pokja(role: str, required: bool) -> None:
    service = next(s for s in PROFILES["temanggung"].services if s.id == "TMG-2")
    files = {"surat_tugas_sk_penunjukan": ("sk.pdf", PDF), "formulir_pengajuan_akun": ("form.pdf", PDF)}
    kept, found = check_documents(files, service, role)
    assert len(kept) == 2
    assert found == ({"doc_sertifikat_dasar_pbj": "Unggah Sertifikat Dasar Pengadaan Barang/Jasa."} if required else {})


def test_a_document_is_recognised_by_its_content() -> None:
    service = next(s for s in PROFILES["depok"].services if s.id == "DPK-2a")
    _, found = check_documents({"formulir_layanan_akun_asn": ("form.pdf", b"MZ not a pdf")}, service, "ppk")
    refused = "Berkas harus PDF, JPEG atau PNG (dikenali dari isinya, bukan dari nama berkas)."
    assert found == {"doc_formulir_layanan_akun_asn": refused}


def auditor(**fields: str) -> dict[str, str]:
    raw = {
        "service_id": "DPK-3a",
        "role": "auditor",
        "agency_type": "APIP",
        "agency_name": "Inspektorat Kota Depok",
        "tenders": "10234567, 10234568",
        "access_from": "2026-12-03",
        "access_until": "2027-12-02",
    }
    return errors("depok", **{**raw, **fields})


def test_an_auditor_request_for_a_year_from_today_passes() -> None:
    assert auditor() == {}


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"access_from": "2026-12-02", "access_until": "2027-06-01"},
            {"access_from": "Tanggal mulai akses tidak boleh sebelum hari ini."},
        ),
        (
            {"access_until": "2026-12-31", "access_from": "2027-01-01"},
            {"access_until": "Tanggal akhir akses tidak boleh sebelum tanggal mulai."},
        ),
        ({"access_until": "2027-12-03"}, {"access_until": "Masa akses paling lama 1 tahun."}),
        ({"tenders": ""}, {"tenders": "Isi kode tender (angka), dipisahkan koma."}),
        ({"tenders": "abc"}, {"tenders": "Isi kode tender (angka), dipisahkan koma."}),
        (
            {"tenders": ",".join(str(10000000 + i) for i in range(21))},
            {"tenders": "Paling banyak 20 tender dalam satu permohonan."},
        ),
        ({"agency_type": "KPK"}, {"agency_type": "Pilih APIP atau APH."}),
        ({"agency_name": ""}, {"agency_name": "Isi nama instansi APIP/APH, paling banyak 200 karakter."}),
    ],
)
def test_auditor_period_and_tenders(fields: dict[str, str], expected: dict[str, str]) -> None:
    assert auditor(**fields) == expected


def test_twenty_tenders_are_allowed() -> None:
    assert auditor(tenders=",".join(str(10000000 + i) for i in range(20))) == {}


def test_a_change_names_the_account_and_the_new_email() -> None:
    base = {"service_id": "DPK-2e", "role": "pokja"}
    assert errors("depok", **base) == {
        "username": "Isi nama pengguna (username) akun yang diubah, 3 sampai 80 karakter.",
        "change_kind": "Pilih jenis perubahan.",
    }
    assert errors("depok", **base, username="siti.pokja", change_kind="email") == {
        "new_email": "Isi alamat email baru yang valid untuk penggantian email."
    }
    assert errors("depok", **base, username="siti.pokja", change_kind="pensiun") == {}
