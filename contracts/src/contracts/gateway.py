"""Facts owned by the gateway: what the external parties (LKPP, BSSN) made of what the LPSE sent them."""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import Field

from contracts.envelope import Event
from contracts.forensic import ExternalParty


class TicketForwardedV1(Event):
    """LKPP accepted a ticket the helpdesk escalated to it, and gave it its own number."""

    subject_template: ClassVar[str] = "gateway.{lpse}.ticket.forwarded.v1"

    ticket_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    escalation_event_id: uuid.UUID
    lkpp_ref: str = Field(min_length=1, max_length=60)
    attempts: int = Field(ge=1)


class TicketForwardRefusedV1(Event):
    """LKPP refused an escalated ticket outright (a 4xx that retrying cannot change)."""

    subject_template: ClassVar[str] = "gateway.{lpse}.ticket.forward_refused.v1"

    ticket_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    escalation_event_id: uuid.UUID
    http_status: int = Field(ge=400, le=499)
    reason: str = Field(default="", max_length=500)
    attempts: int = Field(ge=1)


class ForensicForwardedV1(Event):
    """LKPP or BSSN accepted a forensic test the helpdesk escalated, and gave it its own number."""

    subject_template: ClassVar[str] = "gateway.{lpse}.forensic.forwarded.v1"

    case_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    escalation_event_id: uuid.UUID
    party: ExternalParty
    external_ref: str = Field(min_length=1, max_length=60)
    attempts: int = Field(ge=1)


class ForensicAnsweredV1(Event):
    """LKPP or BSSN answered a forensic test by its signed callback: its finding, as the party wrote it."""

    subject_template: ClassVar[str] = "gateway.{lpse}.forensic.answered.v1"

    case_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    party: ExternalParty
    external_ref: str = Field(min_length=1, max_length=60)
    finding: str = Field(min_length=1, max_length=4000)


class ForensicForwardRefusedV1(Event):
    """LKPP or BSSN refused a forensic escalation outright (a 4xx that retrying cannot change)."""

    subject_template: ClassVar[str] = "gateway.{lpse}.forensic.forward_refused.v1"

    case_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    escalation_event_id: uuid.UUID
    party: ExternalParty
    http_status: int = Field(ge=400, le=499)
    reason: str = Field(default="", max_length=500)
    attempts: int = Field(ge=1)


ProviderChange = Literal["changed", "deactivated", "reactivated"]
"""Which fact of an aggregated provider account the gateway forwarded to LKPP (`verification.<lpse>.account.*`)."""


class _ProviderChangeFact(Event):
    """Which account's change, from which of verification's facts, after how many attempts."""

    provider_id: uuid.UUID
    user_id: str = Field(min_length=3, max_length=40)
    change: ProviderChange
    change_event_id: uuid.UUID = Field(description="the event id of verification's fact, forwarded under it")
    request_id: uuid.UUID | None = Field(default=None, description="the approved request, when one made the change")
    request_reference: str | None = Field(default=None, max_length=40)
    attempts: int = Field(ge=1)


class ProviderChangeForwardedV1(_ProviderChangeFact):
    """LKPP accepted a change of an aggregated provider account, and gave it its own number."""

    subject_template: ClassVar[str] = "gateway.{lpse}.provider_change.forwarded.v1"

    lkpp_ref: str = Field(min_length=1, max_length=60)


class ProviderChangeForwardRefusedV1(_ProviderChangeFact):
    """LKPP refused a change of an aggregated provider account outright (a 4xx that retrying cannot change)."""

    subject_template: ClassVar[str] = "gateway.{lpse}.provider_change.forward_refused.v1"

    http_status: int = Field(ge=400, le=499)
    reason: str = Field(default="", max_length=500)
