"""Facts owned by the identity service: staff accounts, their roles per LPSE, their state. Never a secret."""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field

from contracts.envelope import Event

StaffRole = Literal[
    "verifikator",
    "kepala_lpse",
    "helpdesk",
    "admin_ppe",
    "admin_agency",
    "operator",
    "auditor",
    "admin_platform",
    "ppk",
    "pokja",
    "pejabat_pengadaan",
    "pa",
    "auditor_paket",
]
"""The staff roles a person can hold in an LPSE (or in every LPSE: '*').

`auditor` is the LPSE's own auditor (reads every case); `auditor_paket` is an APIP/APH auditor given access
(DPK-3a) to the tenders and the period named in its request only. `ppk`, `pokja`, `pejabat_pengadaan` and `pa` are
the internal users of SPSE whose accounts the Admin Agency makes (DPK-2a, TMG-2)."""

EVERY_LPSE = "*"
# The subject LPSE of a fact about an account whose roles span several LPSEs or the whole platform.
PLATFORM_LPSE = "platform"

AccountChange = Literal["roles", "disabled", "enabled", "email"]


class StaffGrant(BaseModel):
    """One role held in one LPSE ('*': every LPSE)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: StaffRole
    lpse: str = Field(pattern=r"^(\*|[a-z][a-z0-9_]{1,31})$")


class StaffAccountCreatedV1(Event):
    """A staff account exists, with these roles; it can sign in once its password is set."""

    subject_template: ClassVar[str] = "identity.{lpse}.staff_account.created.v1"

    account_id: uuid.UUID
    username: str = Field(min_length=1, max_length=80)
    name: str = Field(min_length=1, max_length=120)
    grants: tuple[StaffGrant, ...]
    email: EmailStr | None = Field(default=None, description="the official address deadline breaches reach")


class StaffAccountChangedV1(Event):
    """A staff account's roles changed, or it was disabled or enabled; the account's state after the change."""

    subject_template: ClassVar[str] = "identity.{lpse}.staff_account.changed.v1"

    account_id: uuid.UUID
    username: str = Field(min_length=1, max_length=80)
    change: AccountChange
    grants: tuple[StaffGrant, ...]
    active: bool
    sessions_ended: int = Field(default=0, ge=0)
    email: EmailStr | None = Field(default=None, description="the official address on record after the change")


class StaffPasswordChangedV1(Event):
    """A staff account's password was set or changed; every other session of it ended. Carries no secret."""

    subject_template: ClassVar[str] = "identity.{lpse}.staff_account.password_changed.v1"

    account_id: uuid.UUID
    username: str = Field(min_length=1, max_length=80)
    sessions_ended: int = Field(ge=0)


DeactivationReason = Literal["mutasi", "pensiun", "masa_akses_berakhir"]
"""Why an internal account ended: a move to another post, retirement (DPK-2e), or the end of an auditor's period."""


class InternalAccountFact(Event):
    """An account made or changed on an internal-account request of the helpdesk (correlation: the request)."""

    account_id: uuid.UUID
    username: str = Field(min_length=1, max_length=80)
    request_id: uuid.UUID | None = Field(default=None, description="None: the platform acted on its own (expiry)")


class InternalAccountCreatedV1(InternalAccountFact):
    """Identity created the account the request asked for; the person sets a password by the sealed link."""

    subject_template: ClassVar[str] = "identity.{lpse}.internal_account.created.v1"

    name: str = Field(min_length=1, max_length=120)
    role: StaffRole
    email: EmailStr | None = None
    set_password_url: str | None = Field(
        default=None, min_length=1, max_length=2000, description="sealed; None without an address to send it to"
    )
    expires_at: AwareDatetime | None = Field(default=None, description="auditor: when access ends by itself")


class InternalAccountRefusedV1(Event):
    """Identity could not act on an approved request (the username is taken, the account to change is unknown)."""

    subject_template: ClassVar[str] = "identity.{lpse}.internal_account.refused.v1"

    request_id: uuid.UUID
    username: str = Field(min_length=1, max_length=80)
    reason: str = Field(min_length=1, max_length=500)


class InternalAccountChangedV1(InternalAccountFact):
    """Identity applied a DPK-2e change that keeps the account (a new email)."""

    subject_template: ClassVar[str] = "identity.{lpse}.internal_account.changed.v1"

    change: Literal["email"]
    email: EmailStr | None = None


class InternalAccountDeactivatedV1(InternalAccountFact):
    """The account can no longer sign in (mutasi, pensiun, or an auditor's period ended); its history stays."""

    subject_template: ClassVar[str] = "identity.{lpse}.internal_account.deactivated.v1"

    reason: DeactivationReason
    sessions_ended: int = Field(default=0, ge=0)
    email: EmailStr | None = Field(default=None, description="the account's address on record: where the notice goes")


INTERNAL_ACCOUNT_EVENTS: tuple[type[Event], ...] = (
    InternalAccountCreatedV1,
    InternalAccountRefusedV1,
    InternalAccountChangedV1,
    InternalAccountDeactivatedV1,
)
