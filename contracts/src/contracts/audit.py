"""The audit chain's head, published outside the database so that a rewrite of the table is detected."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from contracts.envelope import Event

PLATFORM = "platform"
"""The `lpse` of an anchor: one service's chain records every LPSE's decisions, so it belongs to none of them."""


class AuditHeadAnchoredV1(Event):
    """A service's audit log held `rows` rows, the last being `last_id` with hash `last_hash` (kept for years)."""

    subject_template: ClassVar[str] = "audit.{lpse}.chain.anchored.v1"

    audit_schema: str = Field(pattern=r"^[a-z][a-z0-9_]{1,62}$")
    last_id: int = Field(ge=1)
    last_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    rows: int = Field(ge=1)

    @property
    def subject(self) -> str:
        """One subject per service's chain (not per LPSE), so the latest anchor of each is found directly."""
        return anchor_subject(self.audit_schema)


def anchor_subject(schema: str) -> str:
    """The subject a service's chain head is anchored on."""
    return AuditHeadAnchoredV1.subject_template.replace("{lpse}", schema)
