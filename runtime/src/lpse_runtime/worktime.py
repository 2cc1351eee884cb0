"""Deadlines in an LPSE's working time: office hours and breaks, weekends, Indonesian public holidays and
cuti bersama (from the `holidays` library) plus the profile's own days off, in the LPSE's time zone.

Pure: no clock, no I/O. Instants in and out are timezone-aware.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

import holidays

from contracts.lpse import WEEKDAYS, Clock, Deadline, DeadlineUnit, LpseProfile, OfficeHours, ServiceStandard

WORKING_UNITS = frozenset({DeadlineUnit.MINUTES, DeadlineUnit.HOURS, DeadlineUnit.WORKING_DAYS})
_SCAN_LIMIT_DAYS = 3660  # a calendar with no working day at all must not loop forever
_CACHE_LIMIT = 256  # profiles are loaded once per process; the bound only matters to tests that build many


@cache
def _holidays_of(year: int) -> frozenset[date]:
    """Indonesia's public holidays and cuti bersama of one year, computed once per process."""
    return frozenset(holidays.country_holidays("ID", categories=("public", "government"), years=year))


def _working_intervals(hours: OfficeHours) -> dict[int, tuple[tuple[time, time], ...]]:
    """Per weekday (0 = Monday): the opening hours minus the breaks."""
    result: dict[int, tuple[tuple[time, time], ...]] = {}
    for name, day in hours.days.items():
        pieces: list[tuple[time, time]] = []
        cursor = day.open.start
        for pause in sorted(day.breaks, key=lambda b: b.start):
            if pause.start > cursor:
                pieces.append((cursor, pause.start))
            cursor = max(cursor, pause.end)
        if cursor < day.open.end:
            pieces.append((cursor, day.open.end))
        result[WEEKDAYS.index(name)] = tuple(pieces)
    return result


def _day_seconds(intervals: tuple[tuple[time, time], ...]) -> float:
    """Seconds of work in a day with these intervals (Indonesia keeps no daylight saving)."""
    return float(sum(_seconds_of(end) - _seconds_of(start) for start, end in intervals))


def _seconds_of(moment: time) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6


@dataclass(frozen=True)
class WorkCalendar:
    """When an LPSE (or one of its services) is at work."""

    zone: ZoneInfo
    intervals: dict[int, tuple[tuple[time, time], ...]]
    days_off: frozenset[date]

    @classmethod
    def for_service(cls, profile: LpseProfile, service: ServiceStandard | None = None) -> WorkCalendar:
        """The calendar of a service (its own hours when stated, else the LPSE's), built once per profile."""
        key = (id(profile), id(service))
        cached = _calendars.get(key)
        # Keyed by identity (profiles are frozen but hold dicts, so not hashable); the stored objects keep the ids
        # from being reused while the entry lives.
        if cached is not None and cached[0] is profile and cached[1] is service:
            return cached[2]
        hours = profile.hours_for(service) if service is not None else profile.office_hours
        calendar = cls(ZoneInfo(profile.time_zone), _working_intervals(hours), frozenset(profile.collective_leave))
        if len(_calendars) >= _CACHE_LIMIT:
            _calendars.clear()
        _calendars[key] = (profile, service, calendar)
        return calendar

    def is_working_day(self, day: date) -> bool:
        """A weekday with hours that is neither a public holiday, cuti bersama nor a configured day off."""
        open_that_weekday = bool(self.intervals.get(day.weekday()))
        return open_that_weekday and day not in self.days_off and day not in _holidays_of(day.year)

    def day_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The working intervals of one local date, as aware instants."""
        if not self.is_working_day(day):
            return []
        return [
            (datetime.combine(day, start, self.zone), datetime.combine(day, end, self.zone))
            for start, end in self.intervals[day.weekday()]
        ]

    def _days_from(self, instant: datetime) -> Iterator[date]:
        """The local dates from the instant's on, made one at a time (most scans stop within days)."""
        first = instant.astimezone(self.zone).date()
        return (first + timedelta(days=i) for i in range(_SCAN_LIMIT_DAYS))

    def add_working(self, start: datetime, seconds: float) -> datetime:
        """The instant at which `seconds` of working time have passed since `start`."""
        if seconds <= 0:
            return start
        left = seconds
        for day in self._days_from(start):
            for begin, end in self.day_intervals(day):
                if end <= start:
                    continue
                begin = max(begin, start)
                available = (end - begin).total_seconds()
                if left <= available:
                    return (begin + timedelta(seconds=left)).astimezone(start.tzinfo)
                left -= available
        raise ValueError("the calendar has no working time in the next ten years")

    def working_seconds_between(self, start: datetime, end: datetime) -> float:
        """Working time between two instants (negative when end is before start)."""
        if end < start:
            return -self.working_seconds_between(end, start)
        first, last = start.astimezone(self.zone).date(), end.astimezone(self.zone).date()
        total = self._worked_on(first, start, end)
        if last == first:
            return total
        day = first + timedelta(days=1)
        while day < last:  # whole days in between: their hours, without building instants
            if self.is_working_day(day):
                total += _day_seconds(self.intervals[day.weekday()])
            day += timedelta(days=1)
        return total + self._worked_on(last, start, end)

    def _worked_on(self, day: date, start: datetime, end: datetime) -> float:
        """Working seconds of one local date that fall between start and end."""
        total = 0.0
        for begin, finish in self.day_intervals(day):
            lo, hi = max(begin, start), min(finish, end)
            if hi > lo:
                total += (hi - lo).total_seconds()
        return total

    def next_opening(self, instant: datetime) -> datetime:
        """The instant itself when at work, else the next opening."""
        for day in self._days_from(instant):
            for begin, end in self.day_intervals(day):
                if instant < end:
                    return max(begin, instant).astimezone(instant.tzinfo)
        raise ValueError("the calendar has no working time in the next ten years")

    def add_working_days(self, start: datetime, days: int) -> datetime:
        """The same local time of day, `days` working days after the (next) working moment of `start`.

        Received outside working time, the count starts at the next opening. Where that time of day falls outside
        the due day's working time (a break, a shorter Friday), the due instant is the working moment just before
        it (or the day's opening, if it is earlier than that).
        """
        base = self.next_opening(start).astimezone(self.zone)
        day = base.date()
        for _ in range(days):
            day += timedelta(days=1)
            while not self.is_working_day(day):
                day += timedelta(days=1)
        return self._clamp(day, datetime.combine(day, base.time(), self.zone)).astimezone(start.tzinfo)

    def _clamp(self, day: date, target: datetime) -> datetime:
        intervals = self.day_intervals(day)
        if target <= intervals[0][0]:
            return intervals[0][0]
        latest = intervals[0][0]
        for begin, end in intervals:
            if begin <= target <= end:
                return target
            if end < target:
                latest = end
        return latest


