"""What the account desk hears: identity's answers to an approved request, and the request clocks' timers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import asyncpg

from contracts.identity import (
    InternalAccountChangedV1,
    InternalAccountCreatedV1,
    InternalAccountDeactivatedV1,
    InternalAccountRefusedV1,
)
from helpdesk.accounts import usecases
from helpdesk.accounts.domain import Step
from helpdesk.accounts.tables import Trigger
from helpdesk.accounts.usecases import AccountDesk
from lpse_runtime.consumer import Dispatch
from lpse_runtime.timers import OnFire, Timer

DURABLE = "helpdesk-from-identity"
AccountDone = InternalAccountCreatedV1 | InternalAccountChangedV1 | InternalAccountDeactivatedV1


def identity_dispatch(desk: Callable[[], AccountDesk]) -> Dispatch:
    """Identity's answers, each moving its request on once (the inbox and the table both stop a redelivery)."""

    async def done(event: AccountDone, conn: asyncpg.Connection) -> None:
        step = Step(Trigger.AKUN_DIBUAT, username=event.username)
        await usecases.identity_answered(desk(), conn, event.request_id, step)

    async def refused(event: InternalAccountRefusedV1, conn: asyncpg.Connection) -> None:
        step = Step(Trigger.AKUN_DITOLAK, reason=event.reason)
        await usecases.identity_answered(desk(), conn, event.request_id, step)

    return (
        Dispatch()
        .on(InternalAccountCreatedV1, done)
        .on(InternalAccountChangedV1, done)
        .on(InternalAccountDeactivatedV1, done)
        .on(InternalAccountRefusedV1, refused)
    )


def timer_handler(desk: Callable[[], AccountDesk]) -> OnFire:
    """A request clock's reminder or breach (kinds `akun.*`)."""

    async def fire(conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
        await usecases.deadline_due(desk(), conn, timer, now)

    return fire
