"""An approved change of an aggregated provider account reaches LKPP once (README, "Changes reaching LKPP").

Real NATS and PostgreSQL; LKPP is the dev stack's simulator served in the test. The gateway's clock is set by hand, so
a retry falls due when the test says.
"""

from __future__ import annotations

import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.envelope import Actor, Event
from contracts.provider_account import FieldChange, ProviderAccountChangedV1, ProviderAccountDeactivatedV1
from devstack.lkpp import simulator_app
from devstack.processes import free_port
from gateway.app import create_app
from gateway.settings import Settings
from lpse_runtime.clock import SettableClock
from tests.support import Infra, eventually, reset_schema, served

pytestmark = pytest.mark.integration

SECRET = "rahasia-lkpp-uji-perubahan"
T0 = datetime(2026, 12, 30, 2, 0, tzinfo=UTC)  # Wed 30 Dec 2026 10:00 WITA
DURABLE = "gateway-from-verification"
FORWARDED = "gateway.banjarmasin.provider_change.forwarded.v1"
REFUSED = "gateway.banjarmasin.provider_change.forward_refused.v1"
NEW_NPWP = "0123456789012345"


def account(**fields: object) -> dict[str, object]:
    provider_id = uuid.uuid4()
    return {
        "occurred_at": T0 - timedelta(minutes=5),
        "lpse": "banjarmasin",
        "correlation_id": provider_id,
        "actor": Actor(id="verifikator.banjarmasin", role="verifikator"),
        "provider_id": provider_id,
        "user_id": "CVMAJUJAYA01",
        "company_name": "CV Maju Jaya",
        "email": "admin@majujaya.co.id",
        "director_name": "Siti Aminah",
        **fields,
    }


def npwp_changed(*, aggregated: bool = True, **fields: object) -> ProviderAccountChangedV1:
    """Banjarmasin's verifier approved a new NPWP (BJM-4) for the account."""
    change = FieldChange(field="npwp", label="NPWP", before="01.***.***.*-***.000", after="01.***.***.*-***.345")
    return ProviderAccountChangedV1.model_validate(
        account(
            request_id=uuid.uuid4(),
            reference="PRM-BJM-2612-000042",
            kind="npwp",
            changes=(change,),
            npwp=NEW_NPWP,
            aggregated=aggregated,
            **fields,
        )
    )


async def publish(nc: Client, event: Event) -> None:
    """Verification's relay publishing the fact (no Nats-Msg-Id: a second copy is kept, as a redelivery brings it)."""
    await nc.jetstream().publish(event.subject, event.model_dump_json().encode())


@contextlib.asynccontextmanager
async def lkpp(port: int, *, unavailable: int = 0) -> AsyncIterator[str]:
    """The LKPP simulator on a port, answering 503 to its first `unavailable` requests; yields its API URL."""
    app = simulator_app(SECRET, delay=3600.0)
    app.state.penyedia.unavailable = unavailable
    async with served(app, port, "the LKPP simulator") as base:
        yield f"{base}/lkpp/api"


def gateway(infra: Infra, url: str, lkpp_port: int, clock: SettableClock) -> FastAPI:
    settings = Settings(
        database_url=url,
        nats_url=infra.nats_url,
        public_base_url="http://127.0.0.1:8480",
        lkpp_api_url=f"http://127.0.0.1:{lkpp_port}/lkpp/api",
        lkpp_callback_secret=SECRET,
        forwarder_poll_seconds=0.1,
    )
    return create_app(settings, clock=clock)


@contextlib.asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[asyncpg.Pool]:
    async with app.router.lifespan_context(app):
        yield app.state.runtime.pool


async def forwards(pool: asyncpg.Pool) -> list[asyncpg.Record]:
    rows: list[asyncpg.Record] = await pool.fetch("SELECT * FROM forwards ORDER BY created_at")
    return rows


async def get(url: str) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.get(url)


async def facts(nc: Client, subject: str) -> int:
    info = await nc.jetstream().stream_info("GATEWAY", subjects_filter=subject)
    return int((info.state.subjects or {}).get(subject, 0))


async def last_fact(nc: Client, subject: str) -> dict[str, object]:
    message = await nc.jetstream().get_last_msg("GATEWAY", subject)
    data: dict[str, object] = json.loads(message.data or b"{}")
    return data


async def consumed(nc: Client, messages: int) -> bool:
    info = await nc.jetstream().consumer_info("VERIFICATION", DURABLE)
    return bool(info.delivered.stream_seq == messages and info.num_ack_pending == 0 and info.num_pending == 0)


