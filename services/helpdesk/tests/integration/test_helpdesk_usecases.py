"""Opening a ticket over real PostgreSQL: the form's key makes one ticket, one fact and one audit row."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest

from contracts.lpse import load_profiles
from helpdesk import usecases
from helpdesk.domain import validate_ticket
from lpse_runtime.db import create_pool
from tests.support import Infra, reset_schema

pytestmark = pytest.mark.integration
AT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
BANJARMASIN = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")["banjarmasin"]
REPORT = {
    "category": "akun_penyedia",
    "summary": "Lupa kata sandi",
    "description": "Tautan atur ulang kata sandi tidak sampai ke email kantor.",
    "email": "admin@cvsentosa.co.id",
}


@pytest.fixture
async def pool(infra: Infra) -> AsyncIterator[asyncpg.Pool]:
    created = await create_pool(await reset_schema(infra, "helpdesk"), schema="helpdesk")
    try:
        yield created
    finally:
        await created.close()


async def test_the_same_form_sent_twice_at_once_opens_one_ticket(pool: asyncpg.Pool) -> None:
    form, _ = validate_ticket(REPORT)
    assert form is not None
    key = uuid.uuid4()
    first, second = await asyncio.gather(
        usecases.report(pool, BANJARMASIN, form, key, AT), usecases.report(pool, BANJARMASIN, form, key, AT)
    )
    assert first == second and first.startswith("TIK-BJM-")
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM tickets") == 1
        assert await conn.fetchval("SELECT status FROM tickets") == "open"
        assert await conn.fetchval("SELECT array_agg(subject) FROM outbox") == ["helpdesk.banjarmasin.ticket.opened.v1"]
        audit = await conn.fetch("SELECT actor_id, actor_role, action, before, after FROM audit_log")
    assert [tuple(r) for r in audit] == [("admin@cvsentosa.co.id", "penyedia", "open", None, "open")]


async def test_another_form_opens_another_ticket(pool: asyncpg.Pool) -> None:
    form, _ = validate_ticket(REPORT)
    assert form is not None
    first = await usecases.report(pool, BANJARMASIN, form, uuid.uuid4(), AT)
    second = await usecases.report(pool, BANJARMASIN, form, uuid.uuid4(), AT)
    assert first != second
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT count(*) FROM outbox") == 2
