"""The ubah-jadwal form refuses beside the field, as §9.1 and the issue say: a stage the standard does not allow,
a new time in the past or not after the old one, a NIK/NPWP in free text, a malformed NIP at the counter."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from helpdesk.schedule.forms import NOT_LATER, PAST, nip_problem, validate_request
from lpse_runtime.text import IDENTIFIER_REFUSED

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday 10.00 WIB
WIB = "Asia/Jakarta"
GOOD = {
    "tender_id": "10012345000",
    "tender_name": "Pembangunan Gedung Kantor Kelurahan",
    "stage": "batas_akhir_upload",
    "old_at": "2026-12-04T10:00",
    "new_at": "2026-12-07T10:00",
    "reason": "Adendum dokumen pemilihan memerlukan tambahan waktu bagi penyedia.",
    "email": "pokja.depok@contoh.go.id",
}
COUNTER = {**GOOD, "requester_name": "Andi Saputra", "nip": "198503152010011003"}


def test_a_good_request_becomes_instants_in_wib() -> None:
    filed, errors = validate_request(GOOD, WIB, NOW, counter=False, requester_name="Pokja Depok")
    assert errors == {}
    assert filed is not None
    assert filed.old_at == datetime(2026, 12, 4, 10, 0, tzinfo=ZoneInfo(WIB))
    assert filed.new_at == datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    assert (filed.stage, filed.requester_name, filed.nip) == ("batas_akhir_upload", "Pokja Depok", None)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"stage": "pembukaan_dokumen"}, "stage",
         "Pilih tahapan: Batas akhir upload penawaran atau Awal pembukaan penawaran."),
        ({"stage": "penetapan_pemenang"}, "stage",
         "Pilih tahapan: Batas akhir upload penawaran atau Awal pembukaan penawaran."),
        ({"new_at": "2026-12-02T09:59"}, "new_at", PAST),
        ({"new_at": "2026-12-02T10:00"}, "new_at", PAST),
        ({"new_at": "2026-12-04T10:00"}, "new_at", NOT_LATER),
        ({"new_at": "2026-12-03T10:00"}, "new_at", NOT_LATER),
        ({"tender_id": "TND-001"}, "tender_id", "Kode tender SPSE berupa angka, 1 sampai 40 digit."),
        ({"tender_id": "1" * 41}, "tender_id", "Kode tender SPSE berupa angka, 1 sampai 40 digit."),
        ({"reason": "Adendum untuk NIK 3276012345678901 penyedia."}, "reason", IDENTIFIER_REFUSED),
        ({"tender_name": "Tender NPWP 09.123.456.7-891.000"}, "tender_name", IDENTIFIER_REFUSED),
        ({"reason": "singkat"}, "reason", "Tuliskan alasan perubahan dalam 10 sampai 2000 karakter."),
        ({"old_at": "besok"}, "old_at", "Isi waktu lama (tanggal dan jam) sesuai jadwal di SPSE."),
        ({"old_at": "0001-01-01T00:00"}, "old_at", "Isi waktu lama (tanggal dan jam) sesuai jadwal di SPSE."),
        ({"new_at": "9999-12-31T23:59"}, "new_at", "Isi waktu baru (tanggal dan jam)."),
        ({"email": "bukan-email"}, "email", "Alamat email tidak valid, contoh: nama@depok.go.id."),
    ],
)  # fmt: skip
def test_a_bad_field_is_refused_beside_it(changes: dict[str, str], field: str, message: str) -> None:
    filed, errors = validate_request({**GOOD, **changes}, WIB, NOW, counter=False)
    assert filed is None
    assert errors[field] == message


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19850315201001100", "NIP terdiri dari 18 digit angka."),
        ("19850315201001100A", "NIP terdiri dari 18 digit angka."),
        ("198513152010011003", "NIP tidak valid: periksa tanggal lahir, TMT dan kode jenis kelamin di dalamnya."),
        ("198503152010131003", "NIP tidak valid: periksa tanggal lahir, TMT dan kode jenis kelamin di dalamnya."),
        ("198503152010013003", "NIP tidak valid: periksa tanggal lahir, TMT dan kode jenis kelamin di dalamnya."),
        ("198503151980011003", "NIP tidak valid: periksa tanggal lahir, TMT dan kode jenis kelamin di dalamnya."),
        ("198503152010011000", "NIP tidak valid: periksa tanggal lahir, TMT dan kode jenis kelamin di dalamnya."),
    ],
)
def test_the_counter_checks_the_nip(nip: str, message: str) -> None:
    filed, errors = validate_request({**COUNTER, "nip": nip}, WIB, NOW, counter=True)
    assert filed is None
    assert errors["nip"] == message


def test_the_counter_keeps_the_pokjas_name_and_nip() -> None:
    filed, errors = validate_request(COUNTER, WIB, NOW, counter=True)
    assert errors == {}
    assert filed is not None
    assert (filed.requester_name, filed.nip) == ("Andi Saputra", "198503152010011003")
    assert nip_problem("198503152010011003") is None


def test_the_counter_needs_the_pokjas_name() -> None:
    filed, errors = validate_request({**COUNTER, "requester_name": ""}, WIB, NOW, counter=True)
    assert filed is None
    assert errors == {"requester_name": "Nama Pokja pemohon wajib diisi, paling banyak 120 karakter."}


def test_every_problem_is_named_at_once() -> None:
    filed, errors = validate_request({**GOOD, "stage": "", "new_at": "2026-12-03T10:00"}, WIB, NOW, counter=False)
    assert filed is None
    assert errors == {
        "stage": "Pilih tahapan: Batas akhir upload penawaran atau Awal pembukaan penawaran.",
        "new_at": NOT_LATER,
    }
