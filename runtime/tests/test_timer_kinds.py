"""Two timer handlers in one service claim disjoint kinds: a worker marks every timer it fires as fired, so one
handed to a handler that does not know its kind would be lost. An overlap stops the service at its composition."""

from __future__ import annotations

from datetime import datetime

import asyncpg
import pytest

from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from lpse_runtime.timers import Timer


async def nothing(conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
    """A handler that does nothing."""


def runtime() -> ServiceRuntime:
    return ServiceRuntime("helpdesk", ServiceSettings(database_url="postgresql://x@127.0.0.1/x"))


def test_disjoint_kinds_each_get_their_worker() -> None:
    service = runtime()
    service.on_timer(nothing, kinds=("pengaduan.pengingat", "pengaduan.tenggat"))
    service.on_timer(nothing, kinds=("tiket.tenggat",))


@pytest.mark.parametrize(
    ("first", "second"),
    [(None, ("pengaduan.tenggat",)), (("pengaduan.tenggat",), None), (("a", "b"), ("b",)), (None, None)],
)
def test_overlapping_kinds_are_refused(first: tuple[str, ...] | None, second: tuple[str, ...] | None) -> None:
    service = runtime()
    service.on_timer(nothing, kinds=first)
    with pytest.raises(ValueError, match="overlap"):
        service.on_timer(nothing, kinds=second)
