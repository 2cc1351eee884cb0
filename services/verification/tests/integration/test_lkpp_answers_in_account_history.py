"""LKPP's answer to a forwarded change reaches the account's history once (README, "Changes reaching LKPP").

Real PostgreSQL and JetStream: the gateway's facts are published on GATEWAY as its relay would, and verification
reads them through its durable `verification-from-gateway`; the last test runs the whole way, through the gateway
and the LKPP simulator.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.envelope import Actor, Event
from contracts.gateway import ProviderChangeForwardedV1, ProviderChangeForwardRefusedV1
from contracts.provider_account import FieldChange, ProviderAccountChangedV1
from devstack.processes import free_port
from gateway.app import create_app as create_gateway
from gateway.settings import Settings as GatewaySettings
from tests.support import Infra, application_submitted, eventually, lkpp_simulator, reset_identity, reset_schema
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


async def test_an_aggregated_accounts_change_goes_through_the_gateway_to_lkpp_and_back_into_its_history(
    app: FastAPI, infra: Infra, nc: Client
) -> None:
    pool = app.state.runtime.pool
    provider_id = await activated_provider(pool, "CVMAJUJAYA01")
    secret, port = "rahasia-lkpp-uji-riwayat", free_port()
    gateway = create_gateway(
        GatewaySettings(
            database_url=await reset_schema(infra, "gateway"),
            nats_url=infra.nats_url,
            lkpp_api_url=f"http://127.0.0.1:{port}/lkpp/api",
            lkpp_callback_secret=secret,
            forwarder_poll_seconds=0.1,
        )
    )
    email = FieldChange(field="email", label="Email", before="lama@majujaya.co.id", after="baru@majujaya.co.id")
    changed = ProviderAccountChangedV1(
        occurred_at=AT,
        lpse="banjarmasin",
        correlation_id=provider_id,
        actor=Actor(id="verifikator.banjarmasin", role="verifikator"),
        provider_id=provider_id,
        user_id="CVMAJUJAYA01",
        company_name="CV Maju Jaya",
        email="baru@majujaya.co.id",
        request_id=uuid.uuid4(),
        reference="PRM-BJM-2612-000043",
        kind="email",
        changes=(email,),
        previous_email="lama@majujaya.co.id",
        aggregated=True,
    )
    async with lkpp_simulator(port, secret) as api, gateway.router.lifespan_context(gateway):
        await nc.jetstream().publish(changed.subject, changed.model_dump_json().encode())

        async def written() -> bool:
            return len(await history(pool, provider_id)) == 1

        await eventually(written, what="LKPP's number in the account's history")
        held = await api_get(f"{api}/penyedia/CVMAJUJAYA01")
    ((_at, what, detail, actor, request_id),) = await history(pool, provider_id)
    (received,) = held["perubahan"]
    assert (what, actor, request_id, held["email"]) == (
        "Perubahan diteruskan ke LKPP",
        "LKPP",
        None,
        "baru@majujaya.co.id",
    )
    assert detail == f"Nomor LKPP {received['lkpp_ref']} (Perubahan data akun, permohonan PRM-BJM-2612-000043)"


async def api_get(url: str) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        answer: dict[str, Any] = (await client.get(url)).json()
        return answer
