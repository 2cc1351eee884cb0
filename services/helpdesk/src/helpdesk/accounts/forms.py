"""The account request form: who the person is, which position, and what each kind of request asks beside it
(a change, an auditor's tenders and period), the documents its service lists; and the officers' answers. Pure."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar, Literal

from pydantic import Field, field_validator

from contracts.account_requests import AccountChangeKind, AccountRequestKind, InternalRole
from contracts.lpse import LpseProfile, ServiceStandard
from lpse_runtime.formmodel import FieldErrors, FormModel, parse_form, refuse
from lpse_runtime.text import identifier_problem, normalized_email, one_line
from lpse_runtime.uploads import Accepted, check_upload

# The positions each service names (its name and description in the standard); nothing else may be asked for.
ROLES_OF_SERVICE: dict[str, tuple[InternalRole, ...]] = {
    "DPK-2a": ("ppk", "pokja", "pejabat_pengadaan"),  # "bagi PPK, Anggota Pokja Pemilihan dan Pejabat Pengadaan"
    "DPK-2b": ("admin_ppe", "helpdesk", "verifikator"),  # "bagi Admin PPE, Helpdesk, Verifikator"
    "DPK-2e": ("ppk", "pokja", "pejabat_pengadaan"),  # "Perubahan Data PPK/Pokja Pemilihan PPBJ"
    "DPK-3a": ("auditor",),  # "APIP dan APH … sebagai AUDITOR"
    "TMG-2": ("pa", "kabag_pbj", "ppk", "pejabat_pengadaan", "pokja"),  # "PA, Kepala Bagian PBJ, PPK, PP dan Pokja"
    "MGL-O": ("ppk", "pejabat_pengadaan", "bendahara", "pa", "kpa"),  # "bagi PPK, PP, Bendahara, PA dan KPA"
}
KIND_OF_SERVICE: dict[str, AccountRequestKind] = {"DPK-2e": "perubahan", "DPK-3a": "auditor", "MGL-O": "inaproc"}

ROLE_LABEL: dict[str, str] = {
    "ppk": "PPK (Pejabat Pembuat Komitmen)",
    "pokja": "Anggota Pokja Pemilihan",
    "pejabat_pengadaan": "Pejabat Pengadaan (PP)",
    "pa": "PA (Pengguna Anggaran)",
    "kpa": "KPA (Kuasa Pengguna Anggaran)",
    "kabag_pbj": "Kepala Bagian PBJ",
    "bendahara": "Bendahara",
    "admin_ppe": "Admin PPE",
    "helpdesk": "Helpdesk",
    "verifikator": "Verifikator",
    "auditor": "Auditor (APIP/APH)",
}
CHANGE_LABEL: dict[str, str] = {
    "email": "Penggantian email",
    "mutasi": "Mutasi jabatan (akun dinonaktifkan)",
    "pensiun": "Pensiun (akun dinonaktifkan)",
}

# TMG-2: the Sertifikat Dasar PBJ is "Wajib untuk akun PPK, PP dan Pokja Pemilihan" (the profile's note).
REQUIRED_FOR_ROLES: dict[str, frozenset[str]] = {
    "sertifikat_dasar_pbj": frozenset({"ppk", "pejabat_pengadaan", "pokja"}),
}
# MGL-O's "Email & No HP Aktif" is the email and phone typed on the form, not a file.
TYPED_DOCUMENTS = frozenset({"email_hp_aktif"})
MAX_BYTES = 5 * 1024 * 1024
MAX_TENDERS = 20
OFFICE_EMAIL = re.compile(r"(^|\.)go\.id$")
PHONE = re.compile(r"^(\+62|62|0)8[0-9]{7,12}$")
TENDER_ID = re.compile(r"^[0-9]{4,20}$")


def account_services(profile: LpseProfile) -> tuple[ServiceStandard, ...]:
    """The LPSE's services of kind `akun_internal` this desk runs."""
    return tuple(s for s in profile.services if s.kind == "akun_internal" and s.id in ROLES_OF_SERVICE)


def kind_of(service_id: str) -> AccountRequestKind:
    """A new account unless the service is a change, auditor access or INAPROC help."""
    return KIND_OF_SERVICE.get(service_id, "akun_baru")


def uploaded_documents(service: ServiceStandard) -> tuple[tuple[str, str], ...]:
    """The (code, name) of each document the service lists that is uploaded as a file."""
    return tuple((d.code, d.name) for d in service.documents if d.code not in TYPED_DOCUMENTS)


