"""The provider's request use cases: file one, prove an email, withdraw, upload again what was returned, read it.

Each loads what it decides on FOR UPDATE, decides (pure, `filing`), keeps the uploads, then commits state + facts +
audit once. A refusal stores nothing: no row, no object, no fact.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

import asyncpg
from nats.js import JetStreamContext

from contracts.digests import token_digest
from contracts.lpse import LpseProfile, ServiceStandard
from contracts.provider_account import ProviderRequestKind
from lpse_runtime.commit import commit
from lpse_runtime.decision import Decided
from lpse_runtime.formmodel import FORM, FieldErrors
from lpse_runtime.objects import ObjectBucket
from lpse_runtime.references import new_reference
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.uploads import Accepted
from verification.account_requests import clocks as request_clocks
from verification.account_requests import desk_db, filing_db
from verification.account_requests.domain import KIND_LABEL, RequestRefused, RequestStatus, service_for
from verification.account_requests.filing import (
    CV_ONLY,
    EMAIL_TAKEN,
    Account,
    AccountRequest,
    NewRequest,
    RequestChange,
    StoredDocument,
    aggregation_refusal,
    asked_documents,
    bring_list,
    changes_asked,
    file_request,
    in_sentence,
    missing_documents,
    open_request_refusal,
    prove_email,
    returned_slots,
    withdraw,
)
from verification.account_requests.filing import resubmit as decide_resubmit
from verification.account_requests.forms import RequestForm
from verification.account_requests.letter import Letter, render_letter

BUCKET = "VERIFICATION_REQUEST_DOCUMENTS"
DEFAULT_MAX_UPLOAD = 5 * 1024 * 1024


class Bucket(Protocol):
    """Where uploaded documents are kept."""

    async def put(self, name: str, content: bytes) -> None:
        """Keep bytes under a name."""
        ...

    async def get(self, name: str) -> bytes:
        """The bytes kept under a name."""
        ...

    async def delete(self, name: str) -> None:
        """Drop what a name holds."""
        ...


class RequestDocuments(ObjectBucket):
    """The object-store bucket of the documents requests bring."""

    def __init__(self, js: JetStreamContext) -> None:
        super().__init__(js, BUCKET)


_buckets: dict[int, RequestDocuments] = {}


@dataclass(frozen=True)
class RequestDesk:
    """The service's database, standards, clock, link seal and document bucket."""

    runtime: ServiceRuntime
    bucket: Bucket

    @classmethod
    def of(cls, runtime: ServiceRuntime) -> RequestDesk:
        """The desk of a running service (its bucket made once per runtime)."""
        bucket = _buckets.get(id(runtime))
        if bucket is None:
            bucket = _buckets[id(runtime)] = RequestDocuments(runtime.broker.config.connection_state.stream)
        return cls(runtime, bucket)

    @property
    def pool(self) -> asyncpg.Pool:
        """The service's connection pool."""
        return self.runtime.pool

    @property
    def profiles(self) -> dict[str, LpseProfile]:
        """Each LPSE's service standard."""
        return self.runtime.profiles

    @property
    def max_upload_bytes(self) -> int:
        """The largest document accepted."""
        return int(getattr(self.runtime.settings, "max_upload_bytes", DEFAULT_MAX_UPLOAD))

    def now(self) -> datetime:
        """The injected clock's time."""
        return self.runtime.clock.now()

    def sealed(self, path: str) -> str:
        """A private link as a fact carries it: sealed for the notifier."""
        return link_box(self.runtime.settings).seal(f"{self.runtime.settings.public_base_url}{path}")


@dataclass(frozen=True)
class Upload:
    """A document that passed the upload checks, not kept yet."""

    code: str
    filename: str
    content: bytes
    accepted: Accepted


@dataclass(frozen=True)
class Refused:
    """Why nothing was stored: a message per field (or the form), and the HTTP status the page answers with."""

    errors: FieldErrors
    status_code: int = 422


def status_path(reference: str) -> str:
    """The request's page in the provider's account area."""
    return f"/akun/permohonan/{reference}"


def not_offered(profile: LpseProfile, kind: ProviderRequestKind) -> str:
    """Why a kind cannot be filed at this LPSE."""
    return f"Standar pelayanan {profile.name} tidak memuat layanan {in_sentence(KIND_LABEL[kind])}."


def object_name(request_id: uuid.UUID, code: str, sha256: str) -> str:
    """Where a document lives in the bucket: one object per request, document and content."""
    return f"{request_id}/{code}/{sha256}"


