"""Facts owned by the helpdesk service."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import ClassVar

from pydantic import EmailStr, Field

from contracts.envelope import Event, Language


class TicketCategory(StrEnum):
    """What a ticket is about (Depok DPK-1c, Banjarmasin BJM-7, Temanggung TMG-9)."""

    SPSE_PROBLEM = "masalah_spse"
    ACCOUNT = "akun_penyedia"
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
