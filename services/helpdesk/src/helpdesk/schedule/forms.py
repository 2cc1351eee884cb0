"""The ubah-jadwal forms: the Pokja's request, the counter's record of one, the resubmission and the desk's
answers. Pure: the times typed in the LPSE's zone come back as aware instants, each refusal beside its field."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

from pydantic import Field, ValidationInfo, field_validator

from contracts.schedule_change import ScheduleStage
from lpse_runtime.formmodel import FieldErrors, FormModel, parse_form, refuse
from lpse_runtime.text import identifier_problem, normalized_email, one_line

PAST = "Waktu baru sudah lewat; isi waktu yang akan datang."
NOT_LATER = (
    "Waktu baru harus setelah waktu lama: memajukan tahapan mengurangi waktu penyedia menyiapkan penawaran, "
    "sehingga tidak dilayani."
)
NIP_SHAPE = "NIP terdiri dari 18 digit angka."
NIP_CONTENT = "NIP tidak valid: periksa tanggal lahir, TMT dan kode jenis kelamin di dalamnya."
LETTER_MISSING = "Unggah surat permohonan yang sudah ditandatangani (PDF, JPEG atau PNG)."
FREE_TEXT = ("tender_name", "reason")
YEARS = range(2000, 2101)  # a tender schedule outside these years is a typing slip (and year 1 cannot leave WIB)


def plausible(value: datetime, message: str) -> datetime:
    """A typed time within the years a tender can have, else the field's message."""
    if value.year not in YEARS:
        raise refuse(message)
    return value


class ScheduleForm(FormModel):
    """A schedule-change request as typed (the times as the datetime-local fields send them)."""

    messages: ClassVar[Mapping[str, str]] = {
        "tender_id": "Kode tender SPSE berupa angka, 1 sampai 40 digit.",
        "tender_name": "Nama tender wajib diisi, paling banyak 300 karakter.",
        "stage": "Pilih tahapan: Batas akhir upload penawaran atau Awal pembukaan penawaran.",
        "old_at": "Isi waktu lama (tanggal dan jam) sesuai jadwal di SPSE.",
        "new_at": "Isi waktu baru (tanggal dan jam).",
        "reason": "Tuliskan alasan perubahan dalam 10 sampai 2000 karakter.",
        "email": "Alamat email tidak valid, contoh: nama@depok.go.id.",
    }

    tender_id: str = Field(pattern=r"^\d{1,40}$")
    tender_name: str = Field(min_length=1, max_length=300)
    stage: ScheduleStage
    old_at: datetime
    new_at: datetime
    reason: str = Field(min_length=10, max_length=2000)
    email: str = Field(max_length=254)

    @field_validator("tender_name")
    @classmethod
    def single_line(cls, value: str) -> str:
        return one_line(value)

    @field_validator("old_at", "new_at")
    @classmethod
    def within_years(cls, value: datetime, info: ValidationInfo) -> datetime:
        return plausible(value, cls.messages[str(info.field_name)])

    @field_validator("email")
    @classmethod
    def valid_email(cls, value: str) -> str:
        email = normalized_email(value)
        if email is None:
            raise refuse(cls.messages["email"])
        return email


class CounterForm(FormModel):
    """Who the Pokja member is, as the Helpdesk types it at the counter."""

    messages: ClassVar[Mapping[str, str]] = {
        "requester_name": "Nama Pokja pemohon wajib diisi, paling banyak 120 karakter.",
        "nip": NIP_SHAPE,
    }

    requester_name: str = Field(min_length=1, max_length=120)
    nip: str = Field(pattern=r"^\d{18}$")


@dataclass(frozen=True)
class Filed:
    """A valid request: the tender, the stage, the two instants, the reason and who asks."""

    tender_id: str
    tender_name: str
    stage: ScheduleStage
    old_at: datetime
    new_at: datetime
    reason: str
    email: str
    requester_name: str
    nip: str | None = None


def nip_problem(nip: str) -> str | None:
    """Why an 18-digit NIP cannot be a civil servant's (birth date, TMT month, gender code), or None."""
    if not re.fullmatch(r"\d{18}", nip):
        return NIP_SHAPE
    try:
        born = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return NIP_CONTENT
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not (1 <= tmt_month <= 12 and born.year < tmt_year) or nip[14] not in "12" or nip[15:] == "000":
        return NIP_CONTENT
    return None


