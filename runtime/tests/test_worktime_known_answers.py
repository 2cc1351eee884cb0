"""Working-time arithmetic worked out by hand: each expected instant is written out, none computed by the module.

Calendar A: a WITA office open Senin–Jumat 08:00–16:00 without a break (Banjarmasin's zone).
Calendar B: the same office with a lunch break 12:00–13:00 (Jumat 11:30–13:00, for the Friday prayer).
December 2026: Fri 4, Mon 7, Tue 8, Wed 9, Thu 10, Fri 11; no Indonesian holiday falls on these days.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from contracts.lpse import Clock, Deadline, DeadlineUnit, OfficeHours, load_profile
from lpse_runtime.worktime import (
    ClockState,
    WorkCalendar,
    _working_intervals,
    describe,
    due,
    pause,
    reminder_at,
    resume,
    start_clock,
    stop,
    time_left,
    times_24_hours,
)

WITA = ZoneInfo("Asia/Makassar")
WEEK = ("senin", "selasa", "rabu", "kamis", "jumat")
HOUR = 3600


def calendar(days: dict[str, object], days_off: frozenset[date] = frozenset()) -> WorkCalendar:
    """A WITA calendar from office hours written as a profile writes them."""
    return WorkCalendar(WITA, _working_intervals(OfficeHours.model_validate({"days": days})), days_off)


A = calendar({d: {"open": {"start": "08:00", "end": "16:00"}} for d in WEEK})
B = calendar(
    {
        **{
            d: {"open": {"start": "08:00", "end": "16:00"}, "breaks": [{"start": "12:00", "end": "13:00"}]}
            for d in WEEK[:4]
        },
        "jumat": {"open": {"start": "08:00", "end": "16:00"}, "breaks": [{"start": "11:30", "end": "13:00"}]},
    }
)


def wita(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of December 2026 in WITA."""
    return datetime(2026, 12, day, hour, minute, tzinfo=WITA)


# -- adding working time ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected", "why"),
    [
        (wita(4, 15), 6, wita(7, 13), "Fri 15:00 +1 h to closing, +5 h from Mon 08:00"),
        (wita(7, 6), 0.5, wita(7, 8, 30), "before opening: counts from 08:00"),
        (wita(7, 8), 8, wita(7, 16), "a whole day ends at closing the same day, not at the next opening"),
        (wita(7, 16), 1 / 60, wita(8, 8, 1), "at closing: the next minute of work is Tuesday's first"),
        (wita(5, 10), 1, wita(7, 9), "Saturday: counts from Monday's opening"),
        (wita(7, 9), 16, wita(9, 9), "two whole days of eight hours"),
    ],
)
def test_adding_working_hours_in_an_office_without_a_break(
    start: datetime, hours: float, expected: datetime, why: str
) -> None:
    assert A.add_working(start, hours * HOUR) == expected, why


@pytest.mark.parametrize(
    ("start", "minutes", "expected"),
    [
        (wita(7, 11, 30), 60, wita(7, 13, 30)),  # 30 min before the break, 30 after it
        (wita(7, 12, 15), 30, wita(7, 13, 30)),  # in the break: counts from 13:00
        (wita(4, 11), 45, wita(4, 13, 15)),  # Friday: 30 min to 11:30, the prayer break, 15 min from 13:00
        (wita(7, 11), 60, wita(7, 12)),  # exactly up to the break: due when it starts
    ],
)
def test_adding_working_minutes_skips_the_break(start: datetime, minutes: int, expected: datetime) -> None:
    assert B.add_working(start, minutes * 60) == expected


def test_adding_nothing_is_the_start_itself_even_outside_working_time() -> None:
    saturday = wita(5, 10)
    assert A.add_working(saturday, 0) == saturday
    assert A.add_working(saturday, -60) == saturday


def test_the_due_instant_keeps_the_zone_it_was_asked_in() -> None:
    start_utc = datetime(2026, 12, 4, 7, 0, tzinfo=UTC)  # Fri 15:00 WITA
    due_at = A.add_working(start_utc, 6 * HOUR)
    assert due_at == datetime(2026, 12, 7, 5, 0, tzinfo=UTC)  # Mon 13:00 WITA
    assert due_at.tzinfo is UTC


