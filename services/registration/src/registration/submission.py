"""From a draft to an application: the email proof, the sent form and the documents a return asks again (pure).

Each decision returns `Decided` (the state to save, the facts to publish, the audit row); the use cases store it
with one `commit`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.lpse import LpseProfile
from contracts.registration import (
    ApplicationResubmittedV1,
    ApplicationSubmittedV1,
    DocumentRef,
    EmailVerificationRequestedV1,
)
from lpse_runtime.decision import AuditEntry, Decided
from registration.domain import ApplicationStatus
from registration.form import ApplicationForm

DRAFT_VALIDITY = timedelta(days=7)


def status_token_for(draft_token: str) -> str:
    """The status link's token, derived from the draft link's: whoever holds the draft link (and only they, as
    neither token is stored) can be led from it to the status page once the form is sent."""
    mac = hmac.new(draft_token.encode(), b"lpse-registration-status-link", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


@dataclass(frozen=True)
class Draft:
    """A form in progress, reachable only through the private link sent to its email."""

    id: uuid.UUID
    lpse: str
    email: str
    token_hash: str
    created_at: datetime
    expires_at: datetime
    fields: Mapping[str, str] = field(default_factory=dict)
    application_id: uuid.UUID | None = None


@dataclass(frozen=True)
class NewApplication:
    """A sent form: the application it became, kept under the status link's digest."""

    id: uuid.UUID
    lpse: str
    reference: str
    draft_id: uuid.UUID  # the submission key: one draft, one application
    status_token_hash: str
    form: ApplicationForm
    submitted_at: datetime


@dataclass(frozen=True)
class Resubmission:
    """The documents a returned file asked for were uploaded again."""

    application_id: uuid.UUID
    at: datetime


def request_email_proof(
    email: str, *, profile: LpseProfile, draft_id: uuid.UUID, token: str, draft_url: str, now: datetime
) -> Decided[Draft]:
    """A draft for this address, opened only by the link the published fact sends there (the token is not kept)."""
    draft = Draft(draft_id, profile.code, email, token_digest(token), now, now + DRAFT_VALIDITY)
    fact = EmailVerificationRequestedV1(
        occurred_at=now,
        lpse=profile.code,
        correlation_id=draft_id,
        actor=Actor(id=email, role="penyedia"),
        draft_id=draft_id,
        email=email,
        draft_url=draft_url,
        expires_at=draft.expires_at,
    )
    return Decided(draft, facts=(fact,))


def submit(
    form: ApplicationForm,
    *,
    profile: LpseProfile,
    draft_id: uuid.UUID,
    application_id: uuid.UUID,
    reference: str,
    status_token: str,
    status_url: str,
    now: datetime,
    documents: Sequence[DocumentRef] = (),
) -> Decided[NewApplication]:
    """A valid form becomes an application: stored, announced with its documents, audited as submitted."""
    fact = submitted_event(
        form,
        profile=profile,
        application_id=application_id,
        reference=reference,
        status_url=status_url,
        now=now,
        documents=documents,
    )
    application = NewApplication(
        application_id, profile.code, reference, draft_id, token_digest(status_token), form, now
    )
    audit = AuditEntry(
        now, fact.actor, "application", str(application_id), "submit", None, ApplicationStatus.SUBMITTED.value
    )
    return Decided(application, facts=(fact,), audit=audit)


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


def resubmit(
    application_id: uuid.UUID, *, lpse: str, email: str, documents: Sequence[DocumentRef], now: datetime
) -> Decided[Resubmission]:
    """Everything a returned file asked for is in again: verification is told, with the documents by reference."""
    fact = ApplicationResubmittedV1(
        occurred_at=now,
        lpse=lpse,
        correlation_id=application_id,
        actor=Actor(id=email, role="penyedia"),
        application_id=application_id,
        documents=tuple(documents),
    )
    return Decided(Resubmission(application_id, now), facts=(fact,))


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


def upload_problem(document: str, reason: str) -> str:
    """One refused document as one sentence: '<dokumen>: <alasan>.'"""
    reason = reason.strip().rstrip(".")
    return f"{document}: {reason[:1].lower()}{reason[1:]}."
