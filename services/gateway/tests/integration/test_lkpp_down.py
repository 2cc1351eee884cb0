"""An escalation to LKPP reaches LKPP once, whatever is down when it is made (README, "The LKPP gateway").

Real NATS and PostgreSQL; LKPP is the dev stack's simulator served in the test, on a port nobody listens on until
the test starts it there. The gateway's clock is set by hand, so the retries fall due when the test says.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.envelope import Actor
from contracts.helpdesk import TicketCategory, TicketEscalatedV1, TicketLevel
from devstack.processes import free_port
from gateway.app import create_app
from gateway.domain import Forward
from gateway.settings import Settings
from lpse_runtime.clock import SettableClock
from tests.support import Infra, eventually, lkpp_simulator, reset_schema

pytestmark = pytest.mark.integration

SECRET = "rahasia-lkpp-uji-gateway"
T0 = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)  # Thu 10 Dec 2026 10:00 WIB
DURABLE = "gateway-from-helpdesk"
FORWARDED = "gateway.temanggung.ticket.forwarded.v1"
REFUSED = "gateway.temanggung.ticket.forward_refused.v1"


def escalation(to_level: TicketLevel = "lkpp") -> TicketEscalatedV1:
    """Temanggung's Admin PPE sends a ticket up its ladder."""
    ticket_id = uuid.uuid4()
    return TicketEscalatedV1(
        occurred_at=T0,
        lpse="temanggung",
        correlation_id=ticket_id,
        actor=Actor(id="adminppe.temanggung", role="admin_ppe"),
        ticket_id=ticket_id,
        reference="TMG-HD-2612-0001",
        category=TicketCategory.SPSE_PROBLEM,
        from_level="admin_ppe" if to_level == "lkpp" else "helpdesk",
        to_level=to_level,
        to_label="Helpdesk LKPP" if to_level == "lkpp" else "Admin PPE",
        summary="Tidak bisa unggah dokumen penawaran",
        lkpp_note="Mohon dicek log unggah paket 12345" if to_level == "lkpp" else None,
        reporter_role="penyedia",
        opened_at=T0 - timedelta(days=1),
    )


async def publish(nc: Client, event: TicketEscalatedV1, *, msg_id: bool = True) -> None:
    """The helpdesk's relay publishing the fact (with its event id as Nats-Msg-Id, unless told otherwise)."""
    headers = {"Nats-Msg-Id": str(event.event_id)} if msg_id else None
    await nc.jetstream().publish(event.subject, event.model_dump_json().encode(), headers=headers)


def gateway(infra: Infra, url: str, lkpp_port: int, clock: SettableClock, **kwargs: object) -> FastAPI:
    """The gateway app pointed at LKPP on that port, polling often so the test's clock moves are seen at once."""
    secret = str(kwargs.pop("secret", SECRET))
    settings = Settings(
        database_url=url,
        nats_url=infra.nats_url,
        public_base_url="http://127.0.0.1:8480",
        lkpp_api_url=f"http://127.0.0.1:{lkpp_port}/lkpp/api",
        lkpp_callback_secret=secret,
        forwarder_poll_seconds=0.1,
    )
    return create_app(settings, clock=clock, **kwargs)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[asyncpg.Pool]:
    """The gateway started (consumer, relay, forwarder) and stopped as its process would be; yields its pool."""
    async with app.router.lifespan_context(app):
        yield app.state.runtime.pool


async def forward_row(pool: asyncpg.Pool, event: TicketEscalatedV1) -> asyncpg.Record | None:
    """The gateway's row of this escalation."""
    row: asyncpg.Record | None = await pool.fetchrow(
        "SELECT * FROM forwards WHERE escalation_event_id = $1", event.event_id
    )
    return row


async def received(api: str) -> dict[str, dict[str, object]]:
    """What the simulator received: per Idempotency-Key, its ticket number and how many requests carried the key."""
    async with httpx.AsyncClient() as client:
        listing: dict[str, dict[str, object]] = (await client.get(f"{api}/diterima")).json()
        return listing


async def facts(nc: Client, subject: str) -> int:
    """How many facts the GATEWAY stream holds on a subject."""
    info = await nc.jetstream().stream_info("GATEWAY", subjects_filter=subject)
    return int((info.state.subjects or {}).get(subject, 0))


