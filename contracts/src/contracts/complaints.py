"""Facts about complaints (pengaduan), owned by the helpdesk service.

No complaint text, name or address travels on the bus: those stay in helpdesk's tables and the emails link to the
complainant's status page (a sealed `status_url`). The facts carry identifiers, flags and due instants only.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field

from contracts.envelope import Event, Language

ComplaintChannel = Literal["web", "datang_langsung", "surat", "email", "telepon"]
"""How the complaint reached the LPSE: the public form, or recorded by staff."""

ContentCode = Literal["a", "b", "c", "d"]
"""An item of a complaint's required content (Banjarmasin Perwali 67/2018 Pasal 8 ayat (4) huruf a–d)."""


class ClockDue(BaseModel):
    """One clock running on a complaint and when it falls due."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=40)
    label: str = Field(min_length=1, max_length=120)
    due_at: AwareDatetime


class ComplaintFact(Event):
    """What every complaint fact carries: which complaint, and where its complainant reads and is written to."""

    complaint_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    service_id: str = Field(min_length=1, max_length=20)
    complainant_email: EmailStr | None = None
    language: Language = "id"
    status_url: str = Field(min_length=1, max_length=2000, description="the status page, sealed for the notifier")


class ComplaintReceivedV1(ComplaintFact):
    """A complaint was received; its clocks started. A late one (past the LPSE's window) is flagged, not refused."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.complaint.received.v1"

    service_received_on: date
    late: bool
    days_since_service: int = Field(ge=0)
    window_days: int | None = Field(default=None, gt=0)
    channel: ComplaintChannel = "web"
    dues: tuple[ClockDue, ...] = ()


class ComplaintAcknowledgedV1(ComplaintFact):
    """The first answer: whether the complaint's content is complete (Pasal 8 ayat (5)), and what is missing."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.complaint.acknowledged.v1"

    content_complete: bool
    missing: tuple[ContentCode, ...] = ()


class ComplaintCompletedV1(ComplaintFact):
    """The complainant supplied what was missing; the response clock runs again."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.complaint.completed.v1"

    dues: tuple[ClockDue, ...] = ()


class ComplaintEscalatedV1(ComplaintFact):
    """The complaint went to the next level of its LPSE's chain."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.complaint.escalated.v1"

    from_label: str = Field(min_length=1, max_length=120)
    to_label: str = Field(min_length=1, max_length=120)
    to_role: str = Field(min_length=1, max_length=40)


class ComplaintRespondedV1(ComplaintFact):
    """The LPSE gave its response (the text stays in helpdesk; the complainant reads it on the status page)."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.complaint.responded.v1"

    within_deadline: bool | None = Field(description="None: no response clock runs for this LPSE")


class ComplaintResolvedV1(ComplaintFact):
    """The complaint is settled; the complainant is invited to the satisfaction survey."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.complaint.resolved.v1"

    survey_url: str | None = Field(default=None, max_length=2000, description="the SKM survey, sealed")


class _ComplaintDeadlineFact(ComplaintFact):
    clock: str = Field(min_length=1, max_length=40)
    clock_label: str = Field(min_length=1, max_length=120)
    due_at: AwareDatetime


class ComplaintDeadlineApproachingV1(_ComplaintDeadlineFact):
    """80 % of a complaint clock's time is used."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.complaint.deadline_approaching.v1"


class ComplaintDeadlineBreachedV1(_ComplaintDeadlineFact):
    """A complaint clock's deadline passed before its answer was given."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.complaint.deadline_breached.v1"


COMPLAINT_EVENTS: tuple[type[Event], ...] = (
    ComplaintReceivedV1,
    ComplaintAcknowledgedV1,
    ComplaintCompletedV1,
    ComplaintEscalatedV1,
    ComplaintRespondedV1,
    ComplaintResolvedV1,
    ComplaintDeadlineApproachingV1,
    ComplaintDeadlineBreachedV1,
)
