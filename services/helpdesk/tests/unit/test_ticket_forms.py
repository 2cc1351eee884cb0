"""The report form and the desk's forms: a message beside each bad field, word for word; the summary and the note
to LKPP, which travel on the bus, refuse a NIK or NPWP."""

from __future__ import annotations

import pytest

from helpdesk.domain import EscalateForm, ReopenForm, StaffTicketForm, TicketForm
from lpse_runtime.formmodel import parse_form
from services.helpdesk.tests.fixtures_b import REPORT

NPWP_REFUSED = "Jangan menuliskan NIK/NPWP (15–16 digit) di sini; isian ini dikirim kepada pihak lain. "


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", "pengaduan", "Pilih jenis permasalahan."),
        ("reporter_role", "direktur", "Pilih peran Anda."),
        ("name", "", "Nama wajib diisi, paling banyak 120 karakter."),
        ("summary", " ", "Ringkasan wajib diisi, paling banyak 200 karakter."),
        ("summary", "x" * 201, "Ringkasan wajib diisi, paling banyak 200 karakter."),
        ("description", "singkat", "Uraikan permasalahan dalam 10 sampai 5000 karakter."),
        ("email", "bukan-email", "Alamat email tidak valid, contoh: nama@perusahaan.co.id."),
        ("phone", "12ab", "Nomor telepon 8 sampai 20 angka, boleh diawali + (contoh: 081234567890)."),
        ("language", "fr", "Pilih bahasa email."),
    ],
)
def test_each_bad_field_gets_its_message(field: str, value: str, message: str) -> None:
    form, errors = parse_form(TicketForm, {**REPORT, field: value})
    assert form is None and errors == {field: message}


@pytest.mark.parametrize("summary", ["NPWP 09.123.456.7-891.000 gagal login", "NIK 3276012345678901 ditolak"])
def test_a_npwp_or_nik_in_the_summary_is_refused(summary: str) -> None:
    form, errors = parse_form(TicketForm, {**REPORT, "summary": summary})
    assert form is None and errors["summary"].startswith(NPWP_REFUSED)


def test_a_tender_code_in_the_summary_is_kept() -> None:
    form, _ = parse_form(TicketForm, {**REPORT, "summary": "Gagal unggah tender 10034567000"})
    assert form is not None and form.summary == "Gagal unggah tender 10034567000"


def test_staff_record_a_walk_in_without_an_email_but_with_its_channel() -> None:
    form, errors = parse_form(StaffTicketForm, {**REPORT, "email": "", "channel": "datang_langsung"})
    assert errors == {} and form is not None and (form.email, form.channel) == ("", "datang_langsung")
    _, errors = parse_form(StaffTicketForm, {**REPORT, "channel": "merpati"})
    assert errors == {"channel": "Pilih saluran laporan."}


def test_the_note_to_lkpp_refuses_an_identifier_and_a_too_short_note() -> None:
    _, errors = parse_form(EscalateForm, {"reason": "x", "lkpp_note": "NPWP pelapor 091234567891000 terblokir"})
    assert errors["lkpp_note"].startswith(NPWP_REFUSED)
    _, errors = parse_form(EscalateForm, {"reason": "x", "lkpp_note": "terlalu pendek"})
    assert errors == {"lkpp_note": "Catatan untuk LKPP 20 sampai 2000 karakter."}


def test_a_reopen_gives_its_reason_in_ten_characters_at_least() -> None:
    assert parse_form(ReopenForm, {"reason": "belum"})[1] == {
        "reason": "Alasan membuka kembali 10 sampai 2000 karakter."
    }


def test_a_report_without_a_chosen_language_is_answered_in_bahasa_indonesia() -> None:
    form, errors = parse_form(TicketForm, {**REPORT, "language": ""})
    assert errors == {} and form is not None and form.language == "id"
