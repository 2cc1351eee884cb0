"""Registration's pure domain: the application form's rules and the application state machine."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from contracts.envelope import Actor, Language
from contracts.lpse import DocumentRule, LpseProfile, Requirement, VerificationMode, requirement
from contracts.registration import ApplicationSubmittedV1, DocumentRef, ProviderType
from lpse_runtime.machine import transition
from lpse_runtime.text import normalized_email, one_line


class ApplicationStatus(StrEnum):
    """Where an application stands, as the applicant's status page shows it."""

    SUBMITTED = "submitted"
    IN_VERIFICATION = "in_verification"
    RETURNED = "returned"
    REJECTED = "rejected"
    ACTIVE = "active"
    AGGREGATION_REQUESTED = "aggregation_requested"
    AGGREGATED = "aggregated"
    AGGREGATION_REFUSED = "aggregation_refused"


class Trigger(StrEnum):
    """What moves an application: facts from verification."""

    VERIFICATION_STARTED = "verification_started"
    DOCUMENTS_RETURNED = "documents_returned"
    VERIFICATION_RESUMED = "verification_resumed"
    APPLICATION_REJECTED = "application_rejected"
    AGGREGATION_REQUESTED = "aggregation_requested"
    AGGREGATION_COMPLETED = "aggregation_completed"
    AGGREGATION_REFUSED = "aggregation_refused"
    ACCOUNT_ACTIVATED = "account_activated"


# Verification's facts reach registration in the order they were committed (one ordered durable), so the table
# holds only the steps a case really takes; aggregation can also complete without a request (self-activation).
TRANSITIONS: dict[tuple[ApplicationStatus, Trigger], ApplicationStatus] = {
    (ApplicationStatus.SUBMITTED, Trigger.VERIFICATION_STARTED): ApplicationStatus.IN_VERIFICATION,
    (ApplicationStatus.IN_VERIFICATION, Trigger.DOCUMENTS_RETURNED): ApplicationStatus.RETURNED,
    (ApplicationStatus.RETURNED, Trigger.VERIFICATION_RESUMED): ApplicationStatus.IN_VERIFICATION,
    (ApplicationStatus.IN_VERIFICATION, Trigger.APPLICATION_REJECTED): ApplicationStatus.REJECTED,
    (ApplicationStatus.IN_VERIFICATION, Trigger.ACCOUNT_ACTIVATED): ApplicationStatus.ACTIVE,
    (ApplicationStatus.ACTIVE, Trigger.AGGREGATION_REQUESTED): ApplicationStatus.AGGREGATION_REQUESTED,
    (ApplicationStatus.AGGREGATION_REFUSED, Trigger.AGGREGATION_REQUESTED): ApplicationStatus.AGGREGATION_REQUESTED,
    (ApplicationStatus.AGGREGATION_REQUESTED, Trigger.AGGREGATION_COMPLETED): ApplicationStatus.AGGREGATED,
    (ApplicationStatus.AGGREGATION_REQUESTED, Trigger.AGGREGATION_REFUSED): ApplicationStatus.AGGREGATION_REFUSED,
    (ApplicationStatus.ACTIVE, Trigger.AGGREGATION_COMPLETED): ApplicationStatus.AGGREGATED,
}

STATUS_LABEL: dict[ApplicationStatus, str] = {
    ApplicationStatus.SUBMITTED: "Permohonan diterima, menunggu verifikasi",
    ApplicationStatus.IN_VERIFICATION: "Sedang diverifikasi oleh verifikator",
    ApplicationStatus.RETURNED: "Berkas dikembalikan, mohon dilengkapi",
    ApplicationStatus.REJECTED: "Permohonan ditolak",
    ApplicationStatus.ACTIVE: "Akun aktif",
    ApplicationStatus.AGGREGATION_REQUESTED: "Akun aktif; permohonan agregasi dikirim ke LKPP",
    ApplicationStatus.AGGREGATED: "Akun aktif dan teragregasi: berlaku di seluruh LPSE",
    ApplicationStatus.AGGREGATION_REFUSED: "Akun aktif; agregasi ditolak LKPP",
}