def required_documents(service: ServiceStandard, role: str) -> frozenset[str]:
    """The documents a request for this position must carry."""
    return frozenset(
        d.code
        for d in service.documents
        if d.code not in TYPED_DOCUMENTS
        and (d.condition == "selalu" or role in REQUIRED_FOR_ROLES.get(d.code, frozenset()))
    )


class AccountForm(FormModel):
    """An account request as typed."""

    messages: ClassVar[Mapping[str, str]] = {
        "service_id": "Pilih layanan akun.",
        "name": "Nama lengkap wajib diisi, paling banyak 120 karakter.",
        "nip": "NIP terdiri atas 18 digit angka.",
        "unit": "Isi Perangkat Daerah / instansi, paling banyak 200 karakter.",
        "role": "Pilih jabatan yang dimohonkan.",
        "email": "Alamat email tidak valid, contoh: nama@contoh.id.",
        "phone": "Nomor HP tidak valid, contoh: 081234567890.",
        "username": "Isi nama pengguna (username) akun yang diubah, 3 sampai 80 karakter.",
        "change_kind": "Pilih jenis perubahan.",
        "new_email": "Alamat email baru tidak valid.",
        "agency_type": "Pilih APIP atau APH.",
        "agency_name": "Isi nama instansi APIP/APH, paling banyak 200 karakter.",
        "tenders": "Isi kode tender (angka), dipisahkan koma.",
        "access_from": "Isi tanggal mulai akses (HH/BB/TTTT).",
        "access_until": "Isi tanggal akhir akses (HH/BB/TTTT).",
        "language": "Pilih bahasa email.",
    }

    service_id: str = Field(min_length=1, max_length=20)
    name: str = Field(min_length=1, max_length=120)
    nip: str = Field(pattern=r"^[0-9]{18}$")
    unit: str = Field(min_length=1, max_length=200)
    role: InternalRole
    email: str = Field(max_length=254)
    phone: str = Field(max_length=20)
    username: str = Field(default="", max_length=80)
    change_kind: AccountChangeKind | None = None
    new_email: str = Field(default="", max_length=254)
    agency_type: Literal["APIP", "APH"] | None = None
    agency_name: str = Field(default="", max_length=200)
    tenders: str = Field(default="", max_length=600)
    access_from: date | None = None
    access_until: date | None = None
    language: Literal["id", "en"] = "id"

    @field_validator("name", "unit", "agency_name", "username")
    @classmethod
    def single_line(cls, value: str) -> str:
        value = one_line(value)
        problem = identifier_problem(value)
        if problem is not None:
            raise refuse(problem)
        return value

    @field_validator("nip")
    @classmethod
    def nip_digits(cls, value: str) -> str:
        return value.replace(" ", "")

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
        digits = re.sub(r"[\s\-]", "", value)
        if not PHONE.match(digits):
            raise refuse(cls.messages["phone"])
        return digits

    @property
    def tender_ids(self) -> tuple[str, ...]:
        """The tender ids typed, in order, without repeats."""
        return tuple(dict.fromkeys(t.strip() for t in re.split(r"[,;\s]+", self.tenders) if t.strip()))


def validate_request(
    raw: Mapping[str, str], profile: LpseProfile, today: date
) -> tuple[AccountForm | None, FieldErrors]:
    """The request when every field its service and kind ask for is filled and sensible; else a message per field."""
    values = {k: v for k, v in raw.items() if v != "" or k in ("name", "nip", "unit", "email", "phone", "role")}
    form, errors = parse_form(AccountForm, {**values, "language": raw.get("language") or "id"})
    service = next((s for s in account_services(profile) if s.id == raw.get("service_id")), None)
    if service is None:
        errors["service_id"] = AccountForm.messages["service_id"]
    if form is None or service is None:
        return None, errors
    if form.role not in ROLES_OF_SERVICE[service.id]:
        errors["role"] = "Jabatan ini tidak dilayani oleh layanan yang dipilih."
    if "akun.inaproc.id" in service.description and OFFICE_EMAIL.search(form.email.rsplit("@", 1)[-1]):
        errors["email"] = "Gunakan email pribadi, bukan email kantor (.go.id), sesuai persyaratan MGL-O."
    errors.update(_kind_errors(form, kind_of(service.id), today))
    return (None, errors) if errors else (form, {})


