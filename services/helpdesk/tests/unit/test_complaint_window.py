"""Banjarmasin Pasal 8(3): "paling lambat 30 (tiga puluh) hari sejak pengadu menerima pelayanan". Counted in local
calendar dates; the 30th day is on time; a late complaint is flagged, never refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from contracts.lpse import load_profiles
from helpdesk.complaints.forms import validate_complaint
from helpdesk.complaints.window import window
from lpse_runtime.settings import REPO_ROOT

WITA = "Asia/Makassar"
FRI_14_AUG_1445_WITA = datetime(2026, 8, 14, 6, 45, tzinfo=UTC)
PROFILES = load_profiles(REPO_ROOT / "deploy" / "lpse")


def test_fri_10_jul_to_fri_14_aug_2026_is_35_days_and_late() -> None:
    span = window(date(2026, 7, 10), FRI_14_AUG_1445_WITA, WITA, 30)
    assert (span.days_since_service, span.late) == (35, True)


def test_wed_15_jul_to_fri_14_aug_2026_is_exactly_30_days_and_on_time() -> None:
    span = window(date(2026, 7, 15), FRI_14_AUG_1445_WITA, WITA, 30)
    assert (span.days_since_service, span.late) == (30, False)


def test_the_days_are_local_dates_not_utc_ones() -> None:
    # Sat 15 Aug 2026 00:30 WITA is still Fri 14 Aug in UTC: locally it is the 31st day, so late.
    just_after_midnight = datetime(2026, 8, 14, 16, 30, tzinfo=UTC)
    assert window(date(2026, 7, 15), just_after_midnight, WITA, 30).late is True


def test_an_lpse_without_a_window_never_flags() -> None:
    assert window(date(2025, 1, 1), FRI_14_AUG_1445_WITA, "Asia/Jakarta", None).late is False


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