def local(value: datetime, zone: str) -> datetime:
    """A time typed in the LPSE's zone as an instant (a datetime-local field sends no zone)."""
    return value.replace(tzinfo=ZoneInfo(zone)) if value.tzinfo is None else value


def times_problems(old_at: datetime, new_at: datetime, now: datetime) -> FieldErrors:
    """A new time in the past, or not after the old one, refused beside the new time."""
    if new_at <= now:
        return {"new_at": PAST}
    if new_at <= old_at:
        return {"new_at": NOT_LATER}
    return {}


def _typed_times(raw: Mapping[str, str], errors: FieldErrors) -> tuple[datetime, datetime] | None:
    """The old and new times as typed, when both are well-formed."""
    if "old_at" in errors or "new_at" in errors:
        return None
    try:
        old_at, new_at = datetime.fromisoformat(str(raw.get("old_at"))), datetime.fromisoformat(str(raw.get("new_at")))
    except ValueError:
        return None
    return (old_at, new_at) if old_at.year in YEARS and new_at.year in YEARS else None


def validate_request(
    raw: Mapping[str, str], zone: str, now: datetime, *, counter: bool, requester_name: str = ""
) -> tuple[Filed | None, FieldErrors]:
    """The request when every field is filled and sensible; else a message per field (nothing is kept)."""
    form, errors = parse_form(ScheduleForm, raw)
    person, person_errors = parse_form(CounterForm, raw) if counter else (None, {})
    errors = {**errors, **person_errors}
    if person is not None and (problem := nip_problem(person.nip)):
        errors["nip"] = problem
    for name in FREE_TEXT:
        if name not in errors and (problem := identifier_problem(str(raw.get(name, "")))):
            errors[name] = problem
    times = _typed_times(raw, errors)
    if times is not None:
        # Named even when another field is wrong: the Pokja fixes everything in one go.
        errors = {**times_problems(local(times[0], zone), local(times[1], zone), now), **errors}
    if form is None or errors or (counter and person is None):
        return None, errors
    return Filed(
        tender_id=form.tender_id,
        tender_name=form.tender_name,
        stage=form.stage,
        old_at=local(form.old_at, zone),
        new_at=local(form.new_at, zone),
        reason=form.reason,
        email=form.email,
        requester_name=person.requester_name if person else requester_name,
        nip=person.nip if person else None,
    ), {}


def validate_correction(
    raw: Mapping[str, str], current: Mapping[str, str], zone: str, now: datetime
) -> tuple[Filed | None, FieldErrors]:
    """A returned request's corrected fields (the tender and the stage stay those filed)."""
    merged = {**current, **{k: v for k, v in raw.items() if k in ("tender_name", "old_at", "new_at", "reason")}}
    return validate_request(merged, zone, now, counter=False, requester_name=current.get("requester_name", ""))


# -- the desk's answers -------------------------------------------------------------------------------------------


class NoteForm(FormModel):
    """A short text the desk writes: the note on a return, the reason of a refusal."""

    messages: ClassVar[Mapping[str, str]] = {"text": "Isi teks paling banyak 1000 karakter."}

    text: str = Field(default="", max_length=1000)

    @field_validator("text")
    @classmethod
    def no_identifier(cls, value: str) -> str:
        problem = identifier_problem(value)
        if problem:
            raise refuse(problem)
        return value


class ApprovalForm(FormModel):
    """What the Admin PPE records once the schedule is changed in SPSE."""

    messages: ClassVar[Mapping[str, str]] = {
        "set_at": "Isi waktu yang ditetapkan di SPSE (tanggal dan jam).",
        "changed_at": "Isi kapan jadwal diubah di SPSE (tanggal dan jam).",
    }

    set_at: datetime
    changed_at: datetime

    @field_validator("set_at", "changed_at")
    @classmethod
    def within_years(cls, value: datetime, info: ValidationInfo) -> datetime:
        return plausible(value, cls.messages[str(info.field_name)])
