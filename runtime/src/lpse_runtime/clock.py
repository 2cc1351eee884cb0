"""Time comes from an injected clock so that tests drive it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current, timezone-aware instant."""

    def now(self) -> datetime: ...


class SystemClock:
    """The wall clock, in UTC."""

    def now(self) -> datetime:
        """The current instant."""
        return datetime.now(UTC)


class SettableClock:
    """A clock tests move by hand; shared by every component that was given it."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("SettableClock needs a timezone-aware start")
        self._now = start

    def now(self) -> datetime:
        """The instant the test set."""
        return self._now

    def set(self, instant: datetime) -> None:
        """Move to an instant."""
        self._now = instant


class OffsetClock:
    """The wall clock moved by a fixed number of seconds: a development stack run at a chosen instant (a Friday
    after closing before a holiday), every process of it given the same offset so that they agree."""

    def __init__(self, offset_seconds: float, wall: Clock | None = None) -> None:
        self._offset = timedelta(seconds=offset_seconds)
        self._wall = wall or SystemClock()

    def now(self) -> datetime:
        """The wall clock's instant plus the offset."""
        return self._wall.now() + self._offset