# The steps an applicant sees, in order; a returned file is still at the verification step.
STEPS: tuple[ApplicationStatus, ...] = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.IN_VERIFICATION,
    ApplicationStatus.ACTIVE,
)
STEP_OF: dict[ApplicationStatus, ApplicationStatus] = {
    ApplicationStatus.RETURNED: ApplicationStatus.IN_VERIFICATION,
    ApplicationStatus.REJECTED: ApplicationStatus.IN_VERIFICATION,
    ApplicationStatus.AGGREGATION_REQUESTED: ApplicationStatus.ACTIVE,
    ApplicationStatus.AGGREGATED: ApplicationStatus.ACTIVE,
    ApplicationStatus.AGGREGATION_REFUSED: ApplicationStatus.ACTIVE,
}


def step_of(status: ApplicationStatus) -> ApplicationStatus:
    """The step of the progress bar a status belongs to."""
    return STEP_OF.get(status, status)


def decide(status: ApplicationStatus, trigger: Trigger) -> ApplicationStatus:
    """The status after a trigger, or TransitionRefused when the table has no such pair."""
    return transition(TRANSITIONS, status, trigger)


# -- the form ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationForm:
    """The fields a provider enters, already normalised."""

    provider_type: ProviderType
    company_name: str
    npwp: str
    nib: str
    email: str
    director_name: str
    language: Language = "id"
    director_nik: str = ""
    by_proxy: bool = False  # someone the director empowered brings the file: the proxy documents are asked
    verification_mode: VerificationMode | None = None  # the lane chosen, where the standard offers a choice


FieldErrors = dict[str, str]


def digits_only(value: str) -> str:
    """Drop the dots, dashes and spaces people type in NPWP and NIB."""
    return re.sub(r"[\s.\-]", "", value)


def validate_form(raw: dict[str, str], profile: LpseProfile) -> tuple[ApplicationForm | None, FieldErrors]:
    """Check the entered fields; return the normalised form, or a clear Indonesian message per bad field."""
    errors: FieldErrors = {}
    allowed = {t.type.value for t in profile.provider_types}
    provider_type = raw.get("provider_type", "").strip()
    if provider_type not in allowed:
        errors["provider_type"] = "Pilih jenis penyedia."
    company_name = one_line(raw.get("company_name", ""))
    if not company_name:
        errors["company_name"] = "Nama perusahaan/penyedia wajib diisi."
    elif len(company_name) > 200:
        errors["company_name"] = "Nama perusahaan paling banyak 200 karakter."
    npwp = digits_only(raw.get("npwp", ""))
    if not re.fullmatch(r"[0-9]{15,16}", npwp):
        errors["npwp"] = "NPWP harus 15 atau 16 digit angka (titik dan tanda hubung boleh diketik)."
    nib = digits_only(raw.get("nib", ""))
    if not re.fullmatch(r"[0-9]{13}", nib):
        errors["nib"] = "NIB harus tepat 13 digit angka, sesuai yang diterbitkan OSS."
    email = normalized_email(raw.get("email", ""))
    if email is None:
        errors["email"] = "Alamat email tidak valid, contoh: direktur@perusahaan.co.id."
    director_name = one_line(raw.get("director_name", ""))
    if not director_name:
        errors["director_name"] = "Nama direktur/pimpinan wajib diisi."
    elif len(director_name) > 200:
        errors["director_name"] = "Nama direktur paling banyak 200 karakter."
    director_nik = digits_only(raw.get("director_nik", ""))
    if not re.fullmatch(r"[0-9]{16}", director_nik):
        errors["director_nik"] = "NIK harus 16 digit angka, sesuai KTP direktur/pimpinan."
    language: Language = "en" if raw.get("language") == "en" else "id"
    lane = chosen_lane(profile, raw)
    if lane is None:
        errors["verification_mode"] = "Pilih salah satu cara verifikasi berkas yang tersedia."
    if errors or email is None:
        return None, errors
    form = ApplicationForm(
        ProviderType(provider_type),
        company_name,
        npwp,
        nib,
        email,
        director_name,
        language,
        director_nik,
        by_proxy=brought_by_proxy(raw),
        verification_mode=lane if len(lanes_offered(profile)) > 1 else None,
    )
    return form, {}


def lanes_offered(profile: LpseProfile) -> tuple[VerificationMode, ...]:
    """The verification lanes this LPSE's standard lets the applicant choose between (one: no choice)."""
    return profile.service("registrasi_penyedia").modes_offered


