"""Facts owned by the identity service: staff accounts, their roles per LPSE, their state. Never a secret."""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

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
]
"""The staff roles a person can hold in an LPSE (or in every LPSE: '*')."""

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
