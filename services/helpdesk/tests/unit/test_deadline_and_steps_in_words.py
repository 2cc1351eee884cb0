"""What the desk's pages say about a ticket's deadline and its steps (README, "Tickets and the ladder" and "The
reporter's pages and the survey"): the words are written out here, the notes come from the shipped profiles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contracts.lpse import load_profiles
from helpdesk.staff_views import clock_words, queue_words
from helpdesk.status_views import reporter_steps
from lpse_runtime.settings import REPO_ROOT
from lpse_runtime.worktime import WorkCalendar

PROFILES = load_profiles(REPO_ROOT / "deploy" / "lpse")
TMG, BJM, MGL = PROFILES["temanggung"].helpdesk, PROFILES["banjarmasin"].helpdesk, PROFILES["magelang"].helpdesk
WED_0900_WIB = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
TMG_9 = next(s for s in PROFILES["temanggung"].services if s.id == "TMG-9")
CALENDAR = WorkCalendar.for_service(PROFILES["temanggung"], TMG_9)


def test_at_lkpp_staff_read_no_limit_and_the_reporter_reads_the_standards_words() -> None:
    staff = clock_words("at_lkpp", "di_lkpp", "", None, BJM)
    assert (staff.text, staff.note) == ("Di LKPP: tidak terbatas", BJM.lkpp_note)
    reporter = clock_words("at_lkpp", "di_lkpp", "", None, BJM, for_reporter=True)
    bjm_7 = "Batas waktu 5 hari kerja tidak berlaku karena kendala ditindaklanjuti ke helpdesk LKPP (tidak terbatas)."
    assert reporter.text == bjm_7


def test_a_paused_clock_waits_on_the_reporter() -> None:
    assert clock_words("info_requested", "dihentikan_sementara", "", None, TMG, for_reporter=True).text == (
        "dihentikan sementara: menunggu informasi Anda"
    )
    assert clock_words("info_requested", "dihentikan_sementara", "", None, TMG).text == (
        "dihentikan sementara: menunggu informasi dari pelapor"
    )


def test_a_running_clock_says_what_is_left_or_how_late_it_is() -> None:
    due = WED_0900_WIB + timedelta(days=7)
    running = clock_words("in_progress", "berjalan", "sisa 36 jam 0 menit kerja", due, TMG)
    assert (running.text, running.late, running.due) == ("sisa 36 jam 0 menit kerja", False, due)
    assert clock_words("queued", "berjalan", "terlambat 12 menit", due, TMG).late


def test_magelang_has_no_deadline_and_says_why() -> None:
    words = clock_words("queued", "tanpa_batas", "", None, MGL, for_reporter=True)
    assert words.text == "tanpa batas waktu"
    assert words.note.startswith("Standar Pelayanan LPSE Kota Magelang tidak memuat layanan penanganan permasalahan")


@pytest.mark.parametrize(
    ("status", "due", "words", "late"),
    [
        # Wed 09.00 → Wed 09.00 a week on: 6.5 + 7.5 + 6 + 7.5 + 7.5 + 1 working hours of TMG-9's calendar.
        ("queued", WED_0900_WIB + timedelta(days=7), "sisa 36 jam 0 menit kerja", False),
        ("in_progress", WED_0900_WIB - timedelta(minutes=30), "terlambat 30 menit", True),
        ("info_requested", None, "dihentikan sementara", False),
        ("at_lkpp", None, "Di LKPP: tidak terbatas", False),
        ("resolved", None, "selesai ditangani", False),
        ("rated", None, "laporan ditutup", False),
    ],
)
def test_a_queue_row_says_its_deadline(status: str, due: datetime | None, words: str, late: bool) -> None:
    found = queue_words(status, due, WED_0900_WIB, CALENDAR, True, TMG)
    assert (found.text, found.late) == (words, late)


def test_the_reporter_sees_each_level_reached_with_its_time_and_what_is_still_ahead() -> None:
    t = [WED_0900_WIB + timedelta(minutes=n) for n in range(6)]
    trail = [("open", t[0]), ("claim", t[1]), ("reply", t[2]), ("escalate", t[3]), ("claim", t[4]), ("release", t[5])]
    steps = reporter_steps("queued", trail, TMG.ladder)
    assert [(s.label, s.at, s.done, s.current) for s in steps] == [
        ("Laporan diterima", t[0], True, False),
        ("Ditangani Helpdesk LPSE", t[1], True, False),
        ("Diteruskan ke Admin PPE", t[3], True, False),
        ("Ditangani Admin PPE", t[4], True, True),
        ("Selesai ditangani", None, False, False),
        ("Ditutup", None, False, False),
    ]


def test_a_ticket_back_from_lkpp_returns_to_the_level_that_forwarded_it() -> None:
    t = [WED_0900_WIB + timedelta(minutes=n) for n in range(9)]
    trail = [
        ("open", t[0]),
        ("claim", t[1]),
        ("escalate", t[2]),
        ("claim", t[3]),
        ("forward_to_lkpp", t[4]),
        ("lkpp_answer", t[5]),
        ("claim", t[6]),
        ("resolve", t[7]),
        ("close", t[8]),
    ]
    labels = [s.label for s in reporter_steps("closed", trail, BJM.ladder)]
    assert labels == [
        "Laporan diterima",
        "Ditangani Helpdesk",
        "Diteruskan ke Admin Sistem",
        "Ditangani Admin Sistem",
        "Diteruskan ke Helpdesk LKPP",
        "Jawaban Helpdesk LKPP diterima",
        "Ditangani Admin Sistem",
        "Selesai ditangani",
        "Ditutup",
    ]
    assert not any(s.current for s in reporter_steps("closed", trail, BJM.ladder))