def chosen_lane(profile: LpseProfile, raw: dict[str, str]) -> VerificationMode | None:
    """The lane entered (the default when none is, or when the LPSE offers no choice), or None for a lane this LPSE
    does not offer."""
    offered = lanes_offered(profile) or ("unggahan",)
    entered = raw.get("verification_mode", "")
    if not entered or len(offered) == 1:
        return offered[0]
    return next((lane for lane in offered if entered == lane), None)


def brought_by_proxy(raw: dict[str, str]) -> bool:
    """Whether the applicant said the file is brought by a proxy rather than the director."""
    return raw.get("by_proxy") == "ya"


def chosen_type(profile: LpseProfile, raw: dict[str, str]) -> ProviderType | None:
    """The provider type entered, if this LPSE offers it."""
    offered = {t.type.value: t.type for t in profile.provider_types}
    return offered.get(raw.get("provider_type", ""))


def asked_documents(profile: LpseProfile, raw: dict[str, str]) -> list[tuple[DocumentRule, Requirement]]:
    """The documents the LPSE's standard asks of this applicant, each mandatory or optional (none before a type)."""
    chosen = chosen_type(profile, raw)
    if chosen is None:
        return []
    by_proxy = brought_by_proxy(raw)
    rules = profile.service("registrasi_penyedia").documents
    pairs = [(rule, requirement(rule, chosen, by_proxy=by_proxy)) for rule in rules]
    return [(rule, asked) for rule, asked in pairs if asked is not Requirement.NOT_ASKED]


def proxy_only_codes(profile: LpseProfile, raw: dict[str, str]) -> set[str]:
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


DRAFT_VALIDITY = timedelta(days=7)


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


def status_token_for(draft_token: str) -> str:
    """The status link's token, derived from the draft link's: whoever holds the draft link (and only they, as
    neither token is stored) can be led from it to the status page once the form is sent."""
    mac = hmac.new(draft_token.encode(), b"lpse-registration-status-link", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


# What the status page says while the file is back with the applicant, and once what was asked is uploaded again
# (until verification takes the file up again, the application is still 'returned').
RESUBMITTED_LABEL = "Dokumen yang diminta sudah diterima, verifikasi dilanjutkan"


def shown_label(status: ApplicationStatus, resubmitted: bool) -> str:
    """The status as true now: a returned file whose documents came back reads as received, not as returned."""
    if status is ApplicationStatus.RETURNED and resubmitted:
        return RESUBMITTED_LABEL
    return STATUS_LABEL[status]


def upload_problem(document: str, reason: str) -> str:
    """One refused document as one sentence: '<dokumen>: <alasan>.'"""
    reason = reason.strip().rstrip(".")
    return f"{document}: {reason[:1].lower()}{reason[1:]}."


def reupload_problems(asked: Sequence[tuple[str, str]], refused: dict[str, str], received: set[str]) -> str:
    """Why a re-upload was not accepted, one clean sentence per document: refused files first say why, the rest
    that were not sent say so."""
    sentences = []
    for code, name in asked:
        if code in refused:
            sentences.append(upload_problem(name, refused[code]))
        elif code not in received:
            sentences.append(upload_problem(name, "belum diunggah ulang"))
    return " ".join(sentences)


def submitted_event(
    form: ApplicationForm,
    *,
    profile: LpseProfile,
    application_id: uuid.UUID,
    reference: str,
    status_url: str,
    now: datetime,
    documents: Sequence[DocumentRef] = (),
) -> ApplicationSubmittedV1:
    """The fact a valid submission publishes (documents by reference, never their content)."""
    return ApplicationSubmittedV1(
        occurred_at=now,
        lpse=profile.code,
        correlation_id=application_id,
        causation_id=None,
        actor=Actor(id=form.email, role="penyedia"),
        application_id=application_id,
        reference=reference,
        provider_type=form.provider_type,
        company_name=form.company_name,
        npwp=form.npwp,
        nib=form.nib,
        email=form.email,
        director_name=form.director_name,
        director_nik=form.director_nik,
        by_proxy=form.by_proxy,
        verification_mode=form.verification_mode,
        status_url=status_url,
        language=form.language,
        documents=tuple(documents),
    )
