"""Fixtures of the ticket desk's tests: a fresh helpdesk schema, the shipped profiles, settings, a report."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime

import asyncpg
import pytest

from contracts.envelope import Actor
from contracts.lpse import LpseProfile, load_profiles
from helpdesk.domain import TicketForm, validate_ticket
from helpdesk.settings import Settings
from helpdesk.usecases import intake
from lpse_runtime.db import create_pool
from lpse_runtime.settings import REPO_ROOT
from tests.support import Infra, reset_schema

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