async def _keep(
    desk: RequestDesk, request_id: uuid.UUID, uploads: Mapping[str, Upload], names: dict[str, str], kept: list[str]
) -> tuple[StoredDocument, ...]:
    stored = []
    for code, upload in uploads.items():
        name = object_name(request_id, code, upload.accepted.sha256)
        await desk.bucket.put(name, upload.content)
        kept.append(name)
        a = upload.accepted
        stored.append(
            StoredDocument(code, names.get(code, code), name, a.sha256, a.size, a.content_type, upload.filename)
        )
    return tuple(stored)


async def _forget(desk: RequestDesk, kept: list[str]) -> None:
    for name in kept:
        await desk.bucket.delete(name)


async def _registry_problems(
    conn: asyncpg.Connection, desk: RequestDesk, account: Account, changes: Mapping[str, str]
) -> FieldErrors:
    errors: FieldErrors = {}
    if "npwp" in changes:
        await filing_db.lock_value(conn, "npwp", changes["npwp"])
        holder = await filing_db.npwp_holder(conn, changes["npwp"])
        if holder is not None:
            name = desk.profiles[holder].name if holder in desk.profiles else holder
            errors["new_npwp"] = f"NPWP ini sudah terdaftar di {name}."
    if "email" in changes:
        await filing_db.lock_value(conn, "email", changes["email"])
        if await filing_db.email_in_use(conn, changes["email"], account.provider_id):
            errors["new_email"] = EMAIL_TAKEN
    return errors


async def _refusal(
    conn: asyncpg.Connection,
    desk: RequestDesk,
    account: Account,
    kind: ProviderRequestKind,
    form: RequestForm,
    uploads: Mapping[str, Upload],
) -> tuple[ServiceStandard | None, dict[str, str], Refused | None]:
    profile = desk.profiles[account.lpse]
    service = service_for(profile, kind)
    if service is None:
        return None, {}, Refused({FORM: not_offered(profile, kind)}, 404)
    held = await filing_db.open_request(conn, account.provider_id)
    if held is not None:
        return service, {}, Refused({FORM: open_request_refusal(*held)}, 409)
    if kind == "agregasi" and (why := aggregation_refusal(profile, account)) is not None:
        return service, {}, Refused({FORM: why}, 409)
    changes, errors = changes_asked(kind, account, form)
    errors |= missing_documents(asked_documents(service, account, by_proxy=form.by_proxy), uploads)
    errors |= await _registry_problems(conn, desk, account, changes)
    return service, changes, Refused(errors) if errors else None


async def file(
    desk: RequestDesk,
    provider_id: uuid.UUID,
    kind: ProviderRequestKind,
    form: RequestForm,
    uploads: Mapping[str, Upload],
) -> str | Refused:
    """File a request: its reference, or why not (then nothing is stored)."""
    kept: list[str] = []
    try:
        async with desk.pool.acquire() as conn, conn.transaction():
            account = await filing_db.account(conn, provider_id, lock=True)
            if account is None:
                return Refused({FORM: "Akun penyedia tidak ditemukan."}, 404)
            service, changes, refused = await _refusal(conn, desk, account, kind, form, uploads)
            if refused is not None:
                return refused
            assert service is not None
            asked = asked_documents(service, account, by_proxy=form.by_proxy)
            names = {a.rule.code: a.rule.name for a in asked}
            wanted = {code: u for code, u in uploads.items() if code in names}
            decided = await _decide_filing(desk, account, service, kind, form, changes, wanted, names, kept)
            await commit(conn, decided, filing_db.save_change)
            return decided.state.request.reference
    except asyncpg.UniqueViolationError as clash:
        await _forget(desk, kept)
        if clash.constraint_name != filing_db.ONE_OPEN_INDEX:
            raise
        async with desk.pool.acquire() as conn:
            held = await filing_db.open_request(conn, provider_id)
        return Refused({FORM: open_request_refusal(*held) if held else "Masih ada permohonan yang diproses."}, 409)
    except BaseException:
        await _forget(desk, kept)
        raise


