"""Verification's reactions: each application becomes a case with its clocks; due timers announce deadlines.

Each handler maps its fact (or timer) to one use case in `usecases.intake`, inside the inbox's transaction.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg

from contracts.lpse import LpseProfile
from contracts.registration import ApplicationResubmittedV1, ApplicationSubmittedV1
from lpse_runtime.clock import Clock
from lpse_runtime.settings import ServiceSettings
from lpse_runtime.timers import OnFire, Timer
from verification.account_requests import desk_usecases as request_desk
from verification.usecases import intake


async def on_application_submitted(
    event: ApplicationSubmittedV1, conn: asyncpg.Connection, *, clock: Clock, profiles: dict[str, LpseProfile]
) -> None:
    """Open a case for the application, in its LPSE's queue or waiting for the counter visit."""
    await intake.open_case(conn, event, now=clock.now(), profiles=profiles)


CASE_TIMER_KINDS = ("reminder", "breach")  # a case's clocks; a provider request's are `permohonan.*`


async def on_timer(conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
    """A reminder or breach timer is due."""
    await intake.deadline_due(conn, timer, now)


async def on_application_resubmitted(
    event: ApplicationResubmittedV1, conn: asyncpg.Connection, *, clock: Clock, profiles: dict[str, LpseProfile]
) -> None:
    """The applicant uploaded again what was returned."""
    await intake.take_back(conn, event, now=clock.now(), profiles=profiles)


def request_timer(settings: ServiceSettings) -> OnFire:
    """A provider request clock's reminder or breach (kinds `permohonan.*`)."""

    async def fire(conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
        await request_desk.deadline_due(conn, timer, now, settings)

    return fire
