"""The provider's own password, pure: a one-time link's use, the form that sets it, and the decision it records."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ConfigDict, Field, ValidationInfo, field_validator

from contracts.envelope import Actor
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.formmodel import FormModel, refuse

MIN_PASSWORD = 10


@dataclass(frozen=True)
class PasswordLink:
    """A one-time set-password link as stored (its token only as a digest): activation's or a reset's."""

    token_hash: str
    provider_id: uuid.UUID
    user_id: str
    purpose: str  # "activation" (72 hours, sent with the user ID) or "reset" (2 hours, "lupa kata sandi")
    expires_at: datetime
    used_at: datetime | None

    def usable(self, now: datetime) -> bool:
        """Not spent and not expired."""
        return self.used_at is None and self.expires_at > now


@dataclass(frozen=True)
class NewPassword:
    """What setting a password stores: the hash on the account, and every open link of the account spent."""

    provider_id: uuid.UUID
    token_hash: str
    password_hash: str
    at: datetime


class SetPasswordForm(FormModel):
    """The new password, typed twice; the first problem found is the one shown."""

    model_config = ConfigDict(str_strip_whitespace=False)  # a password is kept exactly as typed

    password: str = Field(default="", max_length=1000, validate_default=True)  # missing: a too-short password
    repeat: str = Field(default="", max_length=1000, validate_default=True)

    @field_validator("password")
    @classmethod
    def long_enough(cls, value: str) -> str:
        """The standard's minimum is shown on the page beside the field."""
        if len(value) < MIN_PASSWORD:
            raise refuse(f"Kata sandi minimal {MIN_PASSWORD} karakter.")
        return value

    @field_validator("repeat")
    @classmethod
    def same_twice(cls, value: str, info: ValidationInfo) -> str:
        """Checked only once the password itself is acceptable, so one message is shown at a time."""
        data: dict[str, Any] = info.data
        if "password" in data and value != data["password"]:
            raise refuse("Kedua kata sandi tidak sama.")
        return value


def decide_password(link: PasswordLink, password_hash: str, now: datetime) -> Decided[NewPassword] | None:
    """The password set through a usable link, with its audit row; None when the link is spent or expired."""
    if not link.usable(now):
        return None
    audit = AuditEntry(
        at=now,
        actor=Actor(id=link.user_id, role="penyedia"),
        entity="provider",
        entity_id=str(link.provider_id),
        action="set_password",
        before=None,
        after="password_set",
    )
    return Decided(NewPassword(link.provider_id, link.token_hash, password_hash, now), audit=audit)