_calendars: dict[tuple[int, int], tuple[LpseProfile, ServiceStandard | None, WorkCalendar]] = {}


def due(start: datetime, deadline: Deadline, calendar: WorkCalendar) -> datetime:
    """The due instant of a deadline started at `start`."""
    if deadline.unit is DeadlineUnit.MINUTES:
        return calendar.add_working(start, deadline.value * 60)
    if deadline.unit is DeadlineUnit.HOURS:
        return calendar.add_working(start, deadline.value * 3600)
    if deadline.unit is DeadlineUnit.WORKING_DAYS:
        return calendar.add_working_days(start, deadline.value)
    if deadline.unit is DeadlineUnit.TIMES_24H:
        return times_24_hours(start, deadline.value, calendar)
    return start + timedelta(days=deadline.value)


def times_24_hours(start: datetime, times: int, calendar: WorkCalendar) -> datetime:
    """'N x 24 jam': N times 24 clock hours from when the service receives the request, due while it is open.

    A request that arrives while the service is closed counts from its next opening; a due instant on a closed
    day, outside the hours or in a break moves to the next opening, since a promise cannot fall due while nobody
    is there to keep it (Depok's help desk works Monday to Thursday: a ticket on Thursday 10:00 is due on Monday
    at opening, not on Friday).
    """
    received = calendar.next_opening(start)
    return calendar.next_opening(received + timedelta(hours=24 * times)).astimezone(start.tzinfo)


# -- clocks on a case ------------------------------------------------------------------------------------------

ClockStatus = Literal["running", "paused", "stopped"]


@dataclass(frozen=True)
class ClockState:
    """One clock on a case: running towards `due`, paused with time left, or stopped."""

    name: str
    label: str
    working: bool
    status: ClockStatus
    started_at: datetime
    due: datetime | None
    remaining_seconds: float | None = None
    stopped_at: datetime | None = None
    unit: DeadlineUnit | None = None  # how the deadline counts; None for a clock stored before units were kept


class StoredClockRow(Protocol):
    """A row of a service's clock table (an asyncpg record): the columns `stored_clock` reads."""

    def __getitem__(self, key: str) -> Any: ...

    def get(self, key: str, default: Any = None) -> Any: ...