async def _decide_filing(
    desk: RequestDesk,
    account: Account,
    service: ServiceStandard,
    kind: ProviderRequestKind,
    form: RequestForm,
    changes: Mapping[str, str],
    uploads: Mapping[str, Upload],
    names: dict[str, str],
    kept: list[str],
) -> Decided[RequestChange]:
    now = desk.now()
    profile = desk.profiles[account.lpse]
    request_id = uuid.uuid4()
    reference = new_reference(profile.short_code, now, secrets.token_bytes(5), prefix="PRM")
    token = secrets.token_urlsafe(32) if kind == "email" else None
    new = NewRequest(
        request_id=request_id,
        reference=reference,
        status_url=desk.sealed(status_path(reference)),
        documents=await _keep(desk, request_id, uploads, names, kept),
        now=now,
        proof_token_hash=token_digest(token) if token else None,
        proof_url=desk.sealed(f"/akun/email/{token}") if token else None,
    )
    return file_request(account, service, kind, form, changes, new)


class ProofState(StrEnum):
    """What an email link is worth."""

    UNKNOWN = "unknown"  # no such link: 404
    GONE = "gone"  # used, expired, or its request no longer waits for it: 410
    VALID = "valid"
    PROVEN = "proven"  # proven now


@dataclass(frozen=True)
class ProofView:
    """What the email-proof page shows."""

    state: ProofState
    new_email: str = ""
    reference: str = ""
    profile: LpseProfile | None = None


async def _proof(
    conn: asyncpg.Connection, desk: RequestDesk, token: str, *, lock: bool
) -> tuple[ProofView, AccountRequest | None, Account | None]:
    proof = await filing_db.proof_by_hash(conn, token_digest(token), lock=lock)
    if proof is None:
        return ProofView(ProofState.UNKNOWN), None, None
    request = await filing_db.request_by_id(conn, proof.request_id, lock=lock)
    assert request is not None
    account = await filing_db.account(conn, request.provider_id, lock=lock)
    profile = desk.profiles.get(request.lpse)
    view = ProofView(ProofState.VALID, proof.new_email, request.reference, profile)
    live = proof.proven_at is None and proof.expires_at > desk.now()
    if not live or request.status is not RequestStatus.AWAITING_EMAIL_PROOF:
        return ProofView(ProofState.GONE, proof.new_email, request.reference, profile), request, account
    return view, request, account


async def proof_view(desk: RequestDesk, token: str) -> ProofView:
    """What an email link is worth, without using it."""
    async with desk.pool.acquire() as conn:
        view, _, _ = await _proof(conn, desk, token, lock=False)
    return view


async def prove(desk: RequestDesk, token: str) -> ProofView:
    """Use an email link once: the request goes on to the counter visit."""
    async with desk.pool.acquire() as conn, conn.transaction():
        view, request, account = await _proof(conn, desk, token, lock=True)
        if view.state is not ProofState.VALID or request is None or account is None:
            return view
        proof = await filing_db.proof_by_hash(conn, token_digest(token), lock=True)
        assert proof is not None
        decided = prove_email(account, request, proof, desk.sealed(status_path(request.reference)), desk.now())
        await commit(conn, decided, filing_db.save_change)
    return ProofView(ProofState.PROVEN, view.new_email, view.reference, view.profile)


async def _owned(
    conn: asyncpg.Connection, provider_id: uuid.UUID, reference: str, *, lock: bool
) -> tuple[AccountRequest, Account] | None:
    request = await filing_db.request_by_reference(conn, reference, lock=lock)
    if request is None or request.provider_id != provider_id:
        return None
    account = await filing_db.account(conn, provider_id, lock=lock)
    return None if account is None else (request, account)


async def withdraw_request(desk: RequestDesk, provider_id: uuid.UUID, reference: str) -> str | None:
    """The provider withdraws its request; why not, when it may not (None: withdrawn). LookupError: not its own."""
    async with desk.pool.acquire() as conn, conn.transaction():
        owned = await _owned(conn, provider_id, reference, lock=True)
        if owned is None:
            raise LookupError(reference)
        request, account = owned
        try:
            decided = withdraw(account, request, desk.sealed(status_path(reference)), desk.now())
        except RequestRefused as refused:
            return str(refused)
        await request_clocks.stop_all(conn, request.id, desk.now())  # a returned request's paused clock ends here
        await commit(conn, decided, filing_db.save_change)
    return None


