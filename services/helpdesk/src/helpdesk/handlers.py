"""What the helpdesk hears from the bus and its timers: the gateway's word on forwarded tickets, and the clocks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import asyncpg

from contracts.gateway import TicketForwardedV1, TicketForwardRefusedV1
from contracts.lpse import LpseProfile
from helpdesk.settings import Settings
from helpdesk.usecases import deadlines, lkpp
from lpse_runtime.consumer import Dispatch
from lpse_runtime.timers import OnFire, Timer

DURABLE = "helpdesk-from-gateway"


def gateway_dispatch(profiles: Mapping[str, LpseProfile], settings: Settings) -> Dispatch:
    """The gateway's facts, each to its handler, in stream order (one durable, ordered)."""

    async def refused(event: TicketForwardRefusedV1, conn: asyncpg.Connection) -> None:
        await lkpp.on_forward_refused(event, conn, profiles=profiles, settings=settings)

    return Dispatch().on(TicketForwardedV1, lkpp.on_forwarded).on(TicketForwardRefusedV1, refused)


def timer_handler(profiles: Mapping[str, LpseProfile], settings: Settings) -> OnFire:
    """The durable timers' effect."""

    async def fire(conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
        await deadlines.on_timer(conn, timer, now, profiles=profiles, settings=settings)

    return fire
