"""The guards of a ticket's steps, in the order their refusals reach people."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from helpdesk.domain.attempt import Attempt
from helpdesk.domain.ladder import next_step, no_lkpp_step_message, no_local_step_message
from helpdesk.domain.ticket import (
    DESK_TRIGGERS,
    HOLDER_TRIGGERS,
    LEVEL_ROLE,
    REPORTER_TRIGGERS,
    Ticket,
    TicketStatus,
    Trigger,
)
from lpse_runtime.text import identifier_problem

Guard = Callable[[Ticket, Attempt], str | None]
T = Trigger
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")  # fmt: skip
TEXT_NEEDED: dict[Trigger, str] = {
    T.REPLY: "Tuliskan balasan untuk pelapor.",
    T.NOTE: "Tuliskan catatan internal.",
    T.REQUEST_INFO: "Tuliskan informasi yang diperlukan dari pelapor.",
    T.REPORTER_REPLY: "Tuliskan balasan Anda.",
    T.ESCALATE: "Tuliskan alasan eskalasi.",
    T.FORWARD_TO_LKPP: "Tuliskan alasan eskalasi.",
    T.RESOLVE: "Tuliskan penyelesaian permasalahan.",
    T.REOPEN: "Tuliskan alasan membuka kembali.",
}
LKPP_NOTE_REFUSED = "Catatan untuk LKPP 20 sampai 2000 karakter."


def local_time(moment: datetime, zone: ZoneInfo, zone_label: str) -> str:
    """'24 Agustus 2026 14.30 WITA'."""
    local = moment.astimezone(zone)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} {local:%H.%M} {zone_label}"


def reporter_only(ticket: Ticket, attempt: Attempt) -> str | None:
    """The reporter's steps are the reporter's; the desk's are staff's (LKPP only answers)."""
    trigger = attempt.trigger
    if trigger in REPORTER_TRIGGERS and not attempt.by_reporter:
        return "Hanya pelapor yang dapat melakukan tindakan ini dari halaman status laporan."
    if attempt.by_reporter and trigger not in REPORTER_TRIGGERS and trigger is not T.CLOSE:
        return "Tindakan ini hanya untuk petugas helpdesk."
    if attempt.actor.role == "lkpp" and trigger is not T.LKPP_ANSWER:
        return "LKPP hanya mengirim jawaban atas tiket yang diteruskan kepadanya."
    if trigger is T.CLOSE and ticket.status is not TicketStatus.RESOLVED and not attempt.by_staff:
        return "Laporan dapat ditutup pelapor setelah ditandai selesai oleh helpdesk."
    return None


def role_serves_level(ticket: Ticket, attempt: Attempt) -> str | None:
    """A desk step is taken by the role serving the ticket's level (LKPP's answer: the level that forwarded it)."""
    if attempt.trigger not in DESK_TRIGGERS or not attempt.by_staff:
        return None
    level = ticket.forwarded_from if attempt.trigger is T.LKPP_ANSWER else ticket.level
    if level is not None and LEVEL_ROLE.get(level) == attempt.actor.role:
        return None
    label = next((s.label for s in attempt.ladder if s.level == level), ticket.level_label)
    return f"Tiket ini di antrean {label}."


def own_lpse(ticket: Ticket, attempt: Attempt) -> str | None:
    """Staff act on their own LPSE's tickets only."""
    if not attempt.by_staff or ticket.lpse in attempt.actor_lpses or "*" in attempt.actor_lpses:
        return None
    return "Tiket ini milik LPSE lain."


def ladder_step(ticket: Ticket, attempt: Attempt) -> str | None:
    """An escalation goes where the ladder says: the next local level, or LKPP."""
    step = next_step(attempt.ladder, ticket.level)
    service = attempt.service_id or "standar pelayanan"
    if attempt.trigger is T.ESCALATE and (step is None or step.level == "lkpp"):
        return no_local_step_message(attempt.ladder, ticket.level, attempt.lpse_name, service)
    if attempt.trigger is T.FORWARD_TO_LKPP and (step is None or step.level != "lkpp"):
        return no_lkpp_step_message(attempt.ladder, ticket.level, attempt.lpse_name)
    return None