def stored_clock(row: StoredClockRow) -> ClockState:
    """A clock as a service's table keeps it: name, label, working, status, started_at, due_at,
    remaining_seconds, stopped_at and, where the table keeps it, unit."""
    unit = row.get("unit")
    return ClockState(
        name=row["name"],
        label=row["label"],
        working=row["working"],
        status=row["status"],
        started_at=row["started_at"],
        due=row["due_at"],
        remaining_seconds=row["remaining_seconds"],
        stopped_at=row["stopped_at"],
        unit=DeadlineUnit(unit) if unit else None,
    )


def start_clock(clock: Clock, at: datetime, calendar: WorkCalendar) -> ClockState:
    """Start a clock from the profile at `at`."""
    unit = clock.deadline.unit
    return ClockState(
        clock.name, clock.label, unit in WORKING_UNITS, "running", at, due(at, clock.deadline, calendar), unit=unit
    )


def time_left(state: ClockState, now: datetime, calendar: WorkCalendar) -> float:
    """Seconds left (working or calendar, as the clock counts); negative once overdue."""
    if state.status == "paused":
        return state.remaining_seconds or 0.0
    if state.due is None:
        return 0.0
    moment = state.stopped_at if state.status == "stopped" and state.stopped_at else now
    if state.working:
        return calendar.working_seconds_between(moment, state.due)
    return (state.due - moment).total_seconds()


def pause(state: ClockState, at: datetime, calendar: WorkCalendar) -> ClockState:
    """Stop counting while the case waits on the applicant; keep the time left."""
    if state.status != "running":
        return state
    return replace(state, status="paused", remaining_seconds=time_left(state, at, calendar), due=None)


def resume(state: ClockState, at: datetime, calendar: WorkCalendar) -> ClockState:
    """Count again from `at` with the time that was left."""
    if state.status != "paused":
        return state
    left = state.remaining_seconds or 0.0
    if state.working:
        new_due = calendar.add_working(at, left)
    elif state.unit is DeadlineUnit.TIMES_24H:
        # 'N x 24 jam' falls due only while the service is open, as when it was started (`times_24_hours`).
        new_due = calendar.next_opening(calendar.next_opening(at) + timedelta(seconds=left)).astimezone(at.tzinfo)
    else:
        new_due = at + timedelta(seconds=left)
    return replace(state, status="running", due=new_due, remaining_seconds=None)


def stop(state: ClockState, at: datetime) -> ClockState:
    """The case moved on: the clock no longer counts."""
    return replace(state, status="stopped", stopped_at=at)


def reminder_at(state: ClockState, calendar: WorkCalendar, fraction: float = 0.8) -> datetime | None:
    """When `fraction` of the clock's time has been used (a reminder before the deadline)."""
    if state.due is None:
        return None
    if state.working:
        total = calendar.working_seconds_between(state.started_at, state.due)
        return calendar.add_working(state.started_at, total * fraction)
    return state.started_at + (state.due - state.started_at) * fraction


def describe(seconds: float, *, working: bool) -> str:
    """'sisa 1 hari 2 jam 5 menit kerja' or 'terlambat 12 menit' for a queue row."""
    late = seconds < 0
    minutes = int(abs(seconds) // 60)
    days, rest = divmod(minutes, 24 * 60) if not working else (0, minutes)
    hours, mins = divmod(rest, 60)
    parts = [f"{days} hari"] * bool(days) + [f"{hours} jam"] * bool(hours) + [f"{mins} menit"]
    text = " ".join(parts)
    if late:
        return f"terlambat {text}"
    return f"sisa {text}{' kerja' if working else ''}"


@dataclass(frozen=True)
class ClockView:
    """What a desk shows of a clock: its deadline, when it is due, the working time left or "selesai", a breach."""

    label: str
    deadline: str
    status: str
    due: datetime | None
    left: str
    breached: bool


def clock_view(row: StoredClockRow, now: datetime, calendar: WorkCalendar) -> ClockView:
    """A stored clock as a desk shows it (a stopped clock's time left is not computed: it would be thrown away)."""
    state = stored_clock(row)
    stopped = state.status == "stopped"
    left = time_left(state, now, calendar) if not stopped else 0.0
    return ClockView(
        label=row["label"],
        deadline=row["deadline_text"],
        status=row["status"],
        due=row["due_at"],
        left="selesai" if stopped else describe(left, working=state.working),
        breached=row["breached_at"] is not None or (state.status == "running" and left < 0),
    )
