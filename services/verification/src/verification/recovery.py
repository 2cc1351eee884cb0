"""A forgotten password, decided purely: who may get a new one-time link, and how requests are counted."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import AfterValidator, BeforeValidator, Field

from contracts.digests import token_digest
from contracts.envelope import Actor, Language
from contracts.verification import PasswordResetRequestedV1
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.formmodel import FormModel

# A reset link is for someone waiting at the screen: short-lived, unlike the 72-hour activation link.
RESET_LINK_VALIDITY = timedelta(hours=2)
# Requests are counted over the last hour: 3 links per account (a lost email, a retry, one more), and 20 requests
# per client address (an LPSE office behind one NAT address may have a few providers asking at once).
RESET_WINDOW = timedelta(hours=1)
PER_ACCOUNT = 3
PER_CLIENT = 20


class ResetAnswer(StrEnum):
    """What a request gets. SEND and QUIET look the same to the person; only TOO_MANY differs, and it depends on
    the client's own requests, never on whether the account exists."""

    SEND = "send"
    QUIET = "quiet"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class ResetCounts:
    """Requests in the window: links sent to this account, requests from this client (found or not)."""

    account_sent: int
    client_requests: int


def reset_answer(
    found: bool, counts: ResetCounts, *, per_account: int = PER_ACCOUNT, per_client: int = PER_CLIENT
) -> ResetAnswer:
    """Send a link only to a known account under both limits; a busy client is told to wait."""
    if counts.client_requests >= per_client:
        return ResetAnswer.TOO_MANY
    if not found or counts.account_sent >= per_account:
        return ResetAnswer.QUIET
    return ResetAnswer.SEND


def normalized_identifier(raw: str) -> str:
    """A user ID or an email as typed, in the form both are compared in (case does not matter for either)."""
    return raw.strip().lower()


def keyed(secret: str, kind: str, value: str) -> str:
    """A keyed digest, so the request log keeps neither the typed identifier nor the client address."""
    return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


class ForgotPasswordForm(FormModel):
    """'Lupa kata sandi': a user ID or the registered email, compared without regard to case."""

    messages: ClassVar[dict[str, str]] = {"identifier": "Isi User ID atau email yang terdaftar."}

    identifier: Annotated[
        str, BeforeValidator(lambda raw: str(raw)[:200]), AfterValidator(normalized_identifier), Field(min_length=1)
    ]


@dataclass(frozen=True)
class ResetAccount:
    """The active provider account a typed identifier names, and whom and in which language the email greets."""

    provider_id: uuid.UUID
    user_id: str
    email: str
    lpse: str
    director_name: str | None
    language: Language


@dataclass(frozen=True)
class ResetLink:
    """A new one-time reset link, stored only as its token's digest."""

    token_hash: str
    provider_id: uuid.UUID
    expires_at: datetime
    purpose: str = "reset"


@dataclass(frozen=True)
class ResetRequest:
    """One request as counted (found or not, under keyed digests only), and the link it issued if any."""

    at: datetime
    account_key: str
    client_key: str
    answer: ResetAnswer
    link: ResetLink | None = None


def decide_reset(
    account: ResetAccount | None,
    counts: ResetCounts,
    *,
    at: datetime,
    account_key: str,
    client_key: str,
    token: str,
    sealed_link: str,
) -> Decided[ResetRequest]:
    """Count the request; for a known account under both limits, a link, the fact that mails it, the audit row."""
    answer = reset_answer(account is not None, counts)
    if answer is not ResetAnswer.SEND or account is None:
        return Decided(ResetRequest(at, account_key, client_key, answer))
    link = ResetLink(token_digest(token), account.provider_id, at + RESET_LINK_VALIDITY)
    actor = Actor(id=account.user_id, role="penyedia")
    fact = PasswordResetRequestedV1(
        occurred_at=at,
        lpse=account.lpse,
        correlation_id=account.provider_id,
        actor=actor,
        provider_id=account.provider_id,
        user_id=account.user_id,
        email=account.email,
        set_password_url=sealed_link,
        set_password_expires_at=link.expires_at,
        director_name=account.director_name,
        language=account.language,
    )
    audit = AuditEntry(
        at=at,
        actor=actor,
        entity="provider",
        entity_id=str(account.provider_id),
        action="reset_password",
        before=None,
        after="reset_link_sent",
    )
    return Decided(ResetRequest(at, account_key, client_key, answer, link), (fact,), audit)
