"""The provider's side of a request, pure: what a new request asks and brings, its facts; withdrawing it, the email
proof, and uploading again what the verifier returned. No I/O, no clock: the use cases pass the time and the ids.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from contracts.envelope import Actor, Language
from contracts.lpse import CONDITION_LABEL, DocumentRule, LpseProfile, Requirement, ServiceStandard, requirement
from contracts.provider_account import (
    EmailProofRequestedV1,
    EmailProvenV1,
    ProviderRequestFiledV1,
    ProviderRequestKind,
    ProviderRequestResumedV1,
    ProviderRequestWithdrawnV1,
)
from contracts.registration import ProviderType
from contracts.verification import DocumentToBring
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.formmodel import FORM, FieldErrors
from verification.account_requests.domain import (
    KIND_LABEL,
    RequestStatus,
    RequestTrigger,
    initial_status,
    next_status,
)
from verification.account_requests.forms import (
    CompanyStatusForm,
    DataChangeForm,
    DeactivationForm,
    EmailChangeForm,
    NpwpChangeForm,
    RequestForm,
)
from verification.agregasi import STATUS_LABEL as AGGREGATION_LABEL
from verification.agregasi import AggregationStatus

ENTITY = "account_request"
PROOF_VALID = timedelta(hours=24)
YOU = "Anda"  # who the history names when the provider itself acted
SAME_AS_NOW = "{label} sama dengan data akun saat ini."
EMAIL_TAKEN = "Alamat email ini sudah dipakai akun lain."
CV_ONLY = "Perubahan status CV ke PT hanya untuk akun berjenis Badan Usaha CV."
NOTHING_CHANGED = "Isi sekurang-kurangnya satu data yang berbeda dari data akun saat ini."

# The documents that are the request letter this platform prints ("Cetak surat permohonan"): brought to the
# counter signed, never uploaded when filing (BJM-2..6 "Surat permohonan yang diajukan secara online", TMG-1P's
# "Surat Permohonan Penggantian").
LETTER_CODES = frozenset({"surat_permohonan", "surat_permohonan_penggantian"})

DATA_FIELDS: dict[str, str] = {
    "address": "Alamat perusahaan",
    "phone": "Nomor telepon",
    "pkp_number": "Nomor pengukuhan PKP",
    "director_name": "Nama direktur",
}


@dataclass(frozen=True)
class Account:
    """A provider account as its requests see it."""

    provider_id: uuid.UUID
    user_id: str
    lpse: str
    company_name: str
    npwp: str
    email: str
    provider_type: str
    director_name: str
    address: str
    phone: str
    pkp_number: str
    aggregation_status: AggregationStatus
    language: Language = "id"

    def current(self, name: str) -> str:
        """The account's value of a field a request may change."""
        return str(getattr(self, name))


@dataclass(frozen=True)
class StoredDocument:
    """An uploaded document by reference: where it lives in the bucket and what it was."""

    code: str
    name: str
    object_name: str
    sha256: str
    size: int
    content_type: str
    filename: str = ""

    def to_json(self) -> dict[str, Any]:
        """As `account_requests.documents` keeps it."""
        return {
            "code": self.code,
            "name": self.name,
            "object": self.object_name,
            "sha256": self.sha256,
            "size": self.size,
            "content_type": self.content_type,
            "filename": self.filename,
        }

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> StoredDocument:
        """From the stored JSON."""
        return cls(
            code=str(raw["code"]),
            name=str(raw.get("name", raw["code"])),
            object_name=str(raw.get("object", "")),
            sha256=str(raw.get("sha256", "")),
            size=int(raw.get("size", 0)),
            content_type=str(raw.get("content_type", "")),
            filename=str(raw.get("filename", "")),
        )


@dataclass(frozen=True)
class ReturnedItem:
    """A document the verifier returned, with the note the provider reads."""

    code: str
    name: str
    note: str = ""

    @classmethod
    def of(cls, raw: object) -> ReturnedItem:
        """From `account_requests.returned_items`: an object with code/name(label)/note, or a bare code."""
        if isinstance(raw, Mapping):
            code = str(raw.get("code", ""))
            name = str(raw.get("name") or raw.get("label") or code)
            return cls(code, name, str(raw.get("note", "")))
        return cls(str(raw), str(raw))


@dataclass(frozen=True)
class AccountRequest:
    """One request as the provider's side reads and writes it."""

    id: uuid.UUID
    reference: str
    provider_id: uuid.UUID
    lpse: str
    kind: ProviderRequestKind
    service_id: str
    channel: str
    status: RequestStatus
    changes: Mapping[str, str]
    reason: str
    by_proxy: bool
    documents: tuple[StoredDocument, ...]
    returned_items: tuple[ReturnedItem, ...]
    filed_at: datetime
    updated_at: datetime
    decision_reason: str | None = None
    checked_in_at: datetime | None = None
    handed_over_at: datetime | None = None
    decided_at: datetime | None = None


