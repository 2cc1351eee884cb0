"""What the ticket pages show, as plain data: the ticket, its conversation, files, trail in words and deadline."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from helpdesk.domain.ticket import Ticket, Trigger

ClockState = Literal["berjalan", "dihentikan_sementara", "di_lkpp", "berhenti", "tanpa_batas"]

MESSAGE_LABEL: dict[str, str] = {
    "balasan_petugas": "Balasan petugas",
    "balasan_pelapor": "Balasan pelapor",
    "permintaan_info": "Permintaan informasi tambahan",
    "catatan_internal": "Catatan internal (tidak terlihat pelapor)",
    "alasan_eskalasi": "Alasan eskalasi (internal)",
    "catatan_lkpp": "Catatan yang diteruskan ke LKPP",
    "jawaban_lkpp": "Jawaban LKPP",
    "penyelesaian": "Penyelesaian",
    "alasan_buka_kembali": "Alasan membuka kembali",
    "alasan_penutupan": "Keterangan penutupan",
}
STAFF_ONLY = frozenset({"catatan_internal", "alasan_eskalasi", "catatan_lkpp"})


@dataclass(frozen=True)
class MessageView:
    """One entry of the conversation."""

    id: uuid.UUID
    kind: str
    kind_label: str
    author: str
    body: str
    at: datetime
    internal: bool


@dataclass(frozen=True)
class AttachmentView:
    """One attachment, for its download link (`n`)."""

    n: int
    filename: str
    content_type: str
    size: int
    size_text: str
    sha256: str


@dataclass(frozen=True)
class TrailEntry:
    """One audit row in words: 'helpdesk.depok (helpdesk) mengklaim tiket'."""

    at: datetime
    actor_id: str
    actor_role: str
    words: str


@dataclass(frozen=True)
class ClockView:
    """The deadline as a person reads it: running with time left, paused, at LKPP, stopped, or none."""

    state: ClockState
    due_at: datetime | None
    text: str
    deadline_text: str


@dataclass(frozen=True)
class TicketView:
    """A ticket's page: for staff (with internal notes and the trail) or for the reporter (without them)."""

    ticket: Ticket
    description: str
    reporter_name: str
    reporter_phone: str
    reporter_role_label: str
    channel: str
    channel_label: str
    status_label: str
    messages: tuple[MessageView, ...]
    attachments: tuple[AttachmentView, ...]
    trail: tuple[TrailEntry, ...]
    clock: ClockView
    next_step_label: str | None  # 'Eskalasi ke Admin PPE'; None where the ladder ends
    triggers: tuple[Trigger, ...]  # what this viewer may do now
    lkpp_note: str
    zone_label: str
    time_zone: str
    rating: int | None


@dataclass(frozen=True)
class QueueRow:
    """One line of a desk's queue."""

    id: uuid.UUID
    reference: str
    category_label: str
    reporter_role_label: str
    status_label: str
    holder: str | None
    level: str
    due_at: datetime | None
    clock_text: str
    opened_at: datetime


@dataclass(frozen=True)
class QueuePage:
    """One keyset page of a queue: open first, nearest running deadline, oldest."""

    rows: tuple[QueueRow, ...]
    next_after: str | None  # the cursor of the next page, None on the last
