"""What the desk's pages say about a ticket: the desks an LPSE has, their titles, and a deadline in words.

Pure: the routes hand in what the reading use cases loaded; nothing here queries or serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from contracts.lpse import HelpdeskRules, LpseProfile
from lpse_runtime.worktime import WorkCalendar, describe

LOCAL_LEVELS = ("helpdesk", "admin_ppe")  # the desks an LPSE works itself; LKPP has no queue here
ROLE_LABEL: dict[str, str] = {
    "helpdesk": "Helpdesk",
    "admin_ppe": "Admin PPE",
    "kepala_lpse": "Kepala LPSE",
    "auditor": "Auditor",
    "verifikator": "Verifikator",
    "admin_agency": "Admin Agency",
    "pelapor": "pelapor",
    "lkpp": "LKPP",
    "system": "sistem",
}


@dataclass(frozen=True)
class Desk:
    """One queue of an LPSE: the level it serves and its title."""

    level: str
    title: str


def level_label(profile: LpseProfile, level: str) -> str:
    """The level as the LPSE's standard names it (Banjarmasin's second level is its Admin Sistem)."""
    for ladder in (profile.helpdesk.ladder, *(c.ladder for c in profile.helpdesk.categories)):
        for step in ladder:
            if step.level == level:
                return step.label
    return ROLE_LABEL.get(level, level)


def desk_title(profile: LpseProfile, level: str) -> str:
    """'Antrean Helpdesk', or the second desk by the standard's name ('Antrean Admin PPE' / 'Antrean Admin Sistem')."""
    return "Antrean Helpdesk" if level == "helpdesk" else f"Antrean {level_label(profile, level)}"


def desks_of(profile: LpseProfile) -> list[Desk]:
    """The LPSE's local desks, in ladder order: those its ladder or any category's own ladder names."""
    named = {step.level for c in profile.helpdesk.categories for step in profile.helpdesk.ladder_for(c.code)}
    named |= {step.level for step in profile.helpdesk.ladder}
    return [Desk(level, desk_title(profile, level)) for level in LOCAL_LEVELS if level in named or level == "helpdesk"]


def desk_for(profile: LpseProfile, asked: str, role: str) -> Desk:
    """The desk asked for in `?meja=`, else the one the staff member's role serves, else the Helpdesk's."""
    desks = {d.level: d for d in desks_of(profile)}
    return desks.get(asked) or desks.get(role) or desks["helpdesk"]


@dataclass(frozen=True)
class DeadlineWords:
    """A ticket's deadline as a page says it: the words, whether it is late, when it falls due, and why."""

    text: str
    late: bool = False
    due: datetime | None = None
    note: str = ""


LKPP_WORDS = "Di LKPP: tidak terbatas"
PAUSED_FOR_STAFF = "dihentikan sementara: menunggu informasi dari pelapor"
PAUSED_FOR_REPORTER = "dihentikan sementara: menunggu informasi Anda"
NO_LIMIT = "tanpa batas waktu"
FINISHED_WORDS = {"resolved": "selesai ditangani", "closed": "laporan ditutup", "rated": "laporan ditutup"}


def clock_words(
    status: str, clock: str, text: str, due: datetime | None, rules: HelpdeskRules, *, for_reporter: bool = False
) -> DeadlineWords:
    """The ticket's clock (as the reading use case found it) in the words of the staff page or the status page."""
    if status in FINISHED_WORDS:
        return DeadlineWords(FINISHED_WORDS[status])
    if status == "at_lkpp":  # the LKPP leg is untimed; the profile says what its standard says
        return DeadlineWords(rules.lkpp_note) if for_reporter else DeadlineWords(LKPP_WORDS, note=rules.lkpp_note)
    if clock == "berjalan":
        return DeadlineWords(text, late=text.startswith("terlambat"), due=due)
    if clock == "dihentikan_sementara":
        return DeadlineWords(PAUSED_FOR_REPORTER if for_reporter else PAUSED_FOR_STAFF)
    if clock == "tanpa_batas" or rules.service is None:  # Magelang: its standard has no problem-handling service
        return DeadlineWords(NO_LIMIT, note=rules.deadline_note)
    return DeadlineWords("tanpa tenggat: jawaban LKPP diterima" if status == "lkpp_answered" else "—")


def queue_words(
    status: str, due: datetime | None, now: datetime, calendar: WorkCalendar, working: bool, rules: HelpdeskRules
) -> DeadlineWords:
    """A queue row's deadline from its nearest running due instant: time left or late, paused, at LKPP, none."""
    if status in FINISHED_WORDS:
        return DeadlineWords(FINISHED_WORDS[status])
    if status == "at_lkpp":
        return DeadlineWords(LKPP_WORDS, note=rules.lkpp_note)
    if status == "info_requested":
        return DeadlineWords("dihentikan sementara")
    if due is None:
        return DeadlineWords(NO_LIMIT if rules.service is None else "—", note=rules.deadline_note)
    left = calendar.working_seconds_between(now, due) if working else (due - now).total_seconds()
    return DeadlineWords(describe(left, working=working), late=left < 0, due=due)
