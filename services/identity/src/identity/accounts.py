"""Staff accounts as the platform administrator manages them: the decisions and the facts they publish. Pure."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from contracts.envelope import Actor
from contracts.identity import (
    EVERY_LPSE,
    PLATFORM_LPSE,
    StaffAccountChangedV1,
    StaffAccountCreatedV1,
    StaffGrant,
    StaffPasswordChangedV1,
)
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.machine import transition
from lpse_runtime.text import mask_email

ENTITY = "staff_account"


class AccountStatus(StrEnum):
    """Whether an account may sign in."""

    ACTIVE = "aktif"
    DISABLED = "nonaktif"


class Change(StrEnum):
    """What the administrator does to an existing account."""

    CHANGE_ROLES = "roles"
    DISABLE = "disabled"
    ENABLE = "enabled"
    CHANGE_EMAIL = "email"


# The account's state machine: roles and the official email can change whether or not it is active; disabling and
# enabling are toggles.
TRANSITIONS: dict[tuple[AccountStatus, Change], AccountStatus] = {
    (AccountStatus.ACTIVE, Change.CHANGE_ROLES): AccountStatus.ACTIVE,
    (AccountStatus.DISABLED, Change.CHANGE_ROLES): AccountStatus.DISABLED,
    (AccountStatus.ACTIVE, Change.CHANGE_EMAIL): AccountStatus.ACTIVE,
    (AccountStatus.DISABLED, Change.CHANGE_EMAIL): AccountStatus.DISABLED,
    (AccountStatus.ACTIVE, Change.DISABLE): AccountStatus.DISABLED,
    (AccountStatus.DISABLED, Change.ENABLE): AccountStatus.ACTIVE,
}


class AccountRefused(Exception):
    """A change the rules do not allow; the message is the Indonesian sentence shown to the administrator."""


@dataclass(frozen=True)
class Account:
    """A staff account as identity stores it (without its password hash)."""

    account_id: uuid.UUID
    username: str
    name: str
    full_name: str
    grants: tuple[StaffGrant, ...]
    status: AccountStatus = AccountStatus.ACTIVE
    must_change_password: bool = False
    email: str | None = None  # the official address deadline breaches reach (the heads of an LPSE)
    request_id: uuid.UUID | None = None  # the helpdesk request an internal account was made on
    request_reference: str | None = None  # that request's reference, as its officers know it
    expires_at: datetime | None = None  # an auditor's (DPK-3a) end of access: no sign-in from this instant


def sorted_grants(grants: tuple[StaffGrant, ...] | list[StaffGrant]) -> tuple[StaffGrant, ...]:
    """Grants without repeats, in one order (role, then LPSE), so equal sets compare and print equal."""
    return tuple(sorted(set(grants), key=lambda g: (g.role, g.lpse)))


def grants_text(grants: tuple[StaffGrant, ...]) -> str:
    """'kepala_lpse@depok, verifikator@depok': an audit row's before and after."""
    return ", ".join(f"{g.role}@{g.lpse}" for g in grants) or "tanpa peran"


def email_text(email: str | None) -> str:
    """An address as an audit row shows it: masked, as every free text on the platform shows one."""
    return mask_email(email) if email else "tanpa email"


def home_lpse(grants: tuple[StaffGrant, ...]) -> str:
    """The LPSE a fact about the account is published under: its one LPSE, else the platform's own code."""
    lpses = {g.lpse for g in grants}
    if len(lpses) == 1 and EVERY_LPSE not in lpses:
        return lpses.pop()
    return PLATFORM_LPSE


def create(account: Account, *, actor: Actor, now: datetime) -> Decided[Account]:
    """A new account with its roles: it exists from now on and says so once."""
    if not account.grants:
        raise AccountRefused("Pilih minimal satu peran.")
    new = replace(account, grants=sorted_grants(account.grants), status=AccountStatus.ACTIVE)
    fact = StaffAccountCreatedV1(
        occurred_at=now,
        lpse=home_lpse(new.grants),
        correlation_id=new.account_id,
        actor=actor,
        account_id=new.account_id,
        username=new.username,
        name=new.name,
        grants=new.grants,
        email=new.email,
    )
    audit = AuditEntry(now, actor, ENTITY, new.username, "created", None, grants_text(new.grants))
    return Decided(new, (fact,), audit)


def decide(
    account: Account,
    change: Change,
    *,
    actor: Actor,
    now: datetime,
    grants: tuple[StaffGrant, ...] = (),
    sessions_ended: int = 0,
    email: str | None = None,
) -> Decided[Account]:
    """The account after a change by the administrator, the fact that tells it and its audit row."""
    if actor.id == account.username and change in (Change.DISABLE, Change.ENABLE):
        raise AccountRefused("Anda tidak dapat menonaktifkan atau mengaktifkan akun Anda sendiri.")
    status = transition(TRANSITIONS, account.status, change)
    if change is Change.CHANGE_ROLES:
        grants = sorted_grants(grants)
        if not grants:
            raise AccountRefused("Pilih minimal satu peran.")
        if grants == account.grants:
            raise AccountRefused("Peran tidak berubah.")
        if actor.id == account.username and not any(g.role == "admin_platform" for g in grants):
            raise AccountRefused("Anda tidak dapat melepas peran admin platform dari akun Anda sendiri.")
    else:
        grants = account.grants
    if change is Change.CHANGE_EMAIL:
        if email == account.email:
            raise AccountRefused("Email dinas tidak berubah.")
    else:
        email = account.email
    new = replace(account, grants=grants, status=status, email=email)
    fact = StaffAccountChangedV1(
        occurred_at=now,
        lpse=home_lpse((*account.grants, *new.grants)),  # the LPSEs it left hear of it too
        correlation_id=new.account_id,
        actor=actor,
        account_id=new.account_id,
        username=new.username,
        change=change.value,
        grants=new.grants,
        active=status is AccountStatus.ACTIVE,
        sessions_ended=sessions_ended,
        email=new.email,
    )
    before, after = {
        Change.CHANGE_ROLES: (grants_text(account.grants), grants_text(new.grants)),
        Change.CHANGE_EMAIL: (email_text(account.email), email_text(new.email)),
    }.get(change, (account.status.value, status.value))
    reason = f"{sessions_ended} sesi diakhiri" if sessions_ended else None
    audit = AuditEntry(now, actor, ENTITY, account.username, change.value, before, after, reason)
    return Decided(new, (fact,), audit)


def password_changed(account: Account, *, actor: Actor, now: datetime, sessions_ended: int) -> Decided[Account]:
    """A password set: by its owner (no longer to be replaced) or by the administrator (to be replaced)."""
    by_owner = actor.id == account.username
    new = replace(account, must_change_password=not by_owner)
    fact = StaffPasswordChangedV1(
        occurred_at=now,
        lpse=home_lpse(new.grants),
        correlation_id=new.account_id,
        actor=actor,
        account_id=new.account_id,
        username=new.username,
        sessions_ended=sessions_ended,
    )
    audit = AuditEntry(
        now, actor, ENTITY, account.username, "password_changed", None, None, f"{sessions_ended} sesi diakhiri"
    )
    return Decided(new, (fact,), audit)
