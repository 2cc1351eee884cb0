"""What the helpdesk hears from the bus and its timers: the gateway's word on forwarded tickets, and the clocks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

import asyncpg

from contracts.gateway import (
    ForensicAnsweredV1,
    ForensicForwardedV1,
    ForensicForwardRefusedV1,
    TicketForwardedV1,
    TicketForwardRefusedV1,
)
from contracts.lpse import LpseProfile
from helpdesk.forensic import gateway as forensic_gateway
from helpdesk.forensic.desk import ForensicDesk
from helpdesk.settings import Settings
from helpdesk.usecases import deadlines, lkpp
from lpse_runtime.consumer import Dispatch
from lpse_runtime.timers import OnFire, Timer

DURABLE = "helpdesk-from-gateway"


def gateway_dispatch(
    profiles: Mapping[str, LpseProfile], settings: Settings, forensic_desk: Callable[[], ForensicDesk]
) -> Dispatch:
    """The gateway's facts, each to its handler, in stream order (one durable, ordered)."""

    async def refused(event: TicketForwardRefusedV1, conn: asyncpg.Connection) -> None:
        await lkpp.on_forward_refused(event, conn, profiles=profiles, settings=settings)

    dispatch = Dispatch().on(TicketForwardedV1, lkpp.on_forwarded).on(TicketForwardRefusedV1, refused)
    return forensic_handlers(dispatch, forensic_desk)


def forensic_handlers(dispatch: Dispatch, desk: Callable[[], ForensicDesk]) -> Dispatch:
    """Uji forensik: LKPP's and BSSN's word on an escalation (accepted, answered, refused), through the gateway."""

    async def answered(event: ForensicAnsweredV1, conn: asyncpg.Connection) -> None:
        await forensic_gateway.on_answered(desk(), event, conn)

    async def refused(event: ForensicForwardRefusedV1, conn: asyncpg.Connection) -> None:
        await forensic_gateway.on_forward_refused(desk(), event, conn)

    return (
        dispatch.on(ForensicForwardedV1, forensic_gateway.on_forwarded)
        .on(ForensicAnsweredV1, answered)
        .on(ForensicForwardRefusedV1, refused)
    )


def timer_handler(profiles: Mapping[str, LpseProfile], settings: Settings) -> OnFire:
    """The durable timers' effect."""

    async def fire(conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
        await deadlines.on_timer(conn, timer, now, profiles=profiles, settings=settings)

    return fire