def test_a_calendar_with_no_working_day_says_so() -> None:
    closed = WorkCalendar(WITA, {}, frozenset())  # no profile validates without a day: built by hand
    with pytest.raises(ValueError, match="no working time"):
        closed.add_working(wita(7, 9), 60)
    with pytest.raises(ValueError, match="no working time"):
        closed.next_opening(wita(7, 9))


# -- working time between two instants ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (wita(4, 15), wita(7, 13), 6),  # over a weekend
        (wita(7, 13), wita(4, 15), -6),  # backwards: negative
        (wita(7, 9), wita(7, 11), 2),  # one morning
        (wita(7, 8), wita(11, 16), 40),  # a whole week, Monday to Friday
        (wita(5, 9), wita(6, 17), 0),  # a weekend
        (wita(7, 17), wita(8, 7), 0),  # a night
        (wita(7, 6), wita(7, 20), 8),  # a day, from before opening to after closing
    ],
)
def test_working_time_between_two_instants_in_an_office_without_a_break(
    start: datetime, end: datetime, hours: float
) -> None:
    assert A.working_seconds_between(start, end) == hours * HOUR


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (wita(7, 11, 30), wita(7, 13, 30), 1),  # the break does not count
        (wita(7, 8), wita(7, 16), 7),  # Monday: 8 hours open, 1 hour of break
        (wita(4, 8), wita(4, 16), 6.5),  # Friday: the prayer break is 1.5 hours
        (wita(7, 8), wita(11, 16), 34.5),  # the week: 4 x 7 + 6.5
        (wita(7, 12, 10), wita(7, 12, 50), 0),  # inside the break
    ],
)
def test_working_time_between_two_instants_leaves_out_the_breaks(start: datetime, end: datetime, hours: float) -> None:
    assert B.working_seconds_between(start, end) == hours * HOUR


def test_a_day_off_of_the_profile_counts_no_hours() -> None:
    with_day_off = calendar(
        {d: {"open": {"start": "08:00", "end": "16:00"}} for d in WEEK}, frozenset({date(2026, 12, 8)})
    )
    assert with_day_off.working_seconds_between(wita(7, 8), wita(9, 16)) == 16 * HOUR
    assert with_day_off.add_working(wita(7, 15), 2 * HOUR) == wita(9, 9)
    assert not with_day_off.is_working_day(date(2026, 12, 8))
    assert with_day_off.is_working_day(date(2026, 12, 9))


# -- the next opening -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (wita(7, 10), wita(7, 10)),  # at work: the instant itself
        (wita(7, 8), wita(7, 8)),  # at the opening minute
        (wita(7, 16), wita(8, 8)),  # at closing: tomorrow
        (wita(5, 10), wita(7, 8)),  # Saturday: Monday
        (wita(7, 12, 30), wita(7, 13)),  # in the break: when it ends
        (wita(7, 6), wita(7, 8)),  # early morning: the opening
    ],
)
def test_the_next_opening(instant: datetime, expected: datetime) -> None:
    assert B.next_opening(instant) == expected


# -- working days ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (wita(4, 10), 1, wita(7, 10)),  # Friday 10:00 + 1 working day: Monday 10:00
        (wita(5, 9), 1, wita(8, 8)),  # Saturday: counted from Monday's opening, due Tuesday 08:00
        (wita(7, 10), 4, wita(11, 10)),  # Monday + 4: Friday
        (wita(7, 10), 5, wita(14, 10)),  # Monday + 5: the next Monday
        (wita(10, 11, 45), 1, wita(11, 11, 30)),  # Thu 11:45 + 1: Friday's prayer break -> its start, 11:30
        (wita(10, 12, 30), 1, wita(11, 13)),  # Thursday's break: counted from 13:00, due Friday 13:00
    ],
)
def test_working_days_keep_the_time_of_day(start: datetime, days: int, expected: datetime) -> None:
    assert B.add_working_days(start, days) == expected


def test_a_working_day_due_before_a_later_opening_is_due_at_that_opening() -> None:
    early_monday = calendar(
        {"senin": {"open": {"start": "07:00", "end": "16:00"}}, "selasa": {"open": {"start": "09:00", "end": "16:00"}}}
    )
    assert early_monday.add_working_days(wita(7, 7, 30), 1) == wita(8, 9)


