"""One call stores a decision: its state, its facts in the outbox and its audit row commit together or not at all."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import asyncpg
import pytest

from contracts.envelope import Actor
from contracts.helpdesk import TicketCategory, TicketOpenedV1
from lpse_runtime.commit import commit
from lpse_runtime.decision import AuditEntry, Decided
from tests.support import Infra, reset_schema

pytestmark = pytest.mark.integration

AT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
ACTOR = Actor(id="helpdesk.depok", role="helpdesk")


def opened(ticket_id: uuid.UUID) -> Decided[str]:
    """A ticket opened: its state, one fact, one audit row."""
    fact = TicketOpenedV1(
        lpse="depok",
        occurred_at=AT,
        correlation_id=ticket_id,
        actor=ACTOR,
        ticket_id=ticket_id,
        reference="HD-1",
        category=TicketCategory.ACCOUNT,
        summary="Lupa kata sandi",
        reporter_email="pemohon@contoh.co.id",
    )
    audit = AuditEntry(AT, ACTOR, "ticket", str(ticket_id), "open", None, "opened")
    return Decided(state="opened", facts=(fact,), audit=audit)


async def counts(conn: asyncpg.Connection) -> tuple[int, int]:
    """(outbox rows, audit rows)."""
    return (await conn.fetchval("SELECT count(*) FROM outbox"), await conn.fetchval("SELECT count(*) FROM audit_log"))


async def test_state_facts_and_audit_row_are_stored_by_one_call(infra: Infra) -> None:
    conn = await asyncpg.connect(await reset_schema(infra, "helpdesk"))
    saved: list[str] = []

    async def save(c: asyncpg.Connection, state: str) -> None:
        saved.append(state)

    try:
        assert await commit(conn, opened(uuid.uuid4()), save) == "opened"
        assert saved == ["opened"]
        assert await counts(conn) == (1, 1)
        subject = await conn.fetchval("SELECT subject FROM outbox")
        assert subject == "helpdesk.depok.ticket.opened.v1"
    finally:
        await conn.close()


async def test_a_fact_that_cannot_be_enqueued_undoes_the_saved_state_and_writes_no_audit_row(infra: Infra) -> None:
    conn = await asyncpg.connect(await reset_schema(infra, "helpdesk"))
    await conn.execute("CREATE TEMP TABLE saved (state text)")

    async def save(c: asyncpg.Connection, state: str) -> None:
        await c.execute("INSERT INTO saved VALUES ($1)", state)

    decided = opened(uuid.uuid4())
    try:
        await commit(conn, decided, save)
        with pytest.raises(asyncpg.UniqueViolationError):  # the same event id again: the outbox refuses it
            await commit(conn, decided, save)
        assert await conn.fetchval("SELECT count(*) FROM saved") == 1
        assert await counts(conn) == (1, 1)
    finally:
        await conn.close()


async def test_inside_a_callers_transaction_the_decision_rolls_back_with_the_caller(infra: Infra) -> None:
    conn = await asyncpg.connect(await reset_schema(infra, "helpdesk"))
    try:
        with pytest.raises(RuntimeError):
            async with conn.transaction():
                await commit(conn, opened(uuid.uuid4()))
                raise RuntimeError("the handler fails after deciding")
        assert await counts(conn) == (0, 0)
    finally:
        await conn.close()