async def last_fact(nc: Client, subject: str) -> dict[str, object]:
    """The newest fact on a subject, as its JSON."""
    message = await nc.jetstream().get_last_msg("GATEWAY", subject)
    data: dict[str, object] = json.loads(message.data or b"{}")
    return data


async def consumed(nc: Client, messages: int) -> bool:
    """The gateway's durable has been delivered this many messages and acknowledged every one."""
    info = await nc.jetstream().consumer_info("HELPDESK", DURABLE)
    return bool(info.delivered.stream_seq == messages and info.num_ack_pending == 0 and info.num_pending == 0)


async def dead_letters(nc: Client) -> int:
    """Messages in the dead-letter stream."""
    return int((await nc.jetstream().stream_info("DEADLETTER")).state.messages)


async def test_an_escalation_published_while_lkpp_is_down_is_forwarded_once_when_it_is_back(
    infra: Infra, nc: Client
) -> None:
    url = await reset_schema(infra, "gateway")
    clock, port, event = SettableClock(T0), free_port(), escalation()
    async with running(gateway(infra, url, port, clock)) as pool:
        await publish(nc, event)

        async def failed(times: int) -> bool:
            row = await forward_row(pool, event)
            return row is not None and row["status"] == "pending" and row["attempts"] == times

        await eventually(lambda: failed(1), what="a first attempt that found nobody listening")
        clock.set(T0 + timedelta(seconds=3))  # past the first retry, due 2 s after the first attempt
        await eventually(lambda: failed(2), what="a second attempt, LKPP still down")
        row = await forward_row(pool, event)
        assert row is not None and row["next_attempt_at"] == T0 + timedelta(seconds=3 + 4)
        assert "ConnectError" in row["last_error"]
        assert await consumed(nc, 1), "the escalation is acknowledged: the retry lives in the table"
        assert await dead_letters(nc) == 0

        async with lkpp_simulator(port, SECRET) as api:
            clock.set(T0 + timedelta(seconds=8))

            async def forwarded() -> bool:
                row = await forward_row(pool, event)
                return row is not None and row["status"] == "forwarded"

            await eventually(forwarded, what="the forward accepted once LKPP is back")
            await eventually(lambda: _has(nc, FORWARDED, 1), what="the forwarded fact on GATEWAY")
            row = await forward_row(pool, event)
            assert row is not None and row["attempts"] == 3 and row["http_status"] == 202
            assert await received(api) == {str(event.event_id): {"lkpp_ref": row["external_ref"], "permintaan": 1}}
            assert str(row["external_ref"]).startswith("LKPP-TIK-")
        fact = await last_fact(nc, FORWARDED)
        assert (fact["lkpp_ref"], fact["attempts"], fact["escalation_event_id"]) == (
            row["external_ref"],
            3,
            str(event.event_id),
        )
        assert (fact["ticket_id"], fact["reference"], fact["causation_id"]) == (
            str(event.ticket_id),
            "TMG-HD-2612-0001",
            str(event.event_id),
        )
        assert await facts(nc, REFUSED) == 0


async def _has(nc: Client, subject: str, count: int) -> bool:
    return await facts(nc, subject) == count


async def test_an_escalation_lkpp_has_not_accepted_after_a_day_counts_as_overdue(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "gateway")
    clock, port, event = SettableClock(T0), free_port(), escalation()
    app = gateway(infra, url, port, clock)
    async with running(app) as pool:
        registry = app.state.runtime.registry

        def overdue() -> float | None:
            value: float | None = registry.get_sample_value("gateway_forwards_overdue")
            return value

        async def attempted(times: int, gauge: float) -> bool:
            row = await forward_row(pool, event)
            return row is not None and row["attempts"] == times and overdue() == gauge

        await publish(nc, event)
        await eventually(lambda: attempted(1, 0), what="a first failed attempt, not overdue")
        clock.set(T0 + timedelta(hours=23, minutes=59))
        await eventually(lambda: attempted(2, 0), what="a day not yet over: not overdue")
        clock.set(T0 + timedelta(hours=24, minutes=1))
        await eventually(lambda: attempted(3, 1), what="a day over and LKPP still down: one overdue")
        async with lkpp_simulator(port, SECRET):
            clock.set(T0 + timedelta(hours=24, minutes=2))

            async def caught_up() -> bool:
                row = await forward_row(pool, event)
                return row is not None and row["status"] == "forwarded" and overdue() == 0

            await eventually(caught_up, what="the forward accepted and nothing overdue any more")


