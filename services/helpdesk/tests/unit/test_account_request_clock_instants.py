"""The account request clocks' due instants, computed by hand from each standard and the profile's hours: Depok
DPK-2a 15 menit in its Monday–Thursday 09.00–16.00, DPK-3a 10 menit in Monday–Friday 09.00–14.00, Temanggung TMG-2
2 x 24 jam from receipt (due only while open), Magelang MGL-O 12 jam of working time; and which steps stop it."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from contracts.lpse import load_profiles
from helpdesk.accounts.clocks import calendar_of, moves_clock
from helpdesk.accounts.tables import Status, Trigger
from lpse_runtime.settings import REPO_ROOT
from lpse_runtime.worktime import reminder_at, start_clock

PROFILES = load_profiles(REPO_ROOT / "deploy" / "lpse")
WIB = ZoneInfo("Asia/Jakarta")


def due(lpse: str, service_id: str, at: datetime) -> datetime:
    profile = PROFILES[lpse]
    service = next(s for s in profile.services if s.id == service_id)
    state = start_clock(service.clocks[0], at, calendar_of(profile, service))
    assert state.due is not None
    return state.due.astimezone(WIB)


@pytest.mark.parametrize(
    ("lpse", "service_id", "received", "expected"),
    [
        # Thursday 10:00 + 48 hours = Saturday 10:00, closed: Monday at opening (the profile's own example)
        ("temanggung", "TMG-2", datetime(2026, 12, 3, 10, 0, tzinfo=WIB), datetime(2026, 12, 7, 8, 0, tzinfo=WIB)),
        # Monday 09:00 + 48 hours = Wednesday 09:00, open
        ("temanggung", "TMG-2", datetime(2026, 11, 30, 9, 0, tzinfo=WIB), datetime(2026, 12, 2, 9, 0, tzinfo=WIB)),
        # DPK-2a works Monday–Thursday: a file on Friday counts from Monday 09:00
        ("depok", "DPK-2a", datetime(2026, 12, 4, 10, 0, tzinfo=WIB), datetime(2026, 12, 7, 9, 15, tzinfo=WIB)),
        ("depok", "DPK-2e", datetime(2026, 12, 3, 15, 50, tzinfo=WIB), datetime(2026, 12, 7, 9, 5, tzinfo=WIB)),
        # DPK-3a works Monday–Friday until 14:00: 5 minutes on Friday, 5 on Monday
        ("depok", "DPK-3a", datetime(2026, 12, 4, 13, 55, tzinfo=WIB), datetime(2026, 12, 7, 9, 5, tzinfo=WIB)),
        # MGL-O: 12 working hours of 6 a day (08–15, break 12–13): Monday 08:00 → Tuesday 15:00
        ("magelang", "MGL-O", datetime(2026, 12, 7, 8, 0, tzinfo=WIB), datetime(2026, 12, 8, 15, 0, tzinfo=WIB)),
    ],
)
def test_due_instant(lpse: str, service_id: str, received: datetime, expected: datetime) -> None:
    assert due(lpse, service_id, received) == expected


def test_the_reminder_comes_at_80_percent_of_the_working_time() -> None:
    profile = PROFILES["depok"]
    service = next(s for s in profile.services if s.id == "DPK-2a")
    cal = calendar_of(profile, service)
    state = start_clock(service.clocks[0], datetime(2026, 12, 7, 10, 0, tzinfo=WIB), cal)
    assert reminder_at(state, cal) == datetime(2026, 12, 7, 10, 12, tzinfo=WIB)


@pytest.mark.parametrize(
    ("trigger", "after", "move"),
    [
        (Trigger.KEMBALIKAN, Status.DIKEMBALIKAN, "stop"),
        (Trigger.AJUKAN_ULANG, Status.DIAJUKAN, "start"),
        (Trigger.LENGKAP, Status.DIESKALASI, ""),
        (Trigger.LENGKAP, Status.MENUNGGU_DISPOSISI, ""),
        (Trigger.DISPOSISI, Status.DIDISPOSISI, ""),
        (Trigger.SIAPKAN, Status.DISIAPKAN, ""),
        (Trigger.KONFIRMASI, Status.DISETUJUI, "stop"),
        (Trigger.SETUJUI, Status.DISETUJUI, "stop"),
        (Trigger.TOLAK, Status.DITOLAK, "stop"),
        (Trigger.VERIFIKASI, Status.DIVERIFIKASI, "stop"),
        (Trigger.AKUN_DITOLAK, Status.DIESKALASI, ""),
    ],
)
def test_which_steps_stop_and_restart_the_clock(trigger: Trigger, after: Status, move: str) -> None:
    assert moves_clock(trigger, after) == move
