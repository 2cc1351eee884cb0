"""Every form of the ticket desk puts its own Indonesian message beside the bad field and stores nothing; the
lengths the README's *Tickets and the ladder* gives (2000 for a step's text, 5000 for LKPP's answer, 20–2000 for
the note to LKPP, 10 for a reopen) are accepted exactly at the limit and refused one character past it."""

from __future__ import annotations

import pytest

from helpdesk.domain import StaffTicketForm, TicketForm
from helpdesk.domain.forms import (
    CloseForm,
    EscalateForm,
    LkppAnswerForm,
    NoteForm,
    RatingForm,
    ReopenForm,
    ReplyForm,
    ReporterReplyForm,
    RequestInfoForm,
    ResolveForm,
    validate_ticket,
)
from lpse_runtime.formmodel import FormModel, parse_form
from services.helpdesk.tests.fixtures_b import REPORT


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (ReplyForm, "Balasan wajib diisi, paling banyak 2000 karakter."),
        (RequestInfoForm, "Tuliskan informasi yang diperlukan, paling banyak 2000 karakter."),
        (NoteForm, "Catatan wajib diisi, paling banyak 2000 karakter."),
        (ResolveForm, "Tuliskan penyelesaian, paling banyak 2000 karakter."),
        (ReporterReplyForm, "Balasan wajib diisi, paling banyak 2000 karakter."),
    ],
)
def test_a_steps_text_takes_up_to_2000_characters_and_says_so_beside_the_field(
    model: type[FormModel], message: str
) -> None:
    assert parse_form(model, {"text": "  "}) == (None, {"text": message})
    assert parse_form(model, {"text": "x" * 2001}) == (None, {"text": message})
    form, errors = parse_form(model, {"text": f"  {'x' * 2000}  "})
    assert errors == {} and form is not None and form.model_dump()["text"] == "x" * 2000


def test_an_escalation_gives_its_reason_and_a_note_for_lkpp_of_20_to_2000_characters() -> None:
    reason = "Alasan eskalasi wajib diisi, paling banyak 2000 karakter."
    note = "Catatan untuk LKPP 20 sampai 2000 karakter."
    assert parse_form(EscalateForm, {"reason": ""}) == (None, {"reason": reason})
    assert parse_form(EscalateForm, {"reason": "y" * 2001}) == (None, {"reason": reason})
    assert parse_form(EscalateForm, {"reason": "x", "lkpp_note": "n" * 19}) == (None, {"lkpp_note": note})
    assert parse_form(EscalateForm, {"reason": "x", "lkpp_note": "n" * 2001}) == (None, {"lkpp_note": note})
    form, errors = parse_form(EscalateForm, {"reason": "y" * 2000, "lkpp_note": "n" * 20})
    assert errors == {} and form is not None and (len(form.reason), form.lkpp_note) == (2000, "n" * 20)
    form, _ = parse_form(EscalateForm, {"reason": "Perlu Admin PPE", "lkpp_note": "   "})
    assert form is not None and form.lkpp_note == ""  # a local escalation carries no note


def test_lkpps_answer_gives_its_result_up_to_5000_characters_and_its_reference() -> None:
    good = {"result": "selesai", "answer": "Sudah diperbaiki.", "lkpp_ref": "LKPP-2026-0001"}
    assert parse_form(LkppAnswerForm, {**good, "result": "entah"}) == (None, {"result": "Pilih hasil jawaban LKPP."})
    answer = "Jawaban LKPP wajib diisi, paling banyak 5000 karakter."
    assert parse_form(LkppAnswerForm, {**good, "answer": " "}) == (None, {"answer": answer})
    # Past 5000 the platform's ceiling on any text speaks first, with the same limit.
    too_long = "Isian terlalu panjang: paling banyak 5000 karakter."
    assert parse_form(LkppAnswerForm, {**good, "answer": "a" * 5001}) == (None, {"answer": too_long})
    ref = "Nomor tiket LKPP paling banyak 60 karakter."
    assert parse_form(LkppAnswerForm, {**good, "lkpp_ref": "R" * 61}) == (None, {"lkpp_ref": ref})
    form, errors = parse_form(LkppAnswerForm, {**good, "result": "dikembalikan", "answer": "a" * 5000})
    assert errors == {} and form is not None and (form.result, len(form.answer)) == ("dikembalikan", 5000)


def test_closing_gives_one_of_the_staff_reasons_and_at_most_2000_characters() -> None:
    assert parse_form(CloseForm, {"reason": "batas_buka_kembali"}) == (None, {"reason": "Pilih alasan menutup tiket."})
    assert parse_form(CloseForm, {"reason": "duplikat", "text": "t" * 2001}) == (
        None,
        {"text": "Keterangan paling banyak 2000 karakter."},
    )
    form, errors = parse_form(CloseForm, {"reason": "di_luar_layanan", "text": "t" * 2000})
    assert errors == {} and form is not None and form.reason == "di_luar_layanan"


def test_a_reopen_takes_ten_characters_and_a_rating_one_to_five() -> None:
    form, errors = parse_form(ReopenForm, {"reason": "belum bisa"})
    assert errors == {} and form is not None and form.reason == "belum bisa"
    assert parse_form(ReopenForm, {"reason": "r" * 2001}) == (
        None,
        {"reason": "Alasan membuka kembali 10 sampai 2000 karakter."},
    )
    for rating in ("0", "6", "lima"):
        assert parse_form(RatingForm, {"rating": rating}) == (None, {"rating": "Pilih nilai 1 sampai 5."})
    assert parse_form(RatingForm, {"rating": "5", "comment": "c" * 1001}) == (
        None,
        {"comment": "Komentar paling banyak 1000 karakter."},
    )
    rated, errors = parse_form(RatingForm, {"rating": "1", "comment": "c" * 1000})
    assert errors == {} and rated is not None and rated.rating == 1


def test_the_public_report_is_checked_into_a_ticket_form_or_messages_per_field() -> None:
    form, errors = validate_ticket({**REPORT, "phone": "+62 812-3456-7890"})
    assert errors == {} and isinstance(form, TicketForm) and not isinstance(form, StaffTicketForm)
    assert (form.category, form.reporter_role, form.phone) == ("masalah_spse", "penyedia", "+6281234567890")
    assert validate_ticket({**REPORT, "email": "", "phone": "1234567"}) == (
        None,
        {
            "email": "Alamat email tidak valid, contoh: nama@perusahaan.co.id.",
            "phone": "Nomor telepon 8 sampai 20 angka, boleh diawali + (contoh: 081234567890).",
        },
    )


def test_a_description_takes_10_to_5000_characters() -> None:
    message = {"description": "Uraikan permasalahan dalam 10 sampai 5000 karakter."}
    assert validate_ticket({**REPORT, "description": "d" * 9})[1] == message
    too_long = {"description": "Isian terlalu panjang: paling banyak 5000 karakter."}  # the platform's ceiling
    assert validate_ticket({**REPORT, "description": "d" * 5001})[1] == too_long
    for description in ("d" * 10, "d" * 5000):
        form, errors = validate_ticket({**REPORT, "description": description})
        assert errors == {} and form is not None and form.description == description
