"""A clock row as the services' tables keep it reads back as the same clock, its unit included where the table
keeps one (the 1 x 24 jam resume depends on it) and absent where it does not."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from contracts.lpse import DeadlineUnit
from lpse_runtime.worktime import ClockState, stored_clock

STARTED = datetime(2026, 12, 9, 3, 0, tzinfo=UTC)  # Wed 9 Dec 2026 10:00 WIB
DUE = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)
STOPPED = datetime(2026, 12, 9, 4, 0, tzinfo=UTC)


def row(**overrides: Any) -> dict[str, Any]:
    """A paused DPK-1c clock as `case_clocks` keeps it."""
    base: dict[str, Any] = {
        "name": "penanganan",
        "label": "Penanganan permasalahan (DPK-1c)",
        "working": False,
        "status": "paused",
        "started_at": STARTED,
        "due_at": DUE,
        "remaining_seconds": 82800.0,
        "stopped_at": STOPPED,
        "unit": "x24_jam",
    }
    return {**base, **overrides}


def test_every_column_reads_back_into_its_field() -> None:
    assert stored_clock(row()) == ClockState(
        name="penanganan",
        label="Penanganan permasalahan (DPK-1c)",
        working=False,
        status="paused",
        started_at=STARTED,
        due=DUE,
        remaining_seconds=82800.0,
        stopped_at=STOPPED,
        unit=DeadlineUnit.TIMES_24H,
    )


def test_a_table_without_a_unit_column_or_an_empty_one_gives_no_unit() -> None:
    without = row()
    del without["unit"]
    assert stored_clock(without).unit is None
    assert stored_clock(row(unit=None)).unit is None
    assert stored_clock(row(unit="hari_kerja")).unit is DeadlineUnit.WORKING_DAYS
