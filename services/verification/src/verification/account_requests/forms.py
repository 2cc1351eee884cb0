"""The forms a provider fills to file a request about its account, one per kind (pure).

What a form alone can tell is checked here (an address's syntax, a NPWP's digits, a PT's name, a deed's date);
what needs the account (the same value as now, at least one changed field) is `filing.changes_asked`, what needs
the registry (duplicates, the open request) is the use case's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import ClassVar

from pydantic import Field, field_validator

from contracts.provider_account import ProviderRequestKind
from lpse_runtime.formmodel import FieldErrors, FormModel, parse_form, refuse
from lpse_runtime.text import normalized_email, one_line

BAD_EMAIL = "Alamat email tidak valid, contoh: direktur@perusahaan.co.id."
BAD_NPWP = "NPWP harus 15 atau 16 digit angka (titik dan tanda hubung boleh diketik)."
NOT_PT = 'Nama perusahaan baru harus diawali "PT", contoh: PT Maju Bersama.'


def digits_only(value: str) -> str:
    """Drop the dots, dashes and spaces people type in a NPWP (as registration does)."""
    return re.sub(r"[\s.\-]", "", value)


def by_proxy_ticked(value: object) -> bool:
    """The checkbox "Berkas dibawa oleh kuasa": ticked sends "ya" (or "on" from a bare checkbox)."""
    return value is True or value in ("ya", "on", "1", "true")


def single_line(value: str, empty: str, limit: int, too_long: str) -> str:
    """A value on one line, refused with its own message when empty or too long."""
    folded = one_line(value)
    if not folded:
        raise refuse(empty)
    if len(folded) > limit:
        raise refuse(too_long)
    return folded


class RequestForm(FormModel):
    """What every request's form carries: whether a proxy brings the file."""

    by_proxy: bool = False

    @field_validator("by_proxy", mode="before")
    @classmethod
    def valid_by_proxy(cls, value: object) -> bool:
        return by_proxy_ticked(value)


class EmailChangeForm(RequestForm):
    """BJM-2 (or the data-change service): the new address, proved by a link before the counter visit."""

    messages: ClassVar[Mapping[str, str]] = {"new_email": BAD_EMAIL}

    new_email: str = Field(max_length=254)

    @field_validator("new_email")
    @classmethod
    def valid_email(cls, value: str) -> str:
        email = normalized_email(value)
        if email is None:
            raise refuse(BAD_EMAIL)
        return email


class NpwpChangeForm(RequestForm):
    """BJM-4: the new NPWP, normalised to its digits."""

    messages: ClassVar[Mapping[str, str]] = {"new_npwp": BAD_NPWP}

    new_npwp: str = Field(max_length=30)

    @field_validator("new_npwp")
    @classmethod
    def valid_npwp(cls, value: str) -> str:
        digits = digits_only(value)
        if not re.fullmatch(r"[0-9]{15,16}", digits):
            raise refuse(BAD_NPWP)
        return digits


class CompanyStatusForm(RequestForm):
    """BJM-3: a CV became a PT; the deed of the change and its ratification by Kemenkumham."""

    messages: ClassVar[Mapping[str, str]] = {
        "new_company_name": "Nama perusahaan baru (PT) wajib diisi.",
        "deed_number": "Nomor akta perubahan wajib diisi.",
        "deed_date": "Isi tanggal akta perubahan yang valid (format TTTT-BB-HH).",
        "sk_number": "Nomor SK Kemenkumham wajib diisi.",
    }

    new_company_name: str
    deed_number: str
    deed_date: date
    sk_number: str

    @field_validator("new_company_name")
    @classmethod
    def valid_company_name(cls, value: str) -> str:
        name = single_line(value, cls.messages["new_company_name"], 200, "Nama perusahaan paling banyak 200 karakter.")
        if not re.match(r"PT\b", name, flags=re.IGNORECASE):
            raise refuse(NOT_PT)
        return "PT" + name[2:]

    @field_validator("deed_number")
    @classmethod
    def valid_deed_number(cls, value: str) -> str:
        return single_line(value, cls.messages["deed_number"], 60, "Nomor akta paling banyak 60 karakter.")

    @field_validator("sk_number")
    @classmethod
    def valid_sk_number(cls, value: str) -> str:
        return single_line(value, cls.messages["sk_number"], 100, "Nomor SK paling banyak 100 karakter.")

    @field_validator("deed_date", mode="before")
    @classmethod
    def valid_deed_date(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            raise refuse(cls.messages["deed_date"])
        return value


class DataChangeForm(RequestForm):
    """DPK-1b: the account's other data; an empty field keeps what the account has."""

    messages: ClassVar[Mapping[str, str]] = {
        "phone": "Nomor telepon hanya angka, spasi, tanda hubung, tanda kurung dan tanda plus (8–20 karakter).",
    }

    address: str = Field(default="", max_length=500)
    phone: str = Field(default="", max_length=20)
    pkp_number: str = Field(default="", max_length=60)
    director_name: str = Field(default="", max_length=200)

    @field_validator("address", "pkp_number", "director_name")
    @classmethod
    def folded(cls, value: str) -> str:
        return one_line(value)

    @field_validator("phone")
    @classmethod
    def valid_phone(cls, value: str) -> str:
        phone = one_line(value)
        if phone and not re.fullmatch(r"\+?[0-9 ()\-]{8,20}", phone):
            raise refuse(cls.messages["phone"])
        return phone


class DeactivationForm(RequestForm):
    """BJM-5: why the provider asks its user ID to be deactivated."""

    messages: ClassVar[Mapping[str, str]] = {"reason": "Alasan penonaktifan wajib diisi."}

    reason: str = Field(min_length=1, max_length=1000)


class AggregationForm(RequestForm):
    """BJM-6: nothing to type; the verifier sends the account's data to LKPP."""


FORMS: dict[ProviderRequestKind, type[RequestForm]] = {
    "email": EmailChangeForm,
    "npwp": NpwpChangeForm,
    "status_badan_usaha": CompanyStatusForm,
    "data": DataChangeForm,
    "nonaktif": DeactivationForm,
    "agregasi": AggregationForm,
}

# The fields of each kind's form, in the order the page shows them, with their visible labels.
FIELDS: dict[ProviderRequestKind, tuple[tuple[str, str], ...]] = {
    "email": (("new_email", "Alamat email baru"),),
    "npwp": (("new_npwp", "NPWP baru"),),
    "status_badan_usaha": (
        ("new_company_name", "Nama perusahaan baru (PT)"),
        ("deed_number", "Nomor akta perubahan"),
        ("deed_date", "Tanggal akta perubahan"),
        ("sk_number", "Nomor SK Kemenkumham"),
    ),
    "data": (
        ("address", "Alamat perusahaan"),
        ("phone", "Nomor telepon"),
        ("pkp_number", "Nomor pengukuhan PKP"),
        ("director_name", "Nama direktur"),
    ),
    "nonaktif": (("reason", "Alasan penonaktifan"),),
    "agregasi": (),
}

FILED_ONLINE: frozenset[str] = frozenset(FORMS)  # reactivation is recorded by staff at the counter, never online


def parse_request_form(kind: ProviderRequestKind, raw: Mapping[str, object]) -> tuple[RequestForm | None, FieldErrors]:
    """The valid form of one kind, or None and a message per bad field."""
    model = FORMS.get(kind)
    if model is None:
        return None, {"form": "Permohonan jenis ini tidak dapat diajukan secara daring."}
    form, errors = parse_form(model, raw)
    return form, errors