def test_a_working_day_due_after_a_short_friday_is_due_at_its_closing() -> None:
    short_friday = calendar(
        {
            "kamis": {"open": {"start": "08:00", "end": "16:00"}},
            "jumat": {"open": {"start": "08:00", "end": "11:00"}},
        }
    )
    assert short_friday.add_working_days(wita(10, 15), 1) == wita(11, 11)


def test_a_working_day_skips_a_day_off() -> None:
    with_day_off = calendar(
        {d: {"open": {"start": "08:00", "end": "16:00"}} for d in WEEK}, frozenset({date(2026, 12, 8)})
    )
    assert with_day_off.add_working_days(wita(7, 10), 1) == wita(9, 10)


# -- deadlines by unit ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (90, DeadlineUnit.MINUTES, wita(7, 8, 30)),  # Fri 15:00: 60 min to closing, 30 on Monday
        (6, DeadlineUnit.HOURS, wita(7, 13)),
        (2, DeadlineUnit.WORKING_DAYS, wita(8, 15)),
        (1, DeadlineUnit.TIMES_24H, wita(7, 8)),  # Saturday 15:00 is closed: Monday's opening
        (3, DeadlineUnit.CALENDAR_DAYS, wita(7, 15)),  # Monday 15:00, whatever the office hours
    ],
)
def test_a_deadline_counts_in_its_own_unit(value: int, unit: DeadlineUnit, expected: datetime) -> None:
    assert due(wita(4, 15), Deadline(value=value, unit=unit, text=f"{value} {unit.value}"), A) == expected


def test_times_24_hours_from_a_saturday_counts_from_monday_opening() -> None:
    assert times_24_hours(wita(5, 10), 1, A) == wita(8, 8)
    assert times_24_hours(wita(7, 10), 2, A) == wita(9, 10)


# -- clocks on a case -----------------------------------------------------------------------------------------

SLA_HOURS = Clock(name="verifikasi", label="Verifikasi berkas", deadline=Deadline(value=10, unit="jam", text="10 jam"))
SLA_DAYS = Clock(
    name="penyelesaian", label="Penyelesaian", deadline=Deadline(value=3, unit="hari_kalender", text="3 hari")
)


def test_a_clock_in_working_hours_starts_with_its_due_instant() -> None:
    state = start_clock(SLA_HOURS, wita(7, 8), A)
    expected = ClockState(
        "verifikasi", "Verifikasi berkas", True, "running", wita(7, 8), wita(8, 10), unit=DeadlineUnit.HOURS
    )
    assert state == expected
    assert start_clock(SLA_DAYS, wita(7, 8), A).working is False


def test_time_left_counts_working_seconds_for_a_working_clock_and_clock_seconds_otherwise() -> None:
    working = start_clock(SLA_HOURS, wita(7, 8), A)  # due Tue 10:00
    assert time_left(working, wita(7, 15), A) == 3 * HOUR  # 1 h on Monday, 2 h on Tuesday
    assert time_left(working, wita(8, 11), A) == -1 * HOUR  # overdue by an hour
    calendar_clock = start_clock(SLA_DAYS, wita(7, 8), A)  # due Thu 08:00
    assert time_left(calendar_clock, wita(7, 20), A) == 60 * HOUR


def test_a_paused_clock_keeps_its_time_and_resumes_from_the_new_start() -> None:
    running = start_clock(SLA_HOURS, wita(7, 8), A)
    paused = pause(running, wita(7, 15), A)  # 7 h used, 3 h left
    assert paused.status == "paused" and paused.due is None and paused.remaining_seconds == 3 * HOUR
    assert time_left(paused, wita(9, 9), A) == 3 * HOUR, "paused: the time left does not run"
    assert pause(paused, wita(8, 9), A) == paused, "pausing twice changes nothing"
    resumed = resume(paused, wita(10, 14), A)  # Thu 14:00 + 3 h: 2 h to closing, 1 h Friday
    assert resumed.status == "running" and resumed.due == wita(11, 9) and resumed.remaining_seconds is None
    assert resume(resumed, wita(11, 8), A) == resumed, "resuming a running clock changes nothing"


def test_a_calendar_clock_resumes_with_clock_time() -> None:
    paused = pause(start_clock(SLA_DAYS, wita(7, 8), A), wita(8, 8), A)  # 1 day used, 2 left
    assert paused.remaining_seconds == 48 * HOUR
    assert resume(paused, wita(11, 20), A).due == wita(13, 20)  # Friday 20:00 + 48 h: Sunday 20:00


