"""The forensic test's forms: the request (by the Pokja, or recorded at the counter), and the staff's texts. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import Field, field_validator

from lpse_runtime.formmodel import FieldErrors, FormModel, parse_form, refuse
from lpse_runtime.text import identifier_problem, normalized_email, one_line

NIP_DIGITS = 18


class RequestForm(FormModel):
    """What the Pokja writes on the request (the files come beside it): the tender, the problem, NIP and email."""

    messages: ClassVar[Mapping[str, str]] = {
        "tender_id": "Isi kode tender (angka dan huruf, paling banyak 40 karakter).",
        "tender_name": "Isi nama paket tender dalam 3 sampai 200 karakter.",
        "description": "Uraikan permasalahan enkripsi dokumen penawaran dalam 10 sampai 2000 karakter.",
        "requester_nip": f"NIP terdiri atas {NIP_DIGITS} angka.",
        "requester_email": "Alamat email tidak valid, contoh: nama@instansi.go.id.",
    }

    tender_id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9./-]*$")
    tender_name: str = Field(min_length=3, max_length=200)
    description: str = Field(min_length=10, max_length=2000)
    requester_nip: str = Field(pattern=rf"^[0-9]{{{NIP_DIGITS}}}$")
    requester_email: str = Field(max_length=254)

    @field_validator("tender_name")
    @classmethod
    def single_line(cls, value: str) -> str:
        return one_line(value)

    @field_validator("tender_name", "description")
    @classmethod
    def no_identifier(cls, value: str) -> str:
        problem = identifier_problem(value)
        if problem is not None:
            raise refuse(problem)
        return value

    @field_validator("requester_nip", mode="before")
    @classmethod
    def nip_digits(cls, value: object) -> object:
        # NIPs are printed in groups ("19800101 200501 1 001"); the digits are what counts.
        return value.replace(" ", "") if isinstance(value, str) else value

    @field_validator("requester_email")
    @classmethod
    def valid_email(cls, value: str) -> str:
        email = normalized_email(value)
        if email is None:
            raise refuse(cls.messages["requester_email"])
        return email


class CounterForm(RequestForm):
    """A request the Helpdesk records at the counter: the Pokja's name beside it (online it is the session's)."""

    messages: ClassVar[Mapping[str, str]] = {
        **RequestForm.messages,
        "requester_name": "Isi nama lengkap Pokja pemohon, paling banyak 120 karakter.",
    }

    requester_name: str = Field(min_length=1, max_length=120)

    @field_validator("requester_name")
    @classmethod
    def name_line(cls, value: str) -> str:
        return one_line(value)


class NoteForm(FormModel):
    """A text a staff member writes on a step (the trial, the note for LKPP and BSSN, a reason, the result)."""

    messages: ClassVar[Mapping[str, str]] = {"text": "Isi uraian dalam 1 sampai 2000 karakter, tanpa NIK/NPWP."}

    text: str = Field(min_length=1, max_length=2000)

    @field_validator("text")
    @classmethod
    def no_identifier(cls, value: str) -> str:
        if identifier_problem(value) is not None:
            raise refuse(cls.messages["text"])
        return value


def parse_request(raw: Mapping[str, object], *, counter: bool) -> tuple[RequestForm | None, FieldErrors]:
    """The request's fields, or a message per bad field."""
    model: type[RequestForm] = CounterForm if counter else RequestForm
    return parse_form(model, raw)


def parse_note(raw: Mapping[str, object]) -> tuple[str | None, str | None]:
    """The note typed, or the message beside its field."""
    form, errors = parse_form(NoteForm, raw)
    return (form.text, None) if form is not None else (None, errors.get("text", NoteForm.messages["text"]))
