"""LKPP's answer to a forwarded change reaches the account's history once (README, "Changes reaching LKPP").

Real PostgreSQL and JetStream: the gateway's facts are published on GATEWAY as its relay would, and verification
reads them through its durable `verification-from-gateway`.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.envelope import Actor, Event
from contracts.gateway import ProviderChangeForwardedV1, ProviderChangeForwardRefusedV1
from tests.support import Infra, application_submitted, eventually, reset_identity, reset_schema
from verification import activation_db, db
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration
AT = datetime(2026, 12, 30, 2, 0, 5, tzinfo=UTC)
DURABLE = "verification-from-gateway"


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    service = create_app(Settings(database_url=url, nats_url=infra.nats_url))
    async with service.router.lifespan_context(service):
        yield service


async def activated_provider(pool: asyncpg.Pool, user_id: str) -> uuid.UUID:
    """A Banjarmasin account left by an activated case."""
    event = application_submitted("banjarmasin", "CV Maju Jaya")
    case_id, provider_id, now = uuid.uuid4(), uuid.uuid4(), datetime.now(UTC)
    async with pool.acquire() as conn, conn.transaction():
        await db.open_case(conn, case_id, event, now, "uji")
        case = await db.get_case(conn, case_id)
        await activation_db.insert_provider(conn, provider_id=provider_id, user_id=user_id, case=case, now=now)
    return provider_id


def answer(provider_id: uuid.UUID, **fields: object) -> dict[str, object]:
    change_event = uuid.uuid4()
    return {
        "occurred_at": AT,
        "lpse": "banjarmasin",
        "correlation_id": provider_id,
        "causation_id": change_event,
        "actor": Actor.system("gateway"),
        "provider_id": provider_id,
        "user_id": "CVMAJUJAYA01",
        "change_event_id": change_event,
        "attempts": 2,
        **fields,
    }


async def publish(nc: Client, event: Event) -> None:
    """The gateway's relay publishing the fact (a second publish keeps a second copy, as a redelivery brings it)."""
    await nc.jetstream().publish(event.subject, event.model_dump_json().encode())


async def consumed(nc: Client, messages: int) -> bool:
    info = await nc.jetstream().consumer_info("GATEWAY", DURABLE)
    return bool(info.delivered.stream_seq == messages and info.num_ack_pending == 0 and info.num_pending == 0)


async def history(pool: asyncpg.Pool, provider_id: uuid.UUID) -> list[tuple[object, ...]]:
    rows = await pool.fetch(
        "SELECT at, what, detail, actor, request_id FROM account_history WHERE provider_id = $1 ORDER BY id",
        provider_id,
    )
    return [tuple(r) for r in rows]


async def test_lkpps_number_is_written_once_into_the_accounts_history(app: FastAPI, nc: Client) -> None:
    pool = app.state.runtime.pool
    provider_id = await activated_provider(pool, "CVMAJUJAYA01")
    forwarded = ProviderChangeForwardedV1.model_validate(
        answer(
            provider_id,
            change="changed",
            request_id=uuid.uuid4(),  # a request this registry does not hold: the line names none
            request_reference="PRM-BJM-2612-000042",
            lkpp_ref="LKPP-PRB-1A2B3C4D",
        )
    )
    await publish(nc, forwarded)
    await publish(nc, forwarded)
    await eventually(lambda: consumed(nc, 2), what="both copies acknowledged")
    assert await history(pool, provider_id) == [
        (
            AT,
            "Perubahan diteruskan ke LKPP",
            "Nomor LKPP LKPP-PRB-1A2B3C4D (Perubahan data akun, permohonan PRM-BJM-2612-000042)",
            "LKPP",
            None,
        )
    ]
    audit = await pool.fetch("SELECT entity, entity_id, action FROM audit_log WHERE entity = 'provider'")
    assert [tuple(r) for r in audit] == [("provider", str(provider_id), "lkpp_forwarded")]


async def test_lkpps_refusal_is_written_with_its_reason(app: FastAPI, nc: Client) -> None:
    pool = app.state.runtime.pool
    provider_id = await activated_provider(pool, "CVMAJUJAYA01")
    refused = ProviderChangeForwardRefusedV1.model_validate(
        answer(provider_id, change="deactivated", http_status=422, reason="Penyedia tidak dikenal", attempts=1)
    )
    await publish(nc, refused)
    await eventually(lambda: consumed(nc, 1), what="the refusal acknowledged")
    assert await history(pool, provider_id) == [
        (AT, "LKPP menolak perubahan", "Alasan: Penyedia tidak dikenal (Penonaktifan akun)", "LKPP", None)
    ]


async def test_an_answer_for_an_account_this_registry_does_not_hold_is_acknowledged_and_writes_nothing(
    app: FastAPI, nc: Client
) -> None:
    pool = app.state.runtime.pool
    stranger = ProviderChangeForwardedV1.model_validate(
        answer(uuid.uuid4(), change="reactivated", lkpp_ref="LKPP-PRB-00000000")
    )
    await publish(nc, stranger)
    await eventually(lambda: consumed(nc, 1), what="the answer acknowledged")
    assert await pool.fetchval("SELECT count(*) FROM account_history") == 0
    assert (await nc.jetstream().stream_info("DEADLETTER")).state.messages == 0