@dataclass(frozen=True)
class HistoryEntry:
    """One line of the account's history (`account_history`)."""

    provider_id: uuid.UUID
    at: datetime
    what: str
    detail: str
    actor: str
    request_id: uuid.UUID | None


@dataclass(frozen=True)
class EmailProof:
    """An email change's one-time link: only its token's digest is kept."""

    token_hash: str
    request_id: uuid.UUID
    new_email: str
    expires_at: datetime
    proven_at: datetime | None = None


@dataclass(frozen=True)
class RequestChange:
    """What one step leaves to store: the request (new or changed), the history line, the proof (email only)."""

    request: AccountRequest
    history: tuple[HistoryEntry, ...] = ()
    proof: EmailProof | None = None
    new: bool = False
    previous_status: RequestStatus | None = None


@dataclass(frozen=True)
class NewRequest:
    """What the use case knows of a filing before deciding: ids, links, the uploads, the time."""

    request_id: uuid.UUID
    reference: str
    status_url: str  # sealed
    documents: tuple[StoredDocument, ...]
    now: datetime
    proof_token_hash: str | None = None
    proof_url: str | None = None  # sealed


@dataclass(frozen=True)
class Asked:
    """One document of the service as this provider's request asks it."""

    rule: DocumentRule
    need: Requirement
    field_name: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "field_name", f"doc_{self.rule.code}")

    @property
    def is_letter(self) -> bool:
        """The request letter the platform prints: brought signed, not uploaded."""
        return self.rule.code in LETTER_CODES


def in_sentence(label: str) -> str:
    """A kind's label inside a sentence: 'perubahan NPWP', 'agregasi data penyedia (ADP)' (acronyms kept)."""
    return label[:1].lower() + label[1:]


def masked_npwp(digits: str) -> str:
    """A NPWP as the history shows it: its last four digits only."""
    return "*" * max(len(digits) - 4, 0) + digits[-4:]


def provider_type_of(account: Account) -> ProviderType:
    """The account's provider type (an unknown one read as a PT, the strictest document list)."""
    try:
        return ProviderType(account.provider_type)
    except ValueError:
        return ProviderType.BADAN_USAHA_PT


def asked_documents(service: ServiceStandard, account: Account, *, by_proxy: bool) -> tuple[Asked, ...]:
    """The service's documents asked of this account (a proxy's only when a proxy brings the file)."""
    kind = provider_type_of(account)
    asked = (Asked(rule, requirement(rule, kind, by_proxy=by_proxy)) for rule in service.documents)
    return tuple(a for a in asked if a.need is not Requirement.NOT_ASKED)


def upload_slots(service: ServiceStandard, account: Account) -> tuple[Asked, ...]:
    """Every slot the form shows (the letter aside): as if by proxy, so the proxy's documents are there to fill."""
    return tuple(a for a in asked_documents(service, account, by_proxy=True) if not a.is_letter)


def missing_documents(asked: Sequence[Asked], uploaded: Mapping[str, object]) -> FieldErrors:
    """A message beside every mandatory document not uploaded."""
    return {
        a.field_name: f"Unggah {a.rule.name}."
        for a in asked
        if a.need is Requirement.MANDATORY and not a.is_letter and a.rule.code not in uploaded
    }


def bring_list(service: ServiceStandard, account: Account, *, by_proxy: bool) -> tuple[DocumentToBring, ...]:
    """What to bring to the counter, as the standard asks it (original, copies, stamp duty, condition)."""
    return tuple(
        DocumentToBring(
            code=a.rule.code,
            name=a.rule.name[:300],
            original=a.rule.original,
            copies=a.rule.copies,
            stamp_duty=a.rule.stamp_duty,
            condition=CONDITION_LABEL.get(a.rule.condition, "")[:120],
        )
        for a in asked_documents(service, account, by_proxy=by_proxy)
    )


def deadline_text(service: ServiceStandard) -> str:
    """The deadline as the standard writes it: each clock's text and condition, or its note when it sets none."""
    if not service.clocks:
        return service.deadline_note
    parts = []
    for clock in service.clocks:
        text = clock.deadline.text
        if clock.deadline.condition:
            text = f"{text} ({clock.deadline.condition})"
        parts.append(text)
    return "; ".join(parts)