async def resubmit(
    desk: RequestDesk, provider_id: uuid.UUID, reference: str, uploads: Mapping[str, Upload]
) -> Refused | None:
    """The provider uploads again every document the verifier returned: the request goes back to the verifier.

    The one place a returned request is resubmitted (the desk's clock resume joins here). LookupError: not its own.
    """
    kept: list[str] = []
    try:
        async with desk.pool.acquire() as conn, conn.transaction():
            owned = await _owned(conn, provider_id, reference, lock=True)
            if owned is None:
                raise LookupError(reference)
            request, account = owned
            slots = returned_slots(service_by_id(desk.profiles[request.lpse], request.service_id), request)
            errors = {f"doc_{s.code}": f"Unggah {s.name}." for s in slots if s.code not in uploads}
            if request.status is not RequestStatus.RETURNED:
                return Refused({FORM: "Permohonan ini tidak sedang dikembalikan kepada Anda."}, 409)
            if errors:
                return Refused(errors)
            names = {s.code: s.name for s in slots}
            wanted = {code: u for code, u in uploads.items() if code in names}
            stored = await _keep(desk, request.id, wanted, names, kept)
            status_url = desk.sealed(status_path(reference))
            decided = decide_resubmit(account, request, stored, status_url, desk.now())
            # The desk's clocks count on with the time left, and the new uploads are checked afresh.
            due = await request_clocks.resume_clocks(conn, request.id, desk.now(), desk.profiles)
            await desk_db.forget_findings(conn, request.id, list(wanted))
            await commit(conn, decided.publishing(request_clocks.with_due(decided.facts, due)), filing_db.save_change)
    except BaseException:
        await _forget(desk, kept)
        raise
    return None


def service_by_id(profile: LpseProfile, service_id: str) -> ServiceStandard | None:
    """A service of the standard by its id."""
    return next((s for s in profile.services if s.id == service_id), None)


@dataclass(frozen=True)
class RequestPage:
    """What the provider's request page shows."""

    request: AccountRequest
    account: Account
    profile: LpseProfile
    service: ServiceStandard | None
    history: list[asyncpg.Record]


async def request_page(desk: RequestDesk, provider_id: uuid.UUID, reference: str) -> RequestPage | None:
    """The provider's own request with its history, or None (another's reads as not found)."""
    async with desk.pool.acquire() as conn:
        owned = await _owned(conn, provider_id, reference, lock=False)
        if owned is None:
            return None
        request, account = owned
        history = await filing_db.history_of_request(conn, request.id)
    profile = desk.profiles[request.lpse]
    return RequestPage(request, account, profile, service_by_id(profile, request.service_id), history)


async def account_of(desk: RequestDesk, provider_id: uuid.UUID) -> Account | None:
    """The signed-in provider's account."""
    async with desk.pool.acquire() as conn:
        return await filing_db.account(conn, provider_id)


@dataclass(frozen=True)
class Prepared:
    """What the new-request form of one kind needs, or why this account may not file it now."""

    account: Account | None
    profile: LpseProfile
    service: ServiceStandard | None
    refused: Refused | None = None
    open_reference: str | None = None


async def prepare(desk: RequestDesk, provider_id: uuid.UUID, lpse: str, kind: ProviderRequestKind) -> Prepared:
    """The account, its LPSE's service for this kind, and a page-level refusal (not offered, one open, agregasi)."""
    profile = desk.profiles[lpse]
    service = service_for(profile, kind)
    if service is None:
        return Prepared(None, profile, None, Refused({FORM: not_offered(profile, kind)}, 404))
    async with desk.pool.acquire() as conn:
        account = await filing_db.account(conn, provider_id)
        held = await filing_db.open_request(conn, provider_id)
    if account is None:
        return Prepared(None, profile, service, Refused({FORM: "Akun penyedia tidak ditemukan."}, 404))
    if held is not None:
        return Prepared(account, profile, service, Refused({FORM: open_request_refusal(*held)}, 409), held[0])
    if kind == "agregasi" and (why := aggregation_refusal(profile, account)) is not None:
        return Prepared(account, profile, service, Refused({FORM: why}, 409))
    if kind == "status_badan_usaha" and account.provider_type != "badan_usaha_cv":
        return Prepared(account, profile, service, Refused({FORM: CV_ONLY}, 409))
    return Prepared(account, profile, service)


async def letter(desk: RequestDesk, provider_id: uuid.UUID, reference: str) -> Letter | None:
    """The printable request letter of the provider's own request (None: not its own)."""
    page = await request_page(desk, provider_id, reference)
    if page is None:
        return None
    bring = bring_list(page.service, page.account, by_proxy=page.request.by_proxy) if page.service else ()
    return render_letter(page.profile, page.service, page.request, page.account, bring)