def _kind_errors(form: AccountForm, kind: AccountRequestKind, today: date) -> FieldErrors:
    """What a change or an auditor's request must carry beside the person."""
    errors: FieldErrors = {}
    if kind == "perubahan":
        if len(form.username) < 3:
            errors["username"] = AccountForm.messages["username"]
        if form.change_kind is None:
            errors["change_kind"] = AccountForm.messages["change_kind"]
        elif form.change_kind == "email" and normalized_email(form.new_email) is None:
            errors["new_email"] = "Isi alamat email baru yang valid untuk penggantian email."
    if kind == "auditor":
        errors.update(auditor_errors(form, today))
    return errors


def auditor_errors(form: AccountForm, today: date) -> FieldErrors:
    """DPK-3a: APIP or APH, the agency, 1–20 tenders, a period from today at the earliest and of at most a year."""
    errors: FieldErrors = {}
    if form.agency_type is None:
        errors["agency_type"] = AccountForm.messages["agency_type"]
    if not form.agency_name:
        errors["agency_name"] = AccountForm.messages["agency_name"]
    tenders = form.tender_ids
    if not tenders or any(not TENDER_ID.match(t) for t in tenders):
        errors["tenders"] = AccountForm.messages["tenders"]
    elif len(tenders) > MAX_TENDERS:
        errors["tenders"] = f"Paling banyak {MAX_TENDERS} tender dalam satu permohonan."
    start, end = form.access_from, form.access_until
    if start is None:
        errors["access_from"] = AccountForm.messages["access_from"]
    elif start < today:
        errors["access_from"] = "Tanggal mulai akses tidak boleh sebelum hari ini."
    if end is None:
        errors["access_until"] = AccountForm.messages["access_until"]
    elif start is not None and end < start:
        errors["access_until"] = "Tanggal akhir akses tidak boleh sebelum tanggal mulai."
    elif start is not None and end > _one_year_after(start):
        errors["access_until"] = "Masa akses paling lama 1 tahun."
    return errors


def _one_year_after(start: date) -> date:
    """The same day a year later, less one day (29 February counts to 27 February)."""
    try:
        return start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:
        return date(start.year + 1, 2, 28) - timedelta(days=1)


# -- the documents ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    """A document that passed the upload rule, ready to keep."""

    code: str
    filename: str
    content: bytes
    accepted: Accepted


def check_documents(
    files: Mapping[str, tuple[str, bytes]], service: ServiceStandard, role: str, *, complete: bool = True
) -> tuple[tuple[Document, ...], FieldErrors]:
    """Each uploaded document recognised by its content (as registration's); each required one present (unless
    `complete` is False: a returned file is completed with only what was missing)."""
    kept: list[Document] = []
    errors: FieldErrors = {}
    required = required_documents(service, role) if complete else frozenset()
    for code, name in uploaded_documents(service):
        filename, content = files.get(code, ("", b""))
        if not content:
            if code in required:
                errors[f"doc_{code}"] = f"Unggah {name}."
            continue
        checked = check_upload(content, MAX_BYTES)
        if isinstance(checked, str):
            errors[f"doc_{code}"] = checked
        else:
            kept.append(Document(code, one_line(filename)[:200] or f"{code}.bin", content, checked))
    return tuple(kept), errors


# -- the officers' answers ----------------------------------------------------------------------------------------


class UsernameForm(FormModel):
    """The username the officer gives the account."""

    messages: ClassVar[Mapping[str, str]] = {
        "username": "Nama pengguna 3–80 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung."
    }

    username: str = Field(pattern=r"^[a-z0-9][a-z0-9._\-]{2,79}$")


class ReasonForm(FormModel):
    """A reason the requester or the preparer reads."""

    messages: ClassVar[Mapping[str, str]] = {"reason": "Tuliskan alasan dalam 1 sampai 1000 karakter."}

    reason: str = Field(min_length=1, max_length=1000)

    @field_validator("reason")
    @classmethod
    def no_identifier(cls, value: str) -> str:
        problem = identifier_problem(value)
        if problem is not None:
            raise refuse(problem)
        return value


MISSING_OTHER = "lainnya"
MGL_CHECKLIST: tuple[tuple[str, str], ...] = (
    ("ktp_asli", "KTP asli"),
    ("sk_penugasan", "SK Penugasan"),
    ("sertifikat_pbj", "Sertifikat PBJ Tingkat Dasar/Kompetensi"),
    ("npwp_satker", "NPWP Satuan kerja"),
    ("email_hp_aktif", "Email pribadi & No HP aktif"),
)
