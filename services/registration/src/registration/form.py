"""Registration's forms: the email proof, the application form and the documents the LPSE's standard asks (pure)."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from typing import ClassVar

from pydantic import Field, field_validator

from contracts.envelope import Language
from contracts.lpse import DocumentRule, LpseProfile, Requirement, VerificationMode, requirement
from contracts.registration import ProviderType
from lpse_runtime.formmodel import FieldErrors, FormModel, parse_form, refuse
from lpse_runtime.text import normalized_email, one_line

BAD_EMAIL = "Alamat email tidak valid, contoh: direktur@perusahaan.co.id."
NO_LANE = "Pilih salah satu cara verifikasi berkas yang tersedia."


def digits_only(value: str) -> str:
    """Drop the dots, dashes and spaces people type in NPWP and NIB."""
    return re.sub(r"[\s.\-]", "", value)


def email_address(value: str) -> str:
    """The address in normal form, or the message of the field that holds it."""
    email = normalized_email(value)
    if email is None:
        raise refuse(BAD_EMAIL)
    return email


class EmailProof(FormModel):
    """The first step: the address the private link to the form goes to."""

    messages: ClassVar[Mapping[str, str]] = {"email": BAD_EMAIL}

    email: str = Field(max_length=254)  # the longest address SMTP carries

    valid_email = field_validator("email")(email_address)


class ApplicationForm(FormModel):
    """The fields a provider enters, normalised (the lane is set from the LPSE's profile by `validate_form`)."""

    messages: ClassVar[Mapping[str, str]] = {
        "provider_type": "Pilih jenis penyedia.",
        "company_name": "Nama perusahaan/penyedia wajib diisi.",
        "npwp": "NPWP harus 15 atau 16 digit angka (titik dan tanda hubung boleh diketik).",
        "nib": "NIB harus tepat 13 digit angka, sesuai yang diterbitkan OSS.",
        "email": BAD_EMAIL,
        "director_name": "Nama direktur/pimpinan wajib diisi.",
        "director_nik": "NIK harus 16 digit angka, sesuai KTP direktur/pimpinan.",
        "verification_mode": NO_LANE,
    }

    provider_type: ProviderType
    company_name: str
    npwp: str = Field(max_length=30)  # the digits with the dots and dashes people type
    nib: str = Field(max_length=30)
    email: str
    director_name: str
    director_nik: str = Field(max_length=30)
    language: Language = "id"
    by_proxy: bool = False  # someone the director empowered brings the file: the proxy documents are asked
    verification_mode: VerificationMode | None = None  # the lane chosen, where the standard offers a choice

    valid_email = field_validator("email")(email_address)

    @field_validator("company_name")
    @classmethod
    def valid_company_name(cls, value: str) -> str:
        return one_line_within(value, cls.messages["company_name"], "Nama perusahaan paling banyak 200 karakter.")

    @field_validator("director_name")
    @classmethod
    def valid_director_name(cls, value: str) -> str:
        return one_line_within(value, cls.messages["director_name"], "Nama direktur paling banyak 200 karakter.")

    @field_validator("npwp")
    @classmethod
    def valid_npwp(cls, value: str) -> str:
        return digits_matching(value, r"[0-9]{15,16}", cls.messages["npwp"])

    @field_validator("nib")
    @classmethod
    def valid_nib(cls, value: str) -> str:
        return digits_matching(value, r"[0-9]{13}", cls.messages["nib"])

    @field_validator("director_nik")
    @classmethod
    def valid_director_nik(cls, value: str) -> str:
        return digits_matching(value, r"[0-9]{16}", cls.messages["director_nik"])

    @field_validator("language", mode="before")
    @classmethod
    def valid_language(cls, value: object) -> Language:
        return "en" if value == "en" else "id"  # anything else reads as the default, Indonesian

    @field_validator("by_proxy", mode="before")
    @classmethod
    def valid_by_proxy(cls, value: object) -> bool:
        return value is True or value == "ya"


class DraftFields(FormModel):
    """What a saved draft keeps as typed: any unfinished entry, but no control character and nothing beyond the
    limit the form's own field shows (the rules of a sent form are checked when it is sent)."""

    provider_type: str = Field(default="", max_length=60)
    company_name: str = Field(default="", max_length=200)
    npwp: str = Field(default="", max_length=30)
    nib: str = Field(default="", max_length=30)
    director_name: str = Field(default="", max_length=200)
    director_nik: str = Field(default="", max_length=30)
    language: str = Field(default="", max_length=10)
    by_proxy: str = Field(default="", max_length=10)
    verification_mode: str = Field(default="", max_length=40)


def draft_problems(values: Mapping[str, str]) -> FieldErrors:
    """A message beside each entered field a draft cannot keep; none for a draft that can be saved."""
    _, errors = parse_form(DraftFields, values)
    return errors


def one_line_within(value: str, empty: str, too_long: str) -> str:
    """A name on one line, refused with its own message when empty or longer than 200 characters."""
    folded = one_line(value)
    if not folded:
        raise refuse(empty)
    if len(folded) > 200:
        raise refuse(too_long)
    return folded


def digits_matching(value: str, pattern: str, message: str) -> str:
    """The digits of a number as typed (dots, dashes and spaces allowed), refused unless they match."""
    digits = digits_only(value)
    if not re.fullmatch(pattern, digits):
        raise refuse(message)
    return digits


def validate_form(raw: Mapping[str, str], profile: LpseProfile) -> tuple[ApplicationForm | None, FieldErrors]:
    """Check the entered fields; return the normalised form, or a clear Indonesian message per bad field."""
    lane = chosen_lane(profile, raw)
    choice = lane if len(lanes_offered(profile)) > 1 else None  # no choice offered: the case takes the LPSE's lane
    form, errors = parse_form(ApplicationForm, {**raw, "verification_mode": choice})
    if chosen_type(profile, raw) is None:
        errors["provider_type"] = ApplicationForm.messages["provider_type"]
    if lane is None:
        errors["verification_mode"] = NO_LANE
    if errors:
        return None, {name: errors[name] for name in ApplicationForm.model_fields if name in errors}
    return form, {}


def lanes_offered(profile: LpseProfile) -> tuple[VerificationMode, ...]:
    """The verification lanes this LPSE's standard lets the applicant choose between (one: no choice)."""
    return profile.service("registrasi_penyedia").modes_offered


def chosen_lane(profile: LpseProfile, raw: Mapping[str, str]) -> VerificationMode | None:
    """The lane entered (the default when none is, or when the LPSE offers no choice), or None for a lane this LPSE
    does not offer."""
    offered = lanes_offered(profile) or ("unggahan",)
    entered = raw.get("verification_mode", "")
    if not entered or len(offered) == 1:
        return offered[0]
    return next((lane for lane in offered if entered == lane), None)


def brought_by_proxy(raw: Mapping[str, str]) -> bool:
    """Whether the applicant said the file is brought by a proxy rather than the director."""
    return raw.get("by_proxy") == "ya"


def chosen_type(profile: LpseProfile, raw: Mapping[str, str]) -> ProviderType | None:
    """The provider type entered, if this LPSE offers it."""
    offered = {t.type.value: t.type for t in profile.provider_types}
    return offered.get(raw.get("provider_type", ""))


def asked_documents(profile: LpseProfile, raw: Mapping[str, str]) -> list[tuple[DocumentRule, Requirement]]:
    """The documents the LPSE's standard asks of this applicant, each mandatory or optional (none before a type)."""
    chosen = chosen_type(profile, raw)
    if chosen is None:
        return []
    by_proxy = brought_by_proxy(raw)
    rules = profile.service("registrasi_penyedia").documents
    pairs = [(rule, requirement(rule, chosen, by_proxy=by_proxy)) for rule in rules]
    return [(rule, asked) for rule, asked in pairs if asked is not Requirement.NOT_ASKED]


def proxy_only_codes(profile: LpseProfile, raw: Mapping[str, str]) -> set[str]:
    """The documents asked of this applicant only when a proxy brings the file."""
    chosen = chosen_type(profile, raw)
    if chosen is None:
        return set()
    return {
        rule.code
        for rule in profile.service("registrasi_penyedia").documents
        if requirement(rule, chosen, by_proxy=False) is Requirement.NOT_ASKED
        and requirement(rule, chosen, by_proxy=True) is not Requirement.NOT_ASKED
    }


def missing_documents(asked: list[tuple[DocumentRule, Requirement]], uploaded: Collection[str]) -> FieldErrors:
    """A message beside every mandatory document not uploaded yet."""
    return {
        f"doc_{rule.code}": f"Unggah {rule.name}."
        for rule, need in asked
        if need is Requirement.MANDATORY and rule.code not in uploaded
    }


def duplicate_errors(same_npwp: bool, same_nib: bool, same_email: bool, lpse_name: str) -> FieldErrors:
    """Why a duplicate is refused, per field, the way agregasi refuses duplicates."""
    where = f"di {lpse_name}"
    errors: FieldErrors = {}
    if same_npwp:
        errors["npwp"] = f"NPWP ini sudah terdaftar atau sedang diajukan {where}. Satu penyedia satu akun."
    if same_nib:
        errors["nib"] = f"NIB ini sudah terdaftar atau sedang diajukan {where}."
    if same_email:
        errors["email"] = f"Email ini sudah dipakai untuk pendaftaran {where}."
    return errors
