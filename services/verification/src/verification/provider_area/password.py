"""The provider's own password change, pure: what it stores, the fact that mails the provider, the audit row."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from contracts.envelope import Actor
from contracts.provider_account import ProviderPasswordChangedV1
from lpse_runtime.decision import AuditEntry, Decided
from verification.provider_area.rules import ProviderPrincipal

HISTORY_WHAT = "Kata sandi diubah"
HISTORY_ACTOR = "Anda"


@dataclass(frozen=True)
class PasswordChanged:
    """The new hash; the session that changed it stays, every other session of the account ends."""

    provider_id: uuid.UUID
    password_hash: str
    keep_session: str  # the digest of the session that made the change
    at: datetime


def decide_password_change(
    provider: ProviderPrincipal, director_name: str | None, password_hash: str, keep_session: str, now: datetime
) -> Decided[PasswordChanged]:
    """The change, announced (the email says so, never the password) and audited."""
    actor = Actor(id=provider.user_id, role="penyedia")
    fact = ProviderPasswordChangedV1(
        occurred_at=now,
        lpse=provider.lpse,
        correlation_id=provider.provider_id,
        actor=actor,
        provider_id=provider.provider_id,
        user_id=provider.user_id,
        company_name=provider.company_name,
        email=provider.email,
        director_name=director_name,
        language=provider.language,
    )
    audit = AuditEntry(
        at=now,
        actor=actor,
        entity="provider",
        entity_id=str(provider.provider_id),
        action="change_password",
        before=None,
        after="password_changed",
    )
    return Decided(PasswordChanged(provider.provider_id, password_hash, keep_session, now), (fact,), audit)
