"""Facts owned by the helpdesk service."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import AwareDatetime, EmailStr, Field

from contracts.envelope import Event, Language

TicketLevel = Literal["helpdesk", "admin_ppe", "lkpp"]
"""The rung of the ladder a ticket is on: the LPSE's Helpdesk, its Admin PPE (Banjarmasin: Admin Sistem), LKPP."""

ReporterRole = Literal["penyedia", "ppk", "pokja", "pp"]
"""Who reported: a provider, a PPK, a Pokja Pemilihan member or a Pejabat Pengadaan (the users of SPSE)."""


class TicketCategory(StrEnum):
    """What a ticket is about (Depok DPK-1c, 2c, 2d; Banjarmasin BJM-7; Temanggung TMG-9)."""

    SPSE_PROBLEM = "masalah_spse"
    ACCOUNT = "akun_penyedia"
    REGISTRATION = "registrasi"
    SCHEDULE_CHANGE = "ubah_jadwal"
    FORENSIC_TEST = "uji_forensik"
    INTERNAL_ACCOUNT = "akun_internal"
    OTHER = "lainnya"


TicketCloseReason = Literal["selesai", "duplikat", "di_luar_layanan", "tidak_ada_tanggapan", "batas_buka_kembali"]
"""Why a ticket closed: solved and confirmed, a duplicate, outside the desk's service, no answer, reopen window over."""

LkppResult = Literal["selesai", "dikembalikan"]
"""What LKPP made of a ticket: solved, or handed back to the LPSE."""

_STATUS_URL = Field(min_length=1, max_length=2000, description="the reporter's status page, sealed for the notifier")


class TicketOpenedV1(Event):
    """Someone reported a problem to the LPSE helpdesk (on the public form, or through staff at the counter)."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.opened.v1"

    ticket_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    category: TicketCategory
    summary: str = Field(min_length=1, max_length=200)
    reporter_email: EmailStr | None = Field(default=None, description="None: a walk-in or phone report without one")
    language: Language = "id"
    service_id: str | None = Field(default=None, max_length=40, description="the service whose clock runs")
    level: TicketLevel | None = None
    status_url: str | None = Field(default=None, max_length=2000, description="sealed, like every private link")
    reporter_role: ReporterRole | None = None
    channel: str | None = Field(default=None, max_length=40, description="how it came in: web, or what staff recorded")
    opened_by: str | None = Field(default=None, max_length=120, description="'pelapor', or the staff member's id")
    due_at: AwareDatetime | None = None
    deadline_text: str | None = Field(default=None, max_length=500, description="the standard's wording, or its note")
    attachment_count: int | None = Field(default=None, ge=0, le=3)


class TicketFact(Event):
    """What every later fact of a ticket says about it, so the notifier can write to the reporter."""

    ticket_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    category: TicketCategory
    service_id: str | None = Field(default=None, max_length=40)
    level: TicketLevel
    reporter_email: EmailStr | None = None
    language: Language = "id"
    status_url: str = _STATUS_URL


class TicketClaimedV1(TicketFact):
    """A desk took the ticket up (the first claim at a level)."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.claimed.v1"

    staff_id: str = Field(min_length=1, max_length=120)
    level_label: str = Field(min_length=1, max_length=120)


class TicketRepliedV1(TicketFact):
    """A reply was written on the ticket (its text stays in the helpdesk: the email links to the status page)."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.replied.v1"

    message_id: uuid.UUID
    by: Literal["petugas", "pelapor"]
    due_at: AwareDatetime | None = Field(
        default=None, description="the clock's due once the reporter's reply resumed it"
    )


class TicketInfoRequestedV1(TicketFact):
    """The desk asked the reporter for what is missing; the ticket's clock waits."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.info_requested.v1"

    message_id: uuid.UUID
    paused_remaining_seconds: float | None = None


class TicketAnsweredByLkppV1(TicketFact):
    """LKPP answered a forwarded ticket (by its callback, through the gateway's refusal, or as staff recorded)."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.answered_by_lkpp.v1"

    lkpp_ref: str | None = Field(default=None, max_length=60)
    result: LkppResult
    source: Literal["callback", "petugas", "gateway"]


class TicketResolvedV1(TicketFact):
    """The desk solved the ticket; the reporter may reopen it until `reopen_until`."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.resolved.v1"

    resolved_level: TicketLevel
    within_deadline: bool | None = Field(description="None: no clock ran on it")
    reopen_until: AwareDatetime


class TicketReopenedV1(TicketFact):
    """The reporter reopened a resolved ticket; a fresh clock runs."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.reopened.v1"

    reopen_count: int = Field(ge=1)
    due_at: AwareDatetime | None = None


class TicketClosedV1(TicketFact):
    """The ticket is closed; the reporter is invited to rate it and to the satisfaction survey."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.closed.v1"

    closed_by: Literal["pelapor", "petugas", "sistem"]
    reason: TicketCloseReason
    survey_url: str | None = Field(default=None, max_length=2000, description="the SKM invitation, sealed")


class TicketRatedV1(TicketFact):
    """The reporter rated the handling of a closed ticket (the comment stays in the helpdesk)."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.rated.v1"

    rating: int = Field(ge=1, le=5)


class TicketDeadlineApproachingV1(TicketFact):
    """80 % of a ticket's clock is used."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.deadline_approaching.v1"

    clock: str = Field(min_length=1, max_length=40)
    clock_label: str = Field(min_length=1, max_length=120)
    due_at: AwareDatetime


class TicketDeadlineBreachedV1(TicketFact):
    """A ticket's clock ran out before the desk solved it or sent it on to LKPP."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.deadline_breached.v1"

    clock: str = Field(min_length=1, max_length=40)
    clock_label: str = Field(min_length=1, max_length=120)
    due_at: AwareDatetime


class TicketEscalatedV1(Event):
    """A ticket went one rung up its LPSE's ladder; to LKPP, the gateway forwards it."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.escalated.v1"

    ticket_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    category: TicketCategory
    from_level: TicketLevel
    to_level: TicketLevel
    to_label: str = Field(min_length=1, max_length=120)
    due_at: AwareDatetime | None = None
    clock_note: str = Field(default="", max_length=500)
    summary: str | None = Field(default=None, max_length=200)
    lkpp_note: str | None = Field(default=None, max_length=2000)
    reporter_role: ReporterRole | None = None
    opened_at: datetime | None = None
    service_id: str | None = Field(default=None, max_length=40)
    reporter_email: EmailStr | None = None
    language: Language = "id"
    status_url: str | None = Field(default=None, max_length=2000, description="sealed, like every private link")
