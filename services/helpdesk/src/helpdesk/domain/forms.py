"""The ticket desk's forms: the report (public and at the counter), the staff steps and the reporter's steps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from contracts.envelope import Language
from contracts.helpdesk import LkppResult, ReporterRole, TicketCategory
from contracts.lpse import ChannelKind
from lpse_runtime.formmodel import FieldErrors, FormModel, parse_form, refuse
from lpse_runtime.text import identifier_problem, normalized_email, one_line

TEXT_2000 = "Isian wajib diisi, paling banyak 2000 karakter."


def _text(value: str, message: str, low: int = 1, high: int = 2000) -> str:
    text = value.strip()
    if not low <= len(text) <= high:
        raise refuse(message)
    return text


class TicketForm(FormModel):
    """A ticket as reported on the public form: what it is about, who reports it, and where the answer goes."""

    messages: ClassVar[Mapping[str, str]] = {
        "category": "Pilih jenis permasalahan.",
        "summary": "Ringkasan wajib diisi, paling banyak 200 karakter.",
        "description": "Uraikan permasalahan dalam 10 sampai 5000 karakter.",
        "email": "Alamat email tidak valid, contoh: nama@perusahaan.co.id.",
        "reporter_role": "Pilih peran Anda.",
        "name": "Nama wajib diisi, paling banyak 120 karakter.",
        "phone": "Nomor telepon 8 sampai 20 angka, boleh diawali + (contoh: 081234567890).",
        "language": "Pilih bahasa email.",
    }

    category: TicketCategory
    reporter_role: ReporterRole
    name: str = Field(min_length=1, max_length=120)
    summary: str
    description: str
    email: str = Field(max_length=254)  # the longest address SMTP carries
    phone: str = ""
    language: Language = "id"

    @field_validator("language", mode="before")
    @classmethod
    def default_language(cls, value: object) -> object:
        """Not chosen: Bahasa Indonesia, as everywhere on the platform."""
        return "id" if value in ("", None) else value

    @field_validator("summary")
    @classmethod
    def valid_summary(cls, value: str) -> str:
        summary = one_line(value)
        if not summary or len(summary) > 200:
            raise refuse(cls.messages["summary"])
        problem = identifier_problem(summary)  # the summary travels on the bus and to LKPP
        if problem is not None:
            raise refuse(problem)
        return summary

    @field_validator("description")
    @classmethod
    def valid_description(cls, value: str) -> str:
        description = value.strip()  # what Python counts as white space, as the length rule always has
        if not 10 <= len(description) <= 5000:
            raise refuse(cls.messages["description"])
        return description

    @field_validator("email")
    @classmethod
    def valid_email(cls, value: str) -> str:
        email = normalized_email(value)
        if email is None:
            raise refuse(cls.messages["email"])
        return email

    @field_validator("phone")
    @classmethod
    def valid_phone(cls, value: str) -> str:
        digits = value.replace(" ", "").replace("-", "")
        if digits and not (digits.lstrip("+").isdigit() and 8 <= len(digits.lstrip("+")) <= 20):
            raise refuse(cls.messages["phone"])
        return digits


class StaffTicketForm(TicketForm):
    """A report staff record for a walk-in, a phone call or an email: the channel is recorded, the email optional."""

    messages: ClassVar[Mapping[str, str]] = {**TicketForm.messages, "channel": "Pilih saluran laporan."}

    channel: ChannelKind
    email: str = Field(default="", max_length=254)

    @field_validator("email")
    @classmethod
    def valid_email(cls, value: str) -> str:
        if not value.strip():
            return ""  # a walk-in without an address follows the ticket at the counter
        email = normalized_email(value)
        if email is None:
            raise refuse(cls.messages["email"])
        return email


def validate_ticket(raw: Mapping[str, str]) -> tuple[TicketForm | None, FieldErrors]:
    """Check the entered fields; clear Indonesian messages per bad field."""
    return parse_form(TicketForm, raw)


class _TextForm(FormModel):
    messages: ClassVar[Mapping[str, str]] = {"text": TEXT_2000}
    text: str

    @field_validator("text")
    @classmethod
    def valid_text(cls, value: str) -> str:
        return _text(value, cls.messages["text"])


class ReplyForm(_TextForm):
    """*Balas pelapor*: the reply the reporter reads on the status page."""

    messages: ClassVar[Mapping[str, str]] = {"text": "Balasan wajib diisi, paling banyak 2000 karakter."}


class RequestInfoForm(_TextForm):
    """*Minta informasi tambahan*: what is missing; the clock waits for the answer."""

    messages: ClassVar[Mapping[str, str]] = {"text": "Tuliskan informasi yang diperlukan, paling banyak 2000 karakter."}


class NoteForm(_TextForm):
    """*Tambah catatan internal*: never shown to the reporter, never on the bus."""

    messages: ClassVar[Mapping[str, str]] = {"text": "Catatan wajib diisi, paling banyak 2000 karakter."}


class ResolveForm(_TextForm):
    """*Tandai selesai*: how the problem was solved."""

    messages: ClassVar[Mapping[str, str]] = {"text": "Tuliskan penyelesaian, paling banyak 2000 karakter."}


class ReporterReplyForm(_TextForm):
    """*Kirim balasan* on the status page."""

    messages: ClassVar[Mapping[str, str]] = {"text": "Balasan wajib diisi, paling banyak 2000 karakter."}


class EscalateForm(FormModel):
    """*Eskalasi ke …*: why (kept in the helpdesk), and, when the next step is LKPP, the note LKPP receives."""

    messages: ClassVar[Mapping[str, str]] = {
        "reason": "Alasan eskalasi wajib diisi, paling banyak 2000 karakter.",
        "lkpp_note": "Catatan untuk LKPP 20 sampai 2000 karakter.",
    }

    reason: str
    lkpp_note: str = ""

    @field_validator("reason")
    @classmethod
    def valid_reason(cls, value: str) -> str:
        return _text(value, cls.messages["reason"])

    @field_validator("lkpp_note")
    @classmethod
    def valid_lkpp_note(cls, value: str) -> str:
        note = value.strip()
        if not note:
            return ""  # asked for by the step itself when the ladder's next step is LKPP
        note = _text(note, cls.messages["lkpp_note"], 20)
        problem = identifier_problem(note)
        if problem is not None:
            raise refuse(problem)
        return note


class LkppAnswerForm(FormModel):
    """*Catat jawaban LKPP*: LKPP's reply received by mail or phone, recorded by the level that forwarded it."""

    messages: ClassVar[Mapping[str, str]] = {
        "result": "Pilih hasil jawaban LKPP.",
        "answer": "Jawaban LKPP wajib diisi, paling banyak 5000 karakter.",
        "lkpp_ref": "Nomor tiket LKPP paling banyak 60 karakter.",
    }

    result: LkppResult
    answer: str
    lkpp_ref: str = Field(default="", max_length=60)

    @field_validator("answer")
    @classmethod
    def valid_answer(cls, value: str) -> str:
        return _text(value, cls.messages["answer"], 1, 5000)