async def test_an_aggregated_accounts_npwp_change_published_twice_reaches_lkpp_once_after_a_503(
    infra: Infra, nc: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = await reset_schema(infra, "gateway")
    clock, port, event = SettableClock(T0), free_port(), npwp_changed()
    key = f"{event.event_id}:lkpp"
    async with lkpp(port, unavailable=1) as api, running(gateway(infra, url, port, clock)) as pool:
        await publish(nc, event)
        await publish(nc, event)
        await eventually(lambda: consumed(nc, 2), what="both copies acknowledged")

        async def attempted_once() -> bool:
            rows = await forwards(pool)
            return len(rows) == 1 and (rows[0]["status"], rows[0]["attempts"]) == ("pending", 1)

        await eventually(attempted_once, what="a first attempt LKPP answered 503")
        (row,) = await forwards(pool)
        assert (row["kind"], row["target"], row["idempotency_key"], row["http_status"]) == (
            "provider_change",
            "penyedia/perubahan",
            key,
            503,
        )
        assert row["next_attempt_at"] == T0 + timedelta(seconds=2)
        assert (await get(f"{api}/diterima")).json() == {}

        clock.set(T0 + timedelta(seconds=3))

        async def has_forwarded_fact() -> bool:
            return await facts(nc, FORWARDED) == 1

        await eventually(has_forwarded_fact, what="the forwarded fact after the retry")
        (row,) = await forwards(pool)
        assert (row["status"], row["attempts"], row["http_status"]) == ("forwarded", 2, 202)
        assert (await get(f"{api}/diterima")).json() == {key: {"lkpp_ref": row["external_ref"], "permintaan": 1}}
        held = (await get(f"{api}/penyedia/CVMAJUJAYA01")).json()
        assert (held["npwp"], held["email"], held["status"], held["lpse"]) == (
            NEW_NPWP,
            "admin@majujaya.co.id",
            "aktif",
            "banjarmasin",
        )
        assert [(c["lkpp_ref"], c["kind"], c["what"], c["request_ref"]) for c in held["perubahan"]] == [
            (row["external_ref"], "changed", "npwp", "PRM-BJM-2612-000042")
        ]
    fact = await last_fact(nc, FORWARDED)
    assert (fact["lkpp_ref"], fact["attempts"], fact["user_id"], fact["change"]) == (
        row["external_ref"],
        2,
        "CVMAJUJAYA01",
        "changed",
    )
    assert (fact["provider_id"], fact["change_event_id"], fact["request_id"]) == (
        str(event.provider_id),
        str(event.event_id),
        str(event.request_id),
    )
    assert str(fact["lkpp_ref"]).startswith("LKPP-PRB-")
    assert await facts(nc, REFUSED) == 0
    assert "forward of CVMAJUJAYA01 to lkpp (attempt 2): HTTP 202, forwarded" in caplog.text
    assert NEW_NPWP not in caplog.text, "the gateway's log lines never carry the NPWP"


async def test_a_change_of_an_account_that_is_not_aggregated_never_reaches_lkpp(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "gateway")
    clock, port, event = SettableClock(T0), free_port(), npwp_changed(aggregated=False)
    async with lkpp(port) as api, running(gateway(infra, url, port, clock)) as pool:
        await publish(nc, event)
        await eventually(lambda: consumed(nc, 1), what="the fact acknowledged")
        assert await pool.fetchval("SELECT count(*) FROM inbox WHERE event_id = $1", event.event_id) == 1
        assert await forwards(pool) == []
        assert (await get(f"{api}/diterima")).json() == {}
        assert (await get(f"{api}/penyedia/CVMAJUJAYA01")).status_code == 404
    assert (await nc.jetstream().stream_info("GATEWAY")).state.messages == 0


async def test_a_deactivation_reaches_lkpp_and_a_change_lkpp_refuses_gives_the_refused_fact(
    infra: Infra, nc: Client
) -> None:
    url = await reset_schema(infra, "gateway")
    clock, port = SettableClock(T0), free_port()
    off = ProviderAccountDeactivatedV1.model_validate(
        account(by="lpse", reason="Masuk daftar hitam", officer_id="kepala.banjarmasin", aggregated=True)
    )
    refused = npwp_changed(user_id="CVTOLAKJAYA1", company_name="CV Tolak Jaya")
    async with lkpp(port) as api, running(gateway(infra, url, port, clock)) as pool:
        await publish(nc, off)
        await publish(nc, refused)

        async def both_decided() -> bool:
            return await facts(nc, FORWARDED) == 1 and await facts(nc, REFUSED) == 1

        await eventually(both_decided, what="one change forwarded, one refused")
        held = (await get(f"{api}/penyedia/CVMAJUJAYA01")).json()
        assert (held["status"], [c["kind"] for c in held["perubahan"]]) == ("nonaktif", ["deactivated"])
        assert held["perubahan"][0]["reason"] == "Masuk daftar hitam"
        assert (await get(f"{api}/penyedia/CVTOLAKJAYA1")).status_code == 404
        statuses = {(r["reference"], r["status"], r["attempts"]) for r in await forwards(pool)}
        assert statuses == {("CVMAJUJAYA01", "forwarded", 1), ("CVTOLAKJAYA1", "refused", 1)}
    fact = await last_fact(nc, REFUSED)
    assert (fact["http_status"], fact["reason"], fact["attempts"], fact["user_id"]) == (
        422,
        "Data penyedia tidak dapat diperbarui pada sistem agregasi LKPP (simulasi)",
        1,
        "CVTOLAKJAYA1",
    )
    assert (await last_fact(nc, FORWARDED))["change"] == "deactivated"
