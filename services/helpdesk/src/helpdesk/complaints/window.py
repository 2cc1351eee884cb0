"""The submission window: a complaint later than the LPSE's window after the service is flagged, never refused.

Pure. Counted in local calendar dates of the LPSE: Banjarmasin's "paling lambat 30 (tiga puluh) hari sejak pengadu
menerima pelayanan" (Pasal 8(3)) keeps the 30th day on time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Window:
    """How long after the service a complaint came, and whether that is past the window."""

    days_since_service: int
    late: bool


def local_date(instant: datetime, zone: str) -> date:
    """The calendar date of an instant in the LPSE's zone."""
    return instant.astimezone(ZoneInfo(zone)).date()


def window(service_received_on: date, received_at: datetime, zone: str, window_days: int | None) -> Window:
    """Days from the service to the complaint, in local dates; late only past a window the standard sets."""
    days = (local_date(received_at, zone) - service_received_on).days
    return Window(days, window_days is not None and days > window_days)