def changes_asked(kind: ProviderRequestKind, account: Account, form: RequestForm) -> tuple[dict[str, str], FieldErrors]:
    """The new values the request asks (field → value), or the message beside the field that asks nothing new."""
    if isinstance(form, EmailChangeForm):
        if form.new_email.lower() == account.email.lower():
            return {}, {"new_email": SAME_AS_NOW.format(label="Alamat email baru")}
        return {"email": form.new_email}, {}
    if isinstance(form, NpwpChangeForm):
        if form.new_npwp == account.npwp:
            return {}, {"new_npwp": SAME_AS_NOW.format(label="NPWP baru")}
        return {"npwp": form.new_npwp}, {}
    if isinstance(form, CompanyStatusForm):
        return _company_status(account, form)
    if isinstance(form, DataChangeForm):
        changed = {
            name: getattr(form, name)
            for name in DATA_FIELDS
            if getattr(form, name) and getattr(form, name) != account.current(name)
        }
        if not changed:
            return {}, {FORM: NOTHING_CHANGED}
        return changed, {}
    return {}, {}


def _company_status(account: Account, form: CompanyStatusForm) -> tuple[dict[str, str], FieldErrors]:
    if account.provider_type != ProviderType.BADAN_USAHA_CV:
        return {}, {FORM: CV_ONLY}
    if form.new_company_name.lower() == account.company_name.lower():
        return {}, {"new_company_name": SAME_AS_NOW.format(label="Nama perusahaan baru")}
    return {
        "company_name": form.new_company_name,
        "provider_type": ProviderType.BADAN_USAHA_PT.value,
        "deed_number": form.deed_number,
        "deed_date": form.deed_date.isoformat(),
        "sk_number": form.sk_number,
    }, {}


def aggregation_refusal(profile: LpseProfile, account: Account) -> str | None:
    """Why this account may not ask for agregasi here, or None."""
    if profile.agregasi != "via_lkpp":
        return f"Agregasi data penyedia di {profile.name} tidak diajukan melalui permohonan kepada LPSE."
    if account.aggregation_status in (AggregationStatus.REQUESTED, AggregationStatus.AGGREGATED):
        return f"Akun ini sudah berstatus '{AGGREGATION_LABEL[account.aggregation_status]}' dalam agregasi."
    return None


def open_request_refusal(reference: str, kind: ProviderRequestKind) -> str:
    """The page-level refusal of a second request while one is open."""
    return (
        f"Masih ada permohonan yang diproses: {reference} ({KIND_LABEL[kind]}). "
        "Batalkan atau tunggu sampai selesai sebelum mengajukan yang baru."
    )


def describe_changes(kind: ProviderRequestKind, changes: Mapping[str, str], reason: str = "") -> str:
    """The change asked, as the history shows it (a NPWP masked)."""
    if kind == "npwp":
        return f"NPWP baru {masked_npwp(changes.get('npwp', ''))}"
    if kind == "email":
        return f"Alamat email baru {changes.get('email', '')}"
    if kind == "status_badan_usaha":
        return f"Nama perusahaan baru {changes.get('company_name', '')}"
    if kind == "data":
        return "; ".join(f"{label}: {changes[name]}" for name, label in DATA_FIELDS.items() if name in changes)
    if kind == "nonaktif":
        return f"Alasan: {reason}"
    return ""


def _actor(account: Account) -> Actor:
    return Actor(id=account.user_id, role="penyedia")


def _fact_fields(account: Account, request: AccountRequest, status_url: str, now: datetime) -> dict[str, Any]:
    return {
        "occurred_at": now,
        "lpse": request.lpse,
        "correlation_id": request.id,
        "actor": _actor(account),
        "provider_id": account.provider_id,
        "user_id": account.user_id,
        "company_name": account.company_name,
        "email": account.email,
        "director_name": account.director_name or None,
        "language": account.language,
        "request_id": request.id,
        "reference": request.reference,
        "kind": request.kind,
        "service_id": request.service_id,
        "status_url": status_url,
    }


