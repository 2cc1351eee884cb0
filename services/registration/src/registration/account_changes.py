"""An activated provider's account changed (an approved request in its account area): the application's copy of
the account's data follows, so the duplicate check refuses the new NPWP, email or company data and no longer the
old, and the status page shows the account as it is now. Pure.

The change finds its application by the user ID registration stored at activation (unique across LPSEs).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from contracts.provider_account import ProviderAccountChangedV1
from contracts.registration import ProviderType
from lpse_runtime.decision import AuditEntry, Decided
from registration.domain import Application, Step

ACTION = "account_changed"


@dataclass(frozen=True)
class AccountData:
    """What an application holds of the account: checked against duplicates and shown on its status page."""

    application_id: uuid.UUID
    provider_type: str
    company_name: str
    npwp: str
    email: str
    director_name: str


@dataclass(frozen=True)
class AccountChange:
    """The account's data from now on, and the step the status page lists for it."""

    data: AccountData
    step: Step


def after_change(held: AccountData, fact: ProviderAccountChangedV1) -> AccountData:
    """The data once the change is applied: each field the fact changes, the others as held.

    The fact carries the account as it is now: its address of record, company name and director, taken for each
    field the changes list names; the NPWP from `npwp` (the changes list shows it masked), the type from
    `provider_type` when it is one registration knows."""
    changed = {change.field for change in fact.changes}
    known_types = {t.value for t in ProviderType}
    return replace(
        held,
        email=str(fact.email) if "email" in changed else held.email,
        npwp=fact.npwp if fact.npwp is not None else held.npwp,
        company_name=fact.company_name if "company_name" in changed else held.company_name,
        director_name=(fact.director_name or held.director_name) if "director_name" in changed else held.director_name,
        provider_type=fact.provider_type if fact.provider_type in known_types else held.provider_type,
    )


def account_changed(
    application: Application, held: AccountData, fact: ProviderAccountChangedV1
) -> Decided[AccountChange] | None:
    """The application's copy of the account after the change, listed and audited; None when it already reads so
    (the same change announced again)."""
    data = after_change(held, fact)
    if data == held:
        return None
    labels = ", ".join(change.label for change in fact.changes)
    note = f"Data akun diubah sesuai permohonan {fact.reference}: {labels}."
    step = Step(application.id, application.status, fact.occurred_at, note)
    audit = AuditEntry(
        at=fact.occurred_at,
        actor=fact.actor,
        entity="application",
        entity_id=str(application.id),
        action=ACTION,
        before=application.status.value,
        after=application.status.value,
        reason=f"event {fact.event_id}",
    )
    return Decided(AccountChange(data, step), audit=audit)