async def test_the_gateway_stopped_while_the_escalation_is_published_finds_it_when_started(
    infra: Infra, nc: Client
) -> None:
    url = await reset_schema(infra, "gateway")
    clock, port, event = SettableClock(T0), free_port(), escalation()
    async with lkpp_simulator(port, SECRET) as api:

        async def no_pull_waiting() -> bool:
            # An earlier test's gateway may have left a pull request the server has not dropped yet; the escalation
            # would go to it (ack pending, redelivered only after the ack wait) instead of waiting for this gateway.
            return bool((await nc.jetstream().consumer_info("HELPDESK", DURABLE)).num_waiting == 0)

        await eventually(no_pull_waiting, what="no pull request left on the durable by a stopped gateway")
        await publish(nc, event)  # no gateway runs: a core NATS subscriber would never see this
        assert (await nc.jetstream().consumer_info("HELPDESK", DURABLE)).num_pending == 1
        async with running(gateway(infra, url, port, clock)) as pool:

            async def forwarded() -> bool:
                row = await forward_row(pool, event)
                return row is not None and row["status"] == "forwarded"

            await eventually(forwarded, what="the escalation made while the gateway was down, forwarded")
            await eventually(lambda: _has(nc, FORWARDED, 1), what="the forwarded fact on GATEWAY")
        assert list(await received(api)) == [str(event.event_id)]
        assert (await received(api))[str(event.event_id)]["permintaan"] == 1


async def test_a_crash_after_lkpp_accepted_resends_with_the_same_key_and_lkpp_counts_one(
    infra: Infra, nc: Client
) -> None:
    url = await reset_schema(infra, "gateway")
    clock, port, event = SettableClock(T0), free_port(), escalation()
    crashes: list[uuid.UUID] = []

    def crash_once(forward: Forward) -> None:
        """Die between LKPP's 2xx and the record of it, the first time only."""
        if not crashes:
            crashes.append(forward.escalation_event_id)
            raise RuntimeError("the forwarder died before recording LKPP's answer")

    async with (
        lkpp_simulator(port, SECRET) as api,
        running(gateway(infra, url, port, clock, after_accepted=crash_once)) as pool,
    ):
        await publish(nc, event)

        async def accepted_unrecorded() -> bool:
            return crashes == [event.event_id]

        await eventually(accepted_unrecorded, what="LKPP's acceptance, never recorded")
        first = (await received(api))[str(event.event_id)]

        # The forwarder carries on (it forwards the next escalation) but leaves this one to its lease.
        other = escalation()
        await publish(nc, other)

        async def other_forwarded() -> bool:
            row = await forward_row(pool, other)
            return row is not None and row["status"] == "forwarded"

        await eventually(other_forwarded, what="a later pass of the forwarder, within the lease")
        row = await forward_row(pool, event)
        assert row is not None and (row["status"], row["attempts"], row["external_ref"]) == ("sending", 1, None)
        assert (await received(api))[str(event.event_id)] == {"lkpp_ref": first["lkpp_ref"], "permintaan": 1}
        assert await facts(nc, FORWARDED) == 1  # the other escalation's

        clock.set(T0 + timedelta(seconds=61))  # the 60-second lease lapses: another attempt takes the forward

        async def forwarded() -> bool:
            row = await forward_row(pool, event)
            return row is not None and row["status"] == "forwarded"

        await eventually(forwarded, what="the resent forward recorded")
        await eventually(lambda: _has(nc, FORWARDED, 2), what="its forwarded fact")
        row = await forward_row(pool, event)
        assert row is not None and (row["attempts"], row["http_status"], row["external_ref"]) == (
            2,
            200,
            first["lkpp_ref"],
        )
        listing = await received(api)
        assert listing[str(event.event_id)] == {"lkpp_ref": first["lkpp_ref"], "permintaan": 2}
        assert set(listing) == {str(event.event_id), str(other.event_id)}, "one LKPP ticket per escalation"
    assert (await last_fact(nc, FORWARDED))["lkpp_ref"] == first["lkpp_ref"]


