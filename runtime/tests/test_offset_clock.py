"""A development stack can run at a chosen instant: every service's clock is the wall clock plus
`LPSE_CLOCK_OFFSET_SECONDS`; outside development the offset stops the service, like a shipped secret."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lpse_runtime.clock import OffsetClock, SettableClock, SystemClock
from lpse_runtime.service import clock_from
from lpse_runtime.settings import InsecureSettings, ServiceSettings

URL = "postgresql://x@127.0.0.1/x"


def test_the_offset_clock_is_the_wall_clock_moved_by_the_offset() -> None:
    wall = SettableClock(datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    clock = OffsetClock(
        -(datetime(2026, 12, 2, 9, 0, tzinfo=UTC) - datetime(2026, 8, 14, 8, 45, tzinfo=UTC)).total_seconds(), wall
    )
    assert clock.now() == datetime(2026, 8, 14, 8, 45, tzinfo=UTC)  # Fri 14 Aug 2026 16:45 WITA
    wall.set(wall.now() + timedelta(seconds=90))
    assert clock.now() == datetime(2026, 8, 14, 8, 46, 30, tzinfo=UTC), "it keeps running with the wall clock"


def test_the_offset_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LPSE_CLOCK_OFFSET_SECONDS", "-3600")
    settings = ServiceSettings(database_url=URL, lpse_env="development")
    assert settings.clock_offset_seconds == -3600
    clock = clock_from(settings)
    assert isinstance(clock, OffsetClock)
    assert abs((datetime.now(UTC) - timedelta(hours=1) - clock.now()).total_seconds()) < 5


def test_without_an_offset_the_service_keeps_the_wall_clock() -> None:
    assert isinstance(clock_from(ServiceSettings(database_url=URL, lpse_env="production")), SystemClock)


def test_an_offset_outside_development_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LPSE_CLOCK_OFFSET_SECONDS", "60")
    settings = ServiceSettings(database_url=URL, lpse_env="production", session_secret="s" * 32)
    with pytest.raises(InsecureSettings, match="LPSE_CLOCK_OFFSET_SECONDS=60"):
        settings.refuse_default_secrets()
    with pytest.raises(InsecureSettings, match="LPSE_ENV=development"):
        clock_from(settings)