StaffCloseReason = Literal["selesai", "duplikat", "di_luar_layanan", "tidak_ada_tanggapan"]


class CloseForm(FormModel):
    """*Tutup tiket*: why, with a word for the reporter (a resolved ticket closes as solved)."""

    messages: ClassVar[Mapping[str, str]] = {
        "reason": "Pilih alasan menutup tiket.",
        "text": "Keterangan paling banyak 2000 karakter.",
    }

    reason: StaffCloseReason
    text: str = Field(default="", max_length=2000)


class ReopenForm(FormModel):
    """*Buka kembali laporan*: why the problem is not solved."""

    messages: ClassVar[Mapping[str, str]] = {"reason": "Alasan membuka kembali 10 sampai 2000 karakter."}

    reason: str

    @field_validator("reason")
    @classmethod
    def valid_reason(cls, value: str) -> str:
        return _text(value, cls.messages["reason"], 10)


class RatingForm(FormModel):
    """*Beri penilaian*: 1–5, and a comment that stays in the helpdesk."""

    messages: ClassVar[Mapping[str, str]] = {
        "rating": "Pilih nilai 1 sampai 5.",
        "comment": "Komentar paling banyak 1000 karakter.",
    }

    rating: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=1000)


class CloseConfirmForm(FormModel):
    """*Masalah sudah selesai, tutup laporan*: the reporter confirms; nothing to fill in."""
