"""Internal accounts made, changed and ended on the helpdesk's approved requests (DPK-2a/2b/2e/3a, TMG-2). Pure.

The helpdesk runs the request; identity acts on `account_request.approved` and answers with one
`internal_account.*` fact. An APIP/APH auditor's access (DPK-3a) ends by itself at the start of the day after its
last day, in the LPSE's zone.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from contracts.account_requests import AccountRequestApprovedV1
from contracts.envelope import Actor
from contracts.identity import (
    DeactivationReason,
    InternalAccountChangedV1,
    InternalAccountCreatedV1,
    InternalAccountDeactivatedV1,
    InternalAccountRefusedV1,
    StaffGrant,
)
from identity.accounts import Account, AccountStatus, email_text, grants_text, sorted_grants
from lpse_runtime.decision import AuditEntry, Decided

ENTITY = "staff_account"
# The person sets a password within three days of the email (as a provider's activation link, verification).
SET_PASSWORD_VALIDITY = timedelta(hours=72)
EXPIRY_TIMER = "akun_auditor.berakhir"
EXPIRY_CLOCK = "masa_akses"
PLATFORM = Actor.system("identity")

USERNAME_TAKEN = "Nama pengguna sudah dipakai"
UNKNOWN_ACCOUNT = "Akun dengan nama pengguna ini tidak ditemukan"
NO_ROLE = "Permohonan tidak menyebut peran akun"
NO_PERIOD = "Permohonan hak akses auditor tidak menyebut hari terakhir akses"
NO_CHANGE = "Permohonan perubahan tidak menyebut jenis perubahan"
NO_EMAIL = "Permohonan penggantian email tidak menyebut alamat baru"
NOT_HERE = "Akun ini tidak memegang peran di LPSE ini"
NOT_BY_REQUEST = "Peran platform tidak dapat diberikan melalui permohonan akun LPSE"
# A request is about one LPSE: the platform's own roles (every LPSE) are given by the platform administrator only.
PLATFORM_ROLES = frozenset({"operator", "admin_platform"})


class Step(StrEnum):
    """What identity does for an approved request."""

    CREATE = "create"
    CHANGE_EMAIL = "email"
    MUTASI = "mutasi"
    PENSIUN = "pensiun"
    IGNORE = "ignore"  # MGL-O: an INAPROC account is made by INAPROC, not on this platform


# (kind, change kind) → step; a change kind only matters for a 'perubahan'.
STEPS: dict[tuple[str, str | None], Step] = {
    ("akun_baru", None): Step.CREATE,
    ("auditor", None): Step.CREATE,
    ("perubahan", "email"): Step.CHANGE_EMAIL,
    ("perubahan", "mutasi"): Step.MUTASI,
    ("perubahan", "pensiun"): Step.PENSIUN,
    ("inaproc", None): Step.IGNORE,
}


def step_for(fact: AccountRequestApprovedV1) -> Step | None:
    """The step an approved request asks for; None for a change that names no kind of change."""
    return STEPS.get((fact.kind, fact.change_kind if fact.kind == "perubahan" else None))


def access_ends_at(access_until: date, zone: str) -> datetime:
    """The instant an auditor's access ends: the start of the day after its last day, in the LPSE's zone (UTC)."""
    next_day = datetime.combine(access_until + timedelta(days=1), time(0), tzinfo=ZoneInfo(zone))
    return next_day.astimezone(UTC)


def access_ended(account: Account, now: datetime) -> bool:
    """Whether an account's period of access is over (it signs in no more, whatever its status says)."""
    return account.expires_at is not None and now >= account.expires_at


def _envelope(fact: AccountRequestApprovedV1, now: datetime) -> dict[str, object]:
    return {
        "occurred_at": now,
        "lpse": fact.lpse,
        "correlation_id": fact.correlation_id,
        "causation_id": fact.event_id,
        "actor": fact.actor,
    }


def refused(fact: AccountRequestApprovedV1, reason: str, *, now: datetime) -> Decided[None]:
    """Nothing is stored; the helpdesk hears why."""
    answer = InternalAccountRefusedV1(
        **_envelope(fact, now), request_id=fact.case_id, username=fact.username, reason=reason
    )
    audit = AuditEntry(now, fact.actor, ENTITY, fact.username, "internal_refused", None, None, reason)
    return Decided(None, (answer,), audit)


