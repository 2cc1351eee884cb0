"""The complaint forms: the public complaint with the content the LPSE's standard requires, the complainant's
completion, and the staff's answers. Pure.

Banjarmasin Pasal 8(4): a. name and address; b. the service that did not meet the standard and the losses
(materiil and immateriil); c. the remedy asked; d. place, time and signature. Online, d is the place typed, the time
recorded at receipt and the declaration signed with the typed name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from contracts.lpse import LpseProfile
from lpse_runtime.formmodel import FieldErrors, FormModel, parse_form, refuse
from lpse_runtime.text import normalized_email, one_line

DECLARATION = "Saya menyatakan isi pengaduan ini benar dan dapat dipertanggungjawabkan."

# The fields each content item of Pasal 8(4) asks for (the description is asked of every complaint).
FIELDS_OF_CODE: dict[str, tuple[str, ...]] = {
    "a": ("name", "address"),
    "b": ("description", "losses"),
    "c": ("remedy",),
    "d": ("place", "declaration", "signature"),
}
# A late complaint is only flagged; a service date decades back is a mistyped year, not a late complaint.
OLDEST_SERVICE_DAYS = 3660
REQUIRED_ALWAYS = ("name", "email", "service_id", "service_date", "description")

MISSING: dict[str, str] = {
    "name": "Nama lengkap wajib diisi.",
    "address": "Alamat lengkap wajib diisi (Pasal 8 ayat (4) huruf a).",
    "losses": "Uraikan kerugian materiil dan immateriil yang diderita (Pasal 8 ayat (4) huruf b).",
    "remedy": "Tuliskan penyelesaian yang diminta (Pasal 8 ayat (4) huruf c).",
    "place": "Tuliskan tempat penyampaian pengaduan (Pasal 8 ayat (4) huruf d).",
    "declaration": "Centang pernyataan kebenaran isi pengaduan.",
    "signature": "Ketik nama lengkap Anda sebagai tanda tangan (Pasal 8 ayat (4) huruf d).",
}


class ComplaintForm(FormModel):
    """A complaint as typed on the public form."""

    messages: ClassVar[Mapping[str, str]] = {
        "name": "Nama lengkap wajib diisi, paling banyak 120 karakter.",
        "address": "Alamat paling banyak 300 karakter.",
        "email": "Alamat email tidak valid, contoh: nama@perusahaan.co.id.",
        "service_id": "Pilih layanan yang diadukan.",
        "service_date": "Isi tanggal menerima pelayanan (HH/BB/TTTT).",
        "description": "Uraikan pelayanan yang tidak sesuai standar dalam 10 sampai 5000 karakter.",
        "losses": "Uraian kerugian paling banyak 2000 karakter.",
        "remedy": "Penyelesaian yang diminta paling banyak 2000 karakter.",
        "place": "Tempat paling banyak 120 karakter.",
        "signature": "Nama sebagai tanda tangan paling banyak 120 karakter.",
        "language": "Pilih bahasa email.",
    }

    name: str = Field(min_length=1, max_length=120)
    address: str = Field(default="", max_length=300)
    email: str = Field(max_length=254)
    service_id: str = Field(min_length=1, max_length=20)
    service_date: date
    description: str = Field(min_length=10, max_length=5000)
    losses: str = Field(default="", max_length=2000)
    remedy: str = Field(default="", max_length=2000)
    place: str = Field(default="", max_length=120)
    declaration: bool = False
    signature: str = Field(default="", max_length=120)
    language: Literal["id", "en"] = "id"

    @field_validator("name", "signature", "place")
    @classmethod
    def single_line(cls, value: str) -> str:
        return one_line(value)

    @field_validator("email")
    @classmethod
    def valid_email(cls, value: str) -> str:
        email = normalized_email(value)
        if email is None:
            raise refuse(cls.messages["email"])
        return email


def required_fields(profile: LpseProfile) -> tuple[str, ...]:
    """The fields the LPSE's standard makes compulsory (Banjarmasin: a–d; elsewhere the basic four)."""
    extra = [f for code in profile.complaints.content_codes for f in FIELDS_OF_CODE[code]]
    return tuple(dict.fromkeys((*REQUIRED_ALWAYS, *extra)))


def validate_complaint(
    raw: Mapping[str, str], profile: LpseProfile, today: date
) -> tuple[ComplaintForm | None, FieldErrors]:
    """The complaint when every field the standard asks for is filled and sensible; else a message per field.
    A late service date is accepted (the window only flags); a date after today is not."""
    values = {**raw, "declaration": raw.get("declaration") == "ya", "language": raw.get("language") or "id"}
    form, errors = parse_form(ComplaintForm, values)
    # Every item the standard asks for is named at once, beside its field, whatever else is wrong.
    for name in required_fields(profile):
        if name in MISSING and name not in errors and not _filled(values.get(name)):
            errors[name] = MISSING[name]
    if form is None:
        return None, errors
    if form.service_id not in {s.id for s in profile.services}:
        errors["service_id"] = ComplaintForm.messages["service_id"]
    if form.service_date > today:
        errors["service_date"] = "Tanggal menerima pelayanan tidak boleh setelah hari ini."
    elif (today - form.service_date).days > OLDEST_SERVICE_DAYS:
        errors["service_date"] = "Tanggal menerima pelayanan terlalu lama (lebih dari 10 tahun); periksa tahunnya."
    if "signature" in required_fields(profile) and form.signature and form.signature.casefold() != form.name.casefold():
        errors["signature"] = "Nama sebagai tanda tangan harus sama dengan nama lengkap di atas."
    return (None, errors) if errors else (form, {})


def _filled(value: object) -> bool:
    """A ticked box or a text with something in it."""
    return value is True or (isinstance(value, str) and bool(value.strip()))


# -- the complainant's completion -------------------------------------------------------------------------------

COMPLETION_MESSAGE = "Lengkapi materi ini dalam 1 sampai 2000 karakter."


def validate_completion(raw: Mapping[str, str], missing: tuple[str, ...]) -> tuple[dict[str, str] | None, FieldErrors]:
    """The text the complainant gives for each missing item (`item_a` …), each 1–2000 characters."""
    filled: dict[str, str] = {}
    errors: FieldErrors = {}
    for code in missing:
        text = str(raw.get(f"item_{code}", "")).strip()
        form, problems = parse_form(TextForm, {"text": text})
        if form is None or not 1 <= len(text) <= 2000:
            errors[f"item_{code}"] = problems.get("text", COMPLETION_MESSAGE) if problems else COMPLETION_MESSAGE
        else:
            filled[code] = form.text
    return (None, errors) if errors else (filled, {})


# -- the staff's answers ----------------------------------------------------------------------------------------


class TextForm(FormModel):
    """One text a person types (a response, a note, LKPP's outcome, a reply)."""

    messages: ClassVar[Mapping[str, str]] = {"text": "Isi teks dalam 1 sampai 5000 karakter."}

    text: str = Field(min_length=1, max_length=5000)


class SummaryForm(FormModel):
    """The resolution's summary."""

    messages: ClassVar[Mapping[str, str]] = {"text": "Isi ringkasan penyelesaian dalam 1 sampai 2000 karakter."}

    text: str = Field(min_length=1, max_length=2000)


@dataclass(frozen=True)
class Ticked:
    """The content items a verifier ticked as missing."""

    codes: tuple[str, ...]


def ticked_missing(values: list[str], codes: tuple[str, ...]) -> Ticked:
    """The ticked letters that the standard knows, in its order (unknown ones are dropped: the guard refuses none)."""
    return Ticked(tuple(c for c in codes if c in values))
