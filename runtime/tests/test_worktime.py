"""Deadlines in working time: invariants (hypothesis) and worked examples from the standards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts.lpse import Clock, Deadline, DeadlineUnit, OfficeHours, load_profile
from lpse_runtime.worktime import (
    WorkCalendar,
    _working_intervals,
    describe,
    due,
    pause,
    reminder_at,
    resume,
    start_clock,
    time_left,
)

WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")

# Depok DPK-1a [002]: Senin–Jumat 09.00–14.00; breaks Senin–Kamis 12.00–13.00, Jumat 11.30–13.00.
DEPOK_HOURS = OfficeHours.model_validate(
    {
        "days": {
            **{
                d: {"open": {"start": "09:00", "end": "14:00"}, "breaks": [{"start": "12:00", "end": "13:00"}]}
                for d in ("senin", "selasa", "rabu", "kamis")
            },
            "jumat": {"open": {"start": "09:00", "end": "14:00"}, "breaks": [{"start": "11:30", "end": "13:00"}]},
        }
    }
)
# Temanggung [001] (bidding-room hours): Senin–Kamis 08.00–15.30, Jumat 08.00–14.00.
TEMANGGUNG_HOURS = OfficeHours.model_validate(
    {
        "days": {
            **{d: {"open": {"start": "08:00", "end": "15:30"}} for d in ("senin", "selasa", "rabu", "kamis")},
            "jumat": {"open": {"start": "08:00", "end": "14:00"}},
        }
    }
)
# Depok DPK-1c help desk [002]: "Hari Kerja Senin – Kamis pukul 09.00 s/d selesai" (16.00 assumed); no Friday.
DEPOK_HELPDESK_HOURS = OfficeHours.model_validate(
    {"days": {d: {"open": {"start": "09:00", "end": "16:00"}} for d in ("senin", "selasa", "rabu", "kamis")}}
)
OFFICE_HOURS = OfficeHours.model_validate(
    {
        "days": {
            **{
                d: {"open": {"start": "08:00", "end": "16:00"}, "breaks": [{"start": "12:00", "end": "13:00"}]}
                for d in ("senin", "selasa", "rabu", "kamis")
            },
            "jumat": {"open": {"start": "08:00", "end": "16:00"}, "breaks": [{"start": "11:30", "end": "13:00"}]},
        }
    }
)

DEPOK = WorkCalendar(WIB, _working_intervals(DEPOK_HOURS), frozenset())
DEPOK_HELPDESK = WorkCalendar(WIB, _working_intervals(DEPOK_HELPDESK_HOURS), frozenset())
TEMANGGUNG = WorkCalendar(WIB, _working_intervals(TEMANGGUNG_HOURS), frozenset())
BANJARMASIN = WorkCalendar(WITA, _working_intervals(OFFICE_HOURS), frozenset())


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def minutes(n: int, text: str = "") -> Deadline:
    return Deadline(value=n, unit=DeadlineUnit.MINUTES, text=text or f"{n} menit")


# -- worked examples ----------------------------------------------------------------------------------------


def test_depok_request_at_1150_on_a_friday_waits_out_the_friday_prayer_break() -> None:
    # 11:50 Friday is inside the 11.30–13.00 break: the ±15 minutes run from 13:00.
    assert due(wib(2026, 11, 27, 11, 50), minutes(15, "± 15 menit"), DEPOK) == wib(2026, 11, 27, 13, 15)


def test_depok_request_near_closing_carries_over_to_monday() -> None:
    # 13:50 Friday: 10 minutes until 14.00, the other 5 on Monday morning.
    assert due(wib(2026, 11, 27, 13, 50), minutes(15), DEPOK) == wib(2026, 11, 30, 9, 5)


def test_temanggung_ten_minutes_before_friday_closing() -> None:
    assert due(wib(2026, 11, 27, 13, 55), minutes(10, "paling lambat 10 menit"), TEMANGGUNG) == wib(2026, 11, 30, 8, 5)


def test_banjarmasin_complaint_on_the_day_before_idul_fitri() -> None:
    # Idul Fitri 1447 H: 21–22 March 2026; cuti bersama 20, 23 and 24 March. A complaint on Friday 20 March
    # (WITA) is answered within 3 working days (Pasal 8(5)) counted from the next opening, Wednesday 25.
    received = datetime(2026, 3, 20, 10, 0, tzinfo=WITA)
    three = Deadline(value=3, unit=DeadlineUnit.WORKING_DAYS, text="3 (tiga) hari kerja")
    six = Deadline(value=6, unit=DeadlineUnit.WORKING_DAYS, text="6 hari kerja")
    assert due(received, three, BANJARMASIN) == datetime(2026, 3, 30, 8, 0, tzinfo=WITA)
    assert due(received, six, BANJARMASIN) == datetime(2026, 4, 2, 8, 0, tzinfo=WITA)


def test_working_days_keep_the_time_of_day_but_not_past_a_short_friday() -> None:
    thursday_1500 = wib(2026, 11, 26, 15, 0)
    one_day = Deadline(value=1, unit=DeadlineUnit.WORKING_DAYS, text="1 hari kerja")
    assert due(thursday_1500, one_day, TEMANGGUNG) == wib(2026, 11, 27, 14, 0)


def test_a_working_day_due_in_the_friday_break_is_due_when_the_break_starts() -> None:
    # Wednesday 11:45 WITA + 1 hari kerja: Thursday 6 May 2027 is Kenaikan Isa Almasih, so the due day is Friday,
    # whose 11.30–13.00 break covers 11:45: the last working moment before it is 11:30.
    start = datetime(2027, 5, 5, 11, 45, tzinfo=WITA)
    one_day = Deadline(value=1, unit=DeadlineUnit.WORKING_DAYS, text="1 hari kerja")
    assert due(start, one_day, BANJARMASIN) == datetime(2027, 5, 7, 11, 30, tzinfo=WITA)


def test_times_24_hours_is_calendar_time() -> None:
    start = wib(2026, 11, 26, 10, 0)
    assert due(start, Deadline(value=1, unit=DeadlineUnit.TIMES_24H, text="1 x 24 jam"), DEPOK) == wib(2026, 11, 27, 10)
    assert due(start, Deadline(value=7, unit=DeadlineUnit.CALENDAR_DAYS, text="7 hari kalender"), DEPOK) == wib(
        2026, 12, 3, 10
    )


ONE_TIMES_24H = Deadline(value=1, unit=DeadlineUnit.TIMES_24H, text="1 x 24 jam")


@pytest.mark.parametrize(
    ("received", "due_at"),
    [
        # Wednesday 10:00 + 24 hours is Thursday 10:00, inside the hours: due then.
        (wib(2026, 11, 25, 10, 0), wib(2026, 11, 26, 10, 0)),
        # Thursday 10:00 + 24 hours is Friday 10:00, a day the help desk is closed: due Monday at opening.
        (wib(2026, 11, 26, 10, 0), wib(2026, 11, 30, 9, 0)),
        # Wednesday 15:59 is still open: due Thursday 15:59, one minute before closing.
        (wib(2026, 11, 25, 15, 59), wib(2026, 11, 26, 15, 59)),
        # Wednesday 16:30 is after closing: received Thursday 09:00, due Friday 09:00, closed: Monday 09:00.
        (wib(2026, 11, 25, 16, 30), wib(2026, 11, 30, 9, 0)),
        # Thursday 08:00, before opening: received 09:00, due Friday 09:00, closed: Monday 09:00.
        (wib(2026, 11, 26, 8, 0), wib(2026, 11, 30, 9, 0)),
        # Sunday evening: received Monday 09:00, due Tuesday 09:00.
        (wib(2026, 11, 29, 20, 0), wib(2026, 12, 1, 9, 0)),
        # Wednesday 23 December 10:00: Thursday 24 is cuti bersama, Friday 25 is Christmas: Monday 28 at 09:00.
        (wib(2026, 12, 23, 10, 0), wib(2026, 12, 28, 9, 0)),
    ],
)
def test_one_times_24_hours_falls_due_only_while_the_service_is_open(received: datetime, due_at: datetime) -> None:
    assert due(received, ONE_TIMES_24H, DEPOK_HELPDESK) == due_at


def test_public_holidays_and_cuti_bersama_are_not_working_days() -> None:
    assert not DEPOK.is_working_day(wib(2026, 8, 17).date())  # Hari Kemerdekaan
    assert not DEPOK.is_working_day(wib(2026, 12, 24).date())  # cuti bersama Natal
    assert not DEPOK.is_working_day(wib(2026, 11, 28).date())  # Saturday
    assert DEPOK.is_working_day(wib(2026, 11, 27).date())


def test_configured_days_off_count_too() -> None:
    local = WorkCalendar(WIB, DEPOK.intervals, frozenset({wib(2026, 11, 30).date()}))
    assert due(wib(2026, 11, 27, 13, 50), minutes(15), local) == wib(2026, 12, 1, 9, 5)


def test_a_paused_clock_resumes_with_the_time_already_used() -> None:
    clock = Clock(name="penyelesaian", label="Penyelesaian", deadline=minutes(30))
    state = start_clock(clock, wib(2026, 11, 23, 9, 0), DEPOK)  # Monday 09:00 → due 09:30
    assert state.due == wib(2026, 11, 23, 9, 30)
    paused = pause(state, wib(2026, 11, 23, 9, 20), DEPOK)  # 10 working minutes left
    assert paused.remaining_seconds == 600 and paused.due is None
    assert time_left(paused, wib(2026, 11, 25, 9, 0), DEPOK) == 600  # waiting on the applicant costs nothing
    resumed = resume(paused, wib(2026, 11, 25, 11, 55), DEPOK)  # Wednesday, 5 minutes before the break
    assert resumed.due == wib(2026, 11, 25, 13, 5)


def test_reminder_comes_when_most_of_the_time_is_used() -> None:
    state = start_clock(Clock(name="p", label="P", deadline=minutes(50)), wib(2026, 11, 23, 11, 30), DEPOK)
    assert state.due == wib(2026, 11, 23, 13, 20)
    assert reminder_at(state, DEPOK) == wib(2026, 11, 23, 13, 10)


def test_describe_remaining_time() -> None:
    assert describe(125 * 60, working=True) == "sisa 2 jam 5 menit kerja"
    assert describe(-12 * 60, working=True) == "terlambat 12 menit"
    assert describe(26 * 3600, working=False) == "sisa 1 hari 2 jam 0 menit"


# -- invariants ---------------------------------------------------------------------------------------------

instants = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC))
calendars = st.sampled_from([DEPOK, TEMANGGUNG, BANJARMASIN])
amounts = st.integers(min_value=0, max_value=60 * 60 * 40)


def inside_working_time(calendar: WorkCalendar, instant: datetime) -> bool:
    local_day = instant.astimezone(calendar.zone).date()
    return any(begin <= instant <= end for begin, end in calendar.day_intervals(local_day))


@settings(max_examples=150, deadline=None)
@given(start=instants, seconds=amounts, calendar=calendars)
def test_exactly_the_requested_working_time_lies_between_start_and_due(
    start: datetime, seconds: int, calendar: WorkCalendar
) -> None:
    end = calendar.add_working(start, seconds)
    assert end >= start
    assert abs(calendar.working_seconds_between(start, end) - seconds) < 1e-6
    if seconds > 0:
        assert inside_working_time(calendar, end)


@settings(max_examples=100, deadline=None)
@given(start=instants, a=amounts, b=amounts, calendar=calendars)
def test_more_time_is_never_due_earlier_and_adding_is_additive(
    start: datetime, a: int, b: int, calendar: WorkCalendar
) -> None:
    assert calendar.add_working(start, min(a, b)) <= calendar.add_working(start, max(a, b))
    assert calendar.add_working(calendar.add_working(start, a), b) == calendar.add_working(start, a + b)


@settings(max_examples=100, deadline=None)
@given(start=instants, days=st.integers(min_value=1, max_value=20), calendar=calendars)
def test_working_days_land_on_a_working_day_after_the_start(start: datetime, days: int, calendar: WorkCalendar) -> None:
    end = calendar.add_working_days(start, days)
    assert end > start
    assert calendar.is_working_day(end.astimezone(calendar.zone).date())
    assert inside_working_time(calendar, end)


@settings(max_examples=100, deadline=None)
@given(
    start=instants,
    budget=st.integers(min_value=1, max_value=600),
    pause_after=amounts,
    calendar=calendars,
    wait=st.integers(min_value=0, max_value=60 * 24 * 14),
)
def test_pausing_keeps_the_working_time_left(
    start: datetime, budget: int, pause_after: int, calendar: WorkCalendar, wait: int
) -> None:
    state = start_clock(Clock(name="c", label="C", deadline=minutes(budget)), start, calendar)
    pause_at = calendar.add_working(start, min(pause_after, budget * 60))
    paused = pause(state, pause_at, calendar)
    resume_at = pause_at + timedelta(minutes=wait)
    resumed = resume(paused, resume_at, calendar)
    assert resumed.due is not None and state.due is not None
    used_before = calendar.working_seconds_between(start, pause_at)
    used_after = calendar.working_seconds_between(resume_at, resumed.due)
    assert abs(used_before + used_after - budget * 60) < 1e-6
    assert resumed.due >= state.due


# -- calendars built once per profile ------------------------------------------------------------------------

SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "lpse"


def test_a_profile_calendar_is_built_once_and_keeps_giving_the_known_answers() -> None:
    depok = load_profile(SHIPPED / "depok.yaml")
    service = depok.service("registrasi_penyedia")
    first = WorkCalendar.for_service(depok, service)
    assert WorkCalendar.for_service(depok, service) is first
    for _ in range(2):  # the second pass reads the holidays kept from the first
        calendar = WorkCalendar.for_service(depok, service)
        assert not calendar.is_working_day(date(2026, 12, 24))  # cuti bersama Natal
        assert not calendar.is_working_day(date(2026, 12, 25))  # Natal
        assert not calendar.is_working_day(date(2026, 3, 20))  # cuti bersama Idul Fitri 1447 H
        assert not calendar.is_working_day(date(2027, 5, 6))  # Kenaikan Isa Almasih
        assert not calendar.is_working_day(date(2026, 12, 26))  # Saturday
        assert calendar.is_working_day(date(2026, 12, 28))  # Monday
        # Depok DPK-1a [002]: Wednesday 23 December 10:00 + 2 working days skips 24 and 25 December and the weekend.
        assert calendar.add_working_days(wib(2026, 12, 23, 10, 0), 2) == wib(2026, 12, 29, 10, 0)


def test_another_profile_gets_its_own_calendar() -> None:
    depok = load_profile(SHIPPED / "depok.yaml")
    moved = depok.model_copy(update={"time_zone": "Asia/Makassar"})
    assert WorkCalendar.for_service(depok).zone == WIB
    assert WorkCalendar.for_service(moved).zone == WITA


def test_a_resumed_x24_clock_falls_due_at_the_next_opening() -> None:
    """DPK-1c (1 x 24 jam, Monday–Thursday 09–16 WIB): opened Wed 9 Dec 2026 10:00, due Thu 10:00; info asked Wed
    11:00 leaves 23 hours; answered Thu 10 Dec 15:00, the 23 hours end Fri 11 Dec 14:00, when the desk is closed, so
    the promise falls due at its next opening, Mon 14 Dec 2026 09:00 WIB (02:00 UTC)."""
    depok = load_profile(SHIPPED / "depok.yaml")
    service = next(s for s in depok.services if s.id == "DPK-1c")
    calendar = WorkCalendar.for_service(depok, service)
    state = start_clock(service.clocks[0], wib(2026, 12, 9, 10), calendar)
    assert state.due == wib(2026, 12, 10, 10)
    paused = pause(state, wib(2026, 12, 9, 11), calendar)
    assert paused.remaining_seconds == 23 * 3600
    resumed = resume(paused, wib(2026, 12, 10, 15), calendar)
    assert resumed.due == datetime(2026, 12, 14, 2, 0, tzinfo=UTC)
