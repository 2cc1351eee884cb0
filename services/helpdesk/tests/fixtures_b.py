"""Fixtures of the ticket desk's tests: a fresh helpdesk schema, the shipped profiles, settings, a report."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import asyncpg
import pytest
from nats.aio.client import Client

from contracts.envelope import Actor
from contracts.lpse import LpseProfile, load_profiles
from helpdesk.domain import EscalateForm, TicketForm, validate_ticket
from helpdesk.settings import Settings
from helpdesk.usecases import desk, intake
from lpse_runtime.db import create_pool
from lpse_runtime.settings import REPO_ROOT
from tests.support import Infra, eventually, reset_schema

PROFILES: dict[str, LpseProfile] = load_profiles(REPO_ROOT / "deploy" / "lpse")
SETTINGS = Settings(
    database_url="postgresql://unused@127.0.0.1:1/none",
    link_secret="helpdesk-test-link-secret",
    lkpp_callback_secret="helpdesk-test-lkpp-secret",
)
REPORT = {
    "category": "masalah_spse",
    "reporter_role": "penyedia",
    "name": "Siti Rahma",
    "email": "admin@cvsentosa.co.id",
    "phone": "081234567890",
    "summary": "Gagal unggah dokumen penawaran",
    "description": "Unggah dokumen penawaran gagal terus dengan pesan galat 500.",
    "language": "id",
}


def staff(username: str, role: str) -> Actor:
    """A staff member acting in one role."""
    return Actor(id=username, role=role)


def report_form(**changes: str) -> TicketForm:
    """A valid public report, with some fields changed."""
    form, errors = validate_ticket({**REPORT, **changes})
    assert form is not None, errors
    return form


async def open_ticket(pool: asyncpg.Pool, lpse: str, now: datetime, **changes: str) -> intake.Receipt:
    """A ticket reported on the public form of an LPSE."""
    return await intake.report(pool, PROFILES[lpse], report_form(**changes), uuid.uuid4(), now, settings=SETTINGS)


@pytest.fixture
async def pool(infra: Infra) -> AsyncIterator[asyncpg.Pool]:
    """A fresh helpdesk schema with its migrations."""
    created = await create_pool(await reset_schema(infra, "helpdesk"), schema="helpdesk")
    try:
        yield created
    finally:
        await created.close()


async def forwarded_ticket(pool: asyncpg.Pool, now: datetime) -> intake.Receipt:
    """A Depok ticket its Helpdesk forwarded straight to LKPP (DPK-1c)."""
    receipt = await open_ticket(pool, "depok", now)
    helpdesk, depok = staff("helpdesk.depok", "helpdesk"), PROFILES["depok"]
    await desk.act(pool, depok, receipt.ticket_id, "claim", actor=helpdesk, form=None, now=now, settings=SETTINGS)
    form = EscalateForm(reason="Galat aplikasi pusat.", lkpp_note="Galat 500 saat unggah penawaran pada SPSE.")
    await desk.act(pool, depok, receipt.ticket_id, "escalate", actor=helpdesk, form=form, now=now, settings=SETTINGS)
    return receipt


async def published(nc: Client, subject: str, count: int = 1) -> list[dict[str, Any]]:
    """Wait until the relay has published `count` facts on the subject, then the last one's payload (as a list)."""
    js = nc.jetstream()

    async def arrived() -> bool:
        info = await js.stream_info("HELPDESK", subjects_filter=subject)
        return (info.state.subjects or {}).get(subject, 0) >= count

    await eventually(arrived, what=f"{count} × {subject} on the HELPDESK stream")
    info = await js.stream_info("HELPDESK", subjects_filter=subject)
    assert (info.state.subjects or {}).get(subject, 0) == count, f"more than {count} × {subject}"
    last = await js.get_last_msg("HELPDESK", subject)
    return [json.loads(last.data or b"{}")]
