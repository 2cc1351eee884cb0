"""DPK-2d's 30 minutes for the trial and the escalation, counted in the service's own hours (Senin–Kamis
09.00–16.00 WIB, `senin_kamis_selesai` in deploy/lpse/depok.yaml); each instant below is worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.lpse import load_profiles
from helpdesk.forensic.clocks import instants
from helpdesk.forensic.desk import service_of

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")


def utc(day: int, hour: int, minute: int) -> datetime:
    """A December 2026 instant given in WIB (UTC+7)."""
    return datetime(2026, 12, day, hour - 7, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("filed", "reminder", "due"),
    [
        # Mon 14 Dec 10.00 WIB: +24 min reminder, +30 min due, same morning
        (utc(14, 10, 0), utc(14, 10, 24), utc(14, 10, 30)),
        # Thu 10 Dec 15.50: 10 min on Thursday, Friday to Sunday closed, the rest on Monday 14 Dec from 09.00
        (utc(10, 15, 50), utc(14, 9, 14), utc(14, 9, 20)),
        # Fri 11 Dec 10.00 (not a working day of DPK-2d): counting starts Monday 09.00
        (utc(11, 10, 0), utc(14, 9, 24), utc(14, 9, 30)),
        # Tue 15 Dec 07.30, before opening: from 09.00
        (utc(15, 7, 30), utc(15, 9, 24), utc(15, 9, 30)),
    ],
)
def test_the_thirty_minutes_fall_due_in_the_services_working_time(
    filed: datetime, reminder: datetime, due: datetime
) -> None:
    profile = PROFILES["depok"]
    service = service_of(profile)
    assert service is not None and service.id == "DPK-2d"
    assert instants(profile, service, filed) == (reminder, due)


def test_an_lpse_without_the_service_has_no_forensic_desk() -> None:
    assert service_of(PROFILES["temanggung"]) is None