def lease(ticket: Ticket, attempt: Attempt) -> str | None:
    """A ticket someone works on is claimed from them only once their 30-minute lease ran out."""
    if attempt.trigger is not T.CLAIM or ticket.status is not TicketStatus.IN_PROGRESS:
        return None
    if ticket.holder in (None, attempt.actor.id) or (ticket.lease_until and ticket.lease_until <= attempt.now):
        return None
    return f"Tiket ini sedang dikerjakan {ticket.holder}."


def holder(ticket: Ticket, attempt: Attempt) -> str | None:
    """Only the holder works a claimed ticket."""
    if attempt.trigger not in HOLDER_TRIGGERS or ticket.holder == attempt.actor.id:
        return None
    if ticket.holder is None:
        return "Klaim tiket ini terlebih dahulu."
    return f"Tiket ini sedang dikerjakan {ticket.holder}."


def text_required(ticket: Ticket, attempt: Attempt) -> str | None:
    """A step that writes something needs it written; a staff close names its reason."""
    needed = TEXT_NEEDED.get(attempt.trigger)
    if needed is not None and not (attempt.text or "").strip():
        return needed
    if attempt.trigger is T.LKPP_ANSWER and attempt.result is None:
        return "Pilih hasil jawaban LKPP."
    staff_close = attempt.trigger is T.CLOSE and attempt.by_staff and ticket.status is not TicketStatus.RESOLVED
    if staff_close and attempt.close_reason not in ("duplikat", "di_luar_layanan", "tidak_ada_tanggapan"):
        return "Pilih alasan menutup tiket yang belum selesai."
    if attempt.trigger is T.RATE and attempt.rating not in (1, 2, 3, 4, 5):
        return "Pilih nilai 1 sampai 5."
    return None


def no_identifiers(ticket: Ticket, attempt: Attempt) -> str | None:
    """What goes to LKPP on the bus holds no NIK/NPWP, within 20–2000 characters."""
    if attempt.trigger is not T.FORWARD_TO_LKPP:
        return None
    note = (attempt.lkpp_note or "").strip()
    if not 20 <= len(note) <= 2000:
        return LKPP_NOTE_REFUSED
    return identifier_problem(note)


def reopen_window(ticket: Ticket, attempt: Attempt) -> str | None:
    """A resolved ticket reopens only until its reopen window closes."""
    if attempt.trigger is not T.REOPEN or (ticket.reopen_until and attempt.now < ticket.reopen_until):
        return None
    until = local_time(ticket.reopen_until, attempt.zone, attempt.zone_label) if ticket.reopen_until else "-"
    return f"Batas membuka kembali telah lewat pada {until}."


def rating_once_and_window(ticket: Ticket, attempt: Attempt) -> str | None:
    """A closed ticket is rated once, within the profile's days after closing (once: the table has no rated → rate)."""
    if attempt.trigger is not T.RATE or ticket.closed_at is None:
        return None
    if attempt.now <= ticket.closed_at + timedelta(days=attempt.rating_window_days):
        return None
    return f"Batas memberi penilaian telah lewat ({attempt.rating_window_days} hari setelah tiket ditutup)."


GUARDS: tuple[tuple[str, Guard], ...] = (
    ("reporter_only", reporter_only),
    ("role_serves_level", role_serves_level),
    ("own_lpse", own_lpse),
    ("ladder_step", ladder_step),
    ("lease", lease),
    ("holder", holder),
    ("text_required", text_required),
    ("no_identifiers", no_identifiers),
    ("reopen_window", reopen_window),
    ("rating_once_and_window", rating_once_and_window),
)


def first_refusal(ticket: Ticket, attempt: Attempt, *, skip: frozenset[str] = frozenset()) -> str | None:
    """The first guard's refusal, or None when every guard lets the step through."""
    for name, guard in GUARDS:
        if name in skip:
            continue
        refused = guard(ticket, attempt)
        if refused is not None:
            return refused
    return None
