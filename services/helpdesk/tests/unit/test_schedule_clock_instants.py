"""DPK-2c's 15 minutes counted in the service's own working time (Monday–Thursday 09.00–16.00 WIB, per the
profile's reading of "Senin – Kamis pukul 09.00 s/d selesai"), with the reminder at 80 %; the instants are
computed by hand here."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from contracts.lpse import load_profiles
from helpdesk.schedule.clocks import due_of
from helpdesk.schedule.usecases import service_of
from lpse_runtime.settings import REPO_ROOT

PROFILES = load_profiles(REPO_ROOT / "deploy" / "lpse")
WIB = ZoneInfo("Asia/Jakarta")


def wib(day: int, hour: int, minute: int) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=WIB)


@pytest.mark.parametrize(
    ("filed", "reminder", "due"),
    [
        # Wednesday mid-morning: 15 minutes later the same morning; 12 minutes (80 %) for the reminder.
        (wib(2, 10, 0), wib(2, 10, 12), wib(2, 10, 15)),
        # Thursday 15.50: 10 minutes left on Thursday, Friday is not a working day of DPK-2c, the rest on Monday.
        (wib(3, 15, 50), wib(7, 9, 2), wib(7, 9, 5)),
        # Friday (the LPSE's office is open, DPK-2c's is not): counting starts Monday 09.00.
        (wib(4, 10, 0), wib(7, 9, 12), wib(7, 9, 15)),
        # Before opening on Tuesday: from 09.00.
        (wib(1, 7, 30), wib(1, 9, 12), wib(1, 9, 15)),
        # Thursday 15.55: 5 minutes on Thursday, 10 on Monday; the reminder (12 min) also on Monday.
        (wib(3, 15, 55), wib(7, 9, 7), wib(7, 9, 10)),
    ],
)
def test_due_and_reminder_of_a_complete_submission(filed: datetime, reminder: datetime, due: datetime) -> None:
    depok = PROFILES["depok"]
    service = service_of(depok)
    assert service is not None and service.id == "DPK-2c"
    assert due_of(depok, service, filed) == (reminder, due)


def test_only_depok_has_the_service() -> None:
    assert {code for code, p in PROFILES.items() if service_of(p) is not None} == {"depok"}