def new_account(fact: AccountRequestApprovedV1, *, account_id: uuid.UUID, zone: str) -> Account | str:
    """The account an approved 'akun_baru' or 'auditor' request makes, or the reason it cannot be made."""
    if fact.staff_role is None:
        return NO_ROLE
    if fact.staff_role in PLATFORM_ROLES:
        return NOT_BY_REQUEST
    expires_at = None
    if fact.kind == "auditor":
        if fact.access_until is None:
            return NO_PERIOD
        expires_at = access_ends_at(fact.access_until, zone)
    return Account(
        account_id=account_id,
        username=fact.username,
        name=fact.person_name,
        full_name=fact.person_name,
        grants=(StaffGrant(role=fact.staff_role, lpse=fact.lpse),),
        email=str(fact.account_email) if fact.account_email else None,
        request_id=fact.case_id,
        request_reference=fact.reference,
        expires_at=expires_at,
    )


def created(
    fact: AccountRequestApprovedV1, account: Account, *, set_password_url: str | None, now: datetime
) -> Decided[Account]:
    """The new account exists from now on; the person sets a password by the sealed link."""
    answer = InternalAccountCreatedV1(
        **_envelope(fact, now),
        account_id=account.account_id,
        username=account.username,
        request_id=fact.case_id,
        name=account.name,
        role=account.grants[0].role,
        email=account.email,
        set_password_url=set_password_url,
        expires_at=account.expires_at,
    )
    until = f"akses sampai {account.expires_at.isoformat()}" if account.expires_at else None
    audit = AuditEntry(now, fact.actor, ENTITY, account.username, "created", None, grants_text(account.grants), until)
    return Decided(account, (answer,), audit)


def email_changed(fact: AccountRequestApprovedV1, account: Account, *, now: datetime) -> Decided[Account]:
    """DPK-2e 'penggantian email': the account keeps everything but its address."""
    new = replace(account, email=str(fact.account_email))
    answer = InternalAccountChangedV1(
        **_envelope(fact, now),
        account_id=account.account_id,
        username=account.username,
        request_id=fact.case_id,
        change="email",
        email=new.email,
    )
    audit = AuditEntry(
        now, fact.actor, ENTITY, account.username, "email", email_text(account.email), email_text(new.email)
    )
    return Decided(new, (answer,), audit)


def without_lpse(grants: tuple[StaffGrant, ...], lpse: str) -> tuple[StaffGrant, ...]:
    """The roles a mutasi leaves: those held in other LPSEs."""
    return sorted_grants([g for g in grants if g.lpse != lpse])


def deactivated(
    account: Account,
    reason: DeactivationReason,
    *,
    lpse: str,
    sessions_ended: int,
    now: datetime,
    fact: AccountRequestApprovedV1 | None = None,
) -> Decided[Account]:
    """The account signs in no more (a mutasi that leaves roles elsewhere keeps those); its history stays."""
    grants = without_lpse(account.grants, lpse) if reason == "mutasi" else account.grants
    status = AccountStatus.ACTIVE if reason == "mutasi" and grants else AccountStatus.DISABLED
    new = replace(account, grants=grants, status=status)
    envelope = (
        _envelope(fact, now)
        if fact is not None
        else {"occurred_at": now, "lpse": lpse, "correlation_id": account.account_id, "actor": PLATFORM}
    )
    answer = InternalAccountDeactivatedV1(
        **envelope,
        account_id=account.account_id,
        username=account.username,
        request_id=fact.case_id if fact is not None else None,
        reason=reason,
        sessions_ended=sessions_ended,
        email=account.email,
    )
    actor = fact.actor if fact is not None else PLATFORM
    before = f"{account.status.value}; {grants_text(account.grants)}"
    after = f"{status.value}; {grants_text(grants)}"
    audit = AuditEntry(
        now, actor, ENTITY, account.username, f"deactivated_{reason}", before, after, f"{sessions_ended} sesi diakhiri"
    )
    return Decided(new, (answer,), audit)


def change_refusal(fact: AccountRequestApprovedV1, account: Account | None, step: Step) -> str | None:
    """Why a 'perubahan' cannot be applied to this account, or None when it can."""
    if account is None:
        return UNKNOWN_ACCOUNT
    if step is Step.CHANGE_EMAIL and fact.account_email is None:
        return NO_EMAIL
    if step is Step.MUTASI and all(g.lpse != fact.lpse for g in account.grants):
        return NOT_HERE
    return None


def expiry_due(account: Account | None, fire_at: datetime, now: datetime) -> bool:
    """Whether an expiry timer still has something to end: a late or repeated one finds the account ended."""
    return (
        account is not None
        and account.status is AccountStatus.ACTIVE
        and account.expires_at == fire_at
        and access_ended(account, now)
    )
