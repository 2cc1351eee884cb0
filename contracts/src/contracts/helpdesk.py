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


class TicketOpenedV1(Event):
    """Someone reported a problem to the LPSE helpdesk."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.ticket.opened.v1"

    ticket_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    category: TicketCategory
    summary: str = Field(min_length=1, max_length=200)
    reporter_email: EmailStr
    language: Language = "id"


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