def test_a_stopped_clock_counts_up_to_when_it_stopped() -> None:
    stopped = stop(start_clock(SLA_HOURS, wita(7, 8), A), wita(7, 14))
    assert stopped.status == "stopped" and stopped.stopped_at == wita(7, 14)
    assert time_left(stopped, wita(11, 9), A) == 4 * HOUR  # 2 h Monday, 2 h Tuesday to 10:00


def test_the_reminder_comes_at_eighty_percent_of_the_clocks_time() -> None:
    working = start_clock(SLA_HOURS, wita(7, 8), A)  # 10 working hours: 8 h used at Mon 16:00
    assert reminder_at(working, A) == wita(7, 16)
    assert reminder_at(working, A, fraction=0.5) == wita(7, 13)
    calendar_clock = start_clock(SLA_DAYS, wita(7, 8), A)  # 72 h: 80 % is 57 h 36 min
    assert reminder_at(calendar_clock, A) == wita(7, 8) + timedelta(hours=57, minutes=36)
    assert reminder_at(pause(working, wita(7, 9), A), A) is None, "a paused clock reminds nobody"


def test_a_clock_paused_at_its_due_instant_has_nothing_left() -> None:
    running = start_clock(SLA_HOURS, wita(7, 8), A)
    paused = pause(running, wita(8, 10), A)
    assert paused.remaining_seconds == 0 and time_left(paused, wita(9, 9), A) == 0


@pytest.mark.parametrize(
    ("seconds", "working", "text"),
    [
        (0, True, "sisa 0 menit kerja"),
        (30, True, "sisa 0 menit kerja"),
        (26 * HOUR, True, "sisa 26 jam 0 menit kerja"),  # working time is told in hours, never in days
        (26 * HOUR + 5 * 60, False, "sisa 1 hari 2 jam 5 menit"),
        (-12 * 60, True, "terlambat 12 menit"),
    ],
)
def test_the_queue_tells_the_time_left_in_words(seconds: float, working: bool, text: str) -> None:
    assert describe(seconds, working=working) == text


def test_a_service_with_its_own_hours_gets_its_own_calendar() -> None:
    depok = load_profile(Path(__file__).resolve().parents[2] / "deploy" / "lpse" / "depok.yaml")
    helpdesk = next(s for s in depok.services if s.office_hours is not None)
    friday = date(2026, 12, 4)
    assert not WorkCalendar.for_service(depok, helpdesk).is_working_day(friday), "Depok's help desk: Senin–Kamis"
    assert WorkCalendar.for_service(depok).is_working_day(friday), "the LPSE's own office opens on Friday"
    wib = ZoneInfo("Asia/Jakarta")
    thursday = datetime(2026, 12, 3, 15, 0, tzinfo=wib)
    assert WorkCalendar.for_service(depok, helpdesk).add_working(thursday, 2 * HOUR) == datetime(
        2026, 12, 7, 10, 0, tzinfo=wib
    ), "Thursday 15:00 + 2 h with 09:00–16:00, Monday to Thursday: Monday 10:00"


def test_a_working_day_due_exactly_at_a_short_fridays_closing_is_due_then() -> None:
    short_friday = calendar(
        {"kamis": {"open": {"start": "08:00", "end": "16:00"}}, "jumat": {"open": {"start": "08:00", "end": "11:00"}}}
    )
    assert short_friday.add_working_days(wita(10, 11), 1) == wita(11, 11)


def test_a_stopped_paused_clock_has_nothing_left_and_a_calendar_without_work_says_it_in_full() -> None:
    stopped = stop(pause(start_clock(SLA_HOURS, wita(7, 8), A), wita(7, 9), A), wita(7, 10))
    assert stopped.due is None and time_left(stopped, wita(8, 9), A) == 0
    closed = WorkCalendar(WITA, {}, frozenset())
    with pytest.raises(ValueError) as added:
        closed.add_working(wita(7, 9), 60)
    with pytest.raises(ValueError) as opened:
        closed.next_opening(wita(7, 9))
    assert str(added.value) == str(opened.value) == "the calendar has no working time in the next ten years"
