"""The public complaint form asks what the LPSE's standard requires: Banjarmasin Pasal 8(4) items a–d (name and
address; the service and the losses; the remedy; place, time and signature), elsewhere name, email, service, date
and description. A late service date is accepted (only flagged); a date after today is not."""

from __future__ import annotations

from datetime import date

import pytest

from contracts.lpse import load_profiles
from helpdesk.complaints.forms import validate_complaint
from lpse_runtime.settings import REPO_ROOT

PROFILES = load_profiles(REPO_ROOT / "deploy" / "lpse")


FILLED = {
    "name": "Rahmat Hidayat",
    "address": "Jl. Lambung Mangkurat No. 1, Banjarmasin",
    "email": "rahmat@contoh.co.id",
    "service_id": "BJM-1",
    "service_date": "2026-07-10",
    "description": "Aktivasi user ID tidak selesai dalam 30 menit.",
    "losses": "Tidak dapat mengikuti tender; kerugian waktu.",
    "remedy": "Aktivasi segera dan penjelasan tertulis.",
    "place": "Banjarmasin",
    "declaration": "ya",
    "signature": "Rahmat Hidayat",
}


def test_a_late_service_date_is_accepted_a_future_one_is_not() -> None:
    form, errors = validate_complaint(FILLED, PROFILES["banjarmasin"], date(2026, 8, 14))
    assert errors == {} and form is not None and form.service_date == date(2026, 7, 10)
    _, errors = validate_complaint({**FILLED, "service_date": "2026-08-15"}, PROFILES["banjarmasin"], date(2026, 8, 14))
    assert errors == {"service_date": "Tanggal menerima pelayanan tidak boleh setelah hari ini."}
    same_day, errors = validate_complaint(
        {**FILLED, "service_date": "2026-08-14"}, PROFILES["banjarmasin"], date(2026, 8, 14)
    )
    assert errors == {} and same_day is not None, "a complaint on the day of the service is allowed"
    _, errors = validate_complaint({**FILLED, "service_date": "0026-08-14"}, PROFILES["banjarmasin"], date(2026, 8, 14))
    assert errors == {
        "service_date": "Tanggal menerima pelayanan terlalu lama (lebih dari 10 tahun); periksa tahunnya."
    }


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("address", "Alamat lengkap wajib diisi (Pasal 8 ayat (4) huruf a)."),
        ("losses", "Uraikan kerugian materiil dan immateriil yang diderita (Pasal 8 ayat (4) huruf b)."),
        ("remedy", "Tuliskan penyelesaian yang diminta (Pasal 8 ayat (4) huruf c)."),
        ("place", "Tuliskan tempat penyampaian pengaduan (Pasal 8 ayat (4) huruf d)."),
        ("declaration", "Centang pernyataan kebenaran isi pengaduan."),
        ("signature", "Ketik nama lengkap Anda sebagai tanda tangan (Pasal 8 ayat (4) huruf d)."),
    ],
)
def test_banjarmasin_asks_items_a_to_d(field: str, message: str) -> None:
    form, errors = validate_complaint({**FILLED, field: ""}, PROFILES["banjarmasin"], date(2026, 8, 14))
    assert form is None and errors == {field: message}


def test_elsewhere_only_name_email_service_date_and_description_are_asked() -> None:
    bare = {k: FILLED[k] for k in ("name", "email", "service_date", "description")} | {"service_id": "MGL-M"}
    form, errors = validate_complaint(bare, PROFILES["magelang"], date(2026, 8, 14))
    assert errors == {} and form is not None


def test_the_service_is_one_of_the_lpses_and_the_signature_is_the_name() -> None:
    _, errors = validate_complaint({**FILLED, "service_id": "DPK-1a"}, PROFILES["banjarmasin"], date(2026, 8, 14))
    assert errors == {"service_id": "Pilih layanan yang diadukan."}
    _, errors = validate_complaint({**FILLED, "signature": "Orang Lain"}, PROFILES["banjarmasin"], date(2026, 8, 14))
    assert errors == {"signature": "Nama sebagai tanda tangan harus sama dengan nama lengkap di atas."}


def test_an_empty_banjarmasin_form_names_every_missing_item_at_once() -> None:
    form, errors = validate_complaint({}, PROFILES["banjarmasin"], date(2026, 8, 14))
    assert form is None
    assert set(errors) == {
        "name",
        "address",
        "email",
        "service_id",
        "service_date",
        "description",
        "losses",
        "remedy",
        "place",
        "declaration",
        "signature",
    }
