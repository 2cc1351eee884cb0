"""Time comes from an injected clock so that tests drive it."""

from __future__ import annotations

from datetime import UTC, datetime
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