async def test_the_same_escalation_delivered_twice_is_forwarded_once(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "gateway")
    clock, port, event = SettableClock(T0), free_port(), escalation()
    async with lkpp_simulator(port, SECRET) as api, running(gateway(infra, url, port, clock)) as pool:
        await publish(nc, event, msg_id=False)
        await publish(nc, event, msg_id=False)  # the stream holds it twice, as a second delivery would bring it
        await eventually(lambda: consumed(nc, 2), what="both deliveries acknowledged")
        await eventually(lambda: _has(nc, FORWARDED, 1), what="the forwarded fact")

        # Past the inbox too (a replay under a forgotten inbox row): the row's key still holds it to one forward.
        await pool.execute("DELETE FROM inbox")
        await publish(nc, event, msg_id=False)
        await eventually(lambda: consumed(nc, 3), what="the third delivery acknowledged")

        async def handled_again() -> bool:
            return bool(await pool.fetchval("SELECT count(*) FROM inbox WHERE event_id = $1", event.event_id) == 1)

        await eventually(handled_again, what="the handler run again on the third delivery")
        assert await pool.fetchval("SELECT count(*) FROM forwards") == 1
        row = await forward_row(pool, event)
        assert row is not None and (row["status"], row["attempts"]) == ("forwarded", 1)
        assert await received(api) == {str(event.event_id): {"lkpp_ref": row["external_ref"], "permintaan": 1}}
    assert await facts(nc, FORWARDED) == 1


async def test_an_escalation_to_the_admin_ppe_is_not_the_gateways(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "gateway")
    clock, port, event = SettableClock(T0), free_port(), escalation(to_level="admin_ppe")
    async with lkpp_simulator(port, SECRET) as api, running(gateway(infra, url, port, clock)) as pool:
        await publish(nc, event)
        await eventually(lambda: consumed(nc, 1), what="the escalation to the Admin PPE acknowledged")
        assert await pool.fetchval("SELECT count(*) FROM inbox WHERE event_id = $1", event.event_id) == 1
        assert await pool.fetchval("SELECT count(*) FROM forwards") == 0
        assert await received(api) == {}
    assert await dead_letters(nc) == 0
    assert (await nc.jetstream().stream_info("GATEWAY")).state.messages == 0


async def test_a_request_lkpp_refuses_gives_one_forward_refused_fact(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "gateway")
    clock, port, event = SettableClock(T0), free_port(), escalation()
    # Signed under another secret: LKPP answers 401, which no retry mends.
    app = gateway(infra, url, port, clock, secret="rahasia-yang-salah-sekali")
    async with lkpp_simulator(port, SECRET) as api, running(app) as pool:
        await publish(nc, event)
        await eventually(lambda: _has(nc, REFUSED, 1), what="the forward_refused fact")
        fact = await last_fact(nc, REFUSED)
        assert (fact["http_status"], fact["reason"], fact["attempts"]) == (401, "tanda tangan tidak sah", 1)

        # Long past every backoff step, the forwarder's next pass (it takes the next escalation) leaves it alone.
        clock.set(T0 + timedelta(hours=1))
        later = escalation()
        await publish(nc, later)
        await eventually(lambda: _has(nc, REFUSED, 2), what="the next escalation's refusal")
        rows = await pool.fetch("SELECT escalation_event_id, status, attempts, http_status FROM forwards")
        assert {(r["escalation_event_id"], r["status"], r["attempts"], r["http_status"]) for r in rows} == {
            (event.event_id, "refused", 1, 401),
            (later.event_id, "refused", 1, 401),
        }
        assert await received(api) == {}
        audit = await pool.fetch("SELECT entity, entity_id, action, before, after FROM audit_log ORDER BY id")
        assert [tuple(r) for r in audit] == [
            ("forward", str(event.event_id), "refused", "sending", "refused"),
            ("forward", str(later.event_id), "refused", "sending", "refused"),
        ]
    assert await facts(nc, FORWARDED) == 0