def file_request(
    account: Account,
    service: ServiceStandard,
    kind: ProviderRequestKind,
    form: RequestForm,
    changes: Mapping[str, str],
    new: NewRequest,
) -> Decided[RequestChange]:
    """A new request filed online: its row, its history line, its facts (and, for an email, the proof to mail)."""
    status = initial_status(kind, "web")
    request = AccountRequest(
        id=new.request_id,
        reference=new.reference,
        provider_id=account.provider_id,
        lpse=account.lpse,
        kind=kind,
        service_id=service.id,
        channel="web",
        status=status,
        changes=dict(changes),
        reason=form.reason if isinstance(form, DeactivationForm) else "",
        by_proxy=form.by_proxy,
        documents=new.documents,
        returned_items=(),
        filed_at=new.now,
        updated_at=new.now,
    )
    detail = describe_changes(kind, changes, request.reason)
    history = HistoryEntry(
        account.provider_id,
        new.now,
        f"Permohonan {new.reference} diajukan ({KIND_LABEL[kind]})",
        detail,
        YOU,
        request.id,
    )
    common = _fact_fields(account, request, new.status_url, new.now)
    awaiting = status is RequestStatus.AWAITING_EMAIL_PROOF
    filed = ProviderRequestFiledV1(
        **common,
        channel="web",
        bring=bring_list(service, account, by_proxy=form.by_proxy),
        deadline_text=deadline_text(service)[:300] or None,
        awaiting_email_proof=awaiting,
    )
    facts: list[Any] = [filed]
    proof = None
    if awaiting:
        assert new.proof_token_hash is not None and new.proof_url is not None
        proof = EmailProof(new.proof_token_hash, request.id, changes["email"], new.now + PROOF_VALID)
        facts.append(
            EmailProofRequestedV1(
                **common, new_email=changes["email"], proof_url=new.proof_url, expires_at=proof.expires_at
            )
        )
    audit = AuditEntry(new.now, _actor(account), ENTITY, str(request.id), "permohonan:ajukan", None, status.value)
    return Decided(RequestChange(request, (history,), proof, new=True), tuple(facts), audit)


def _step(
    account: Account,
    request: AccountRequest,
    trigger: RequestTrigger,
    now: datetime,
    history: str,
    *,
    actor: Actor | None = None,
    detail: str = "",
    **changed: Any,
) -> tuple[AccountRequest, HistoryEntry, AuditEntry]:
    after = next_status(request.kind, request.status, trigger)
    moved = replace(request, status=after, updated_at=now, **changed)
    line = HistoryEntry(account.provider_id, now, history, detail, YOU, request.id)
    audit = AuditEntry(
        now, actor or _actor(account), ENTITY, str(request.id), f"permohonan:{trigger.value}", request.status, after
    )
    return moved, line, audit


def withdraw(account: Account, request: AccountRequest, status_url: str, now: datetime) -> Decided[RequestChange]:
    """The provider withdraws a request not handed over yet (RequestRefused when it is too late)."""
    moved, line, audit = _step(
        account, request, RequestTrigger.WITHDRAW, now, f"Permohonan {request.reference} dibatalkan"
    )
    fact = ProviderRequestWithdrawnV1(**_fact_fields(account, moved, status_url, now))
    return Decided(RequestChange(moved, (line,), previous_status=request.status), (fact,), audit)


def prove_email(
    account: Account, request: AccountRequest, proof: EmailProof, status_url: str, now: datetime
) -> Decided[RequestChange]:
    """The new address opened its link: the request goes on to the counter visit."""
    moved, line, audit = _step(
        account,
        request,
        RequestTrigger.PROVE_EMAIL,
        now,
        f"Alamat email baru dikonfirmasi ({request.reference})",
        actor=Actor(id=account.user_id, role="penyedia"),
        detail=proof.new_email,
    )
    fact = EmailProvenV1(**_fact_fields(account, moved, status_url, now), new_email=proof.new_email)
    change = RequestChange(moved, (line,), replace(proof, proven_at=now), previous_status=request.status)
    return Decided(change, (fact,), audit)


def resubmit(
    account: Account,
    request: AccountRequest,
    uploaded: tuple[StoredDocument, ...],
    status_url: str,
    now: datetime,
) -> Decided[RequestChange]:
    """The provider uploaded again what the verifier returned: the request goes back to the verifier.

    The clock resumes by the desk's own rule; this step writes the status, the documents and the fact (its
    `due_at` left for the clock to fill).
    """
    replaced = {d.code for d in uploaded}
    documents = tuple(d for d in request.documents if d.code not in replaced) + uploaded
    moved, line, audit = _step(
        account,
        request,
        RequestTrigger.RESUBMIT,
        now,
        f"Dokumen permohonan {request.reference} diunggah ulang",
        detail=", ".join(d.name for d in uploaded),
        documents=documents,
    )
    fact = ProviderRequestResumedV1(**_fact_fields(account, moved, status_url, now), due_at=None)
    return Decided(RequestChange(moved, (line,), previous_status=request.status), (fact,), audit)


def returned_slots(service: ServiceStandard | None, request: AccountRequest) -> tuple[ReturnedItem, ...]:
    """The returned items that are documents of the service: each gets an upload slot."""
    codes = {rule.code for rule in service.documents} if service is not None else set()
    return tuple(item for item in request.returned_items if item.code in codes)
