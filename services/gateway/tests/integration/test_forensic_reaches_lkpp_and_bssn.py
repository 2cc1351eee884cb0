"""A forensic test escalated to LKPP and BSSN reaches each party once, whatever is down, and each party's answer
becomes one fact (README, "Forensic tests: LKPP and BSSN").

Real NATS and PostgreSQL; LKPP and BSSN are the dev stack's simulators served in the test, each on its own port; the
gateway is served too, so their signed callbacks reach it over HTTP. The gateway's clock is set by hand.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from nats.aio.client import Client

from contracts.forensic import ExternalParty
from devstack.processes import free_port
from gateway.domain import Forward
from lpse_runtime.clock import SettableClock
from services.gateway.tests.integration.forensic_support import (
    ANSWERED,
    BSSN_SECRET,
    FORWARDED,
    LKPP_SECRET,
    REFUSED,
    T0,
    count,
    escalation,
    facts,
    gateway,
    publish,
    received,
    row,
    running,
    status,
)
from tests.support import Infra, bssn_simulator, eventually, lkpp_simulator, reset_schema

pytestmark = pytest.mark.integration

PARTIES: tuple[ExternalParty, ...] = ("lkpp", "bssn")
LKPP_FINDING = "Hasil pemeriksaan LKPP (simulasi): dokumen penawaran terenkripsi dengan kunci publik yang tidak sesuai."
DIGESTS = [
    {"name": "penawaran_pt_maju.rhs", "sha256": "a" * 64, "size": 1_048_576},
    {"name": "penawaran_cv_jaya.rhs", "sha256": "0123456789abcdef" * 4, "size": 2_000},
]


async def test_lkpp_and_bssn_each_receive_the_digests_once_and_each_answer_becomes_one_fact(
    infra: Infra, nc: Client
) -> None:
    url = await reset_schema(infra, "gateway")
    clock, lkpp_port, bssn_port, own = SettableClock(T0), free_port(), free_port(), free_port()
    event = escalation()
    app = gateway(infra, url, clock, lkpp_port=lkpp_port, bssn_port=bssn_port, own_port=own)
    async with (
        lkpp_simulator(lkpp_port, LKPP_SECRET, delay=0.2) as lkpp,
        bssn_simulator(bssn_port, BSSN_SECRET, delay=0.2) as bssn,
        running(app, own) as pool,
    ):
        await publish(nc, event)

        async def both_answered() -> bool:
            return await count(nc, ANSWERED) == 2

        await eventually(both_answered, what="LKPP's and BSSN's answers as facts")
        sides: tuple[tuple[str, ExternalParty, str], ...] = ((lkpp, "lkpp", "LKPP-UF-"), (bssn, "bssn", "BSSN-UF-"))
        for api, party, prefix in sides:
            listing = await received(api)
            assert list(listing) == [f"{event.event_id}:{party}"], f"{party} received exactly one case"
            (case,) = listing.values()
            assert (case["permintaan"], case["case_ref"], case["berkas"]) == (1, "DPK-UF-2612-0007", DIGESTS)
            stored = await row(pool, event, party)
            assert stored is not None and str(stored["external_ref"]).startswith(prefix)
            assert (stored["status"], stored["attempts"], stored["http_status"]) == ("forwarded", 1, 202)
            assert stored["external_ref"] == case["ref"]
        forwarded = {f["party"]: f for f in await facts(nc, FORWARDED)}
        answered = {f["party"]: f for f in await facts(nc, ANSWERED)}
        assert set(forwarded) == set(answered) == {"lkpp", "bssn"}
        for each in PARTIES:
            stored = await row(pool, event, each)
            assert stored is not None
            f, a = forwarded[each], answered[each]
            assert (f["case_id"], f["reference"], f["escalation_event_id"], f["external_ref"], f["attempts"]) == (
                str(event.case_id),
                "DPK-UF-2612-0007",
                str(event.event_id),
                stored["external_ref"],
                1,
            )
            assert (a["case_id"], a["reference"], a["external_ref"], a["actor"]) == (
                str(event.case_id),
                "DPK-UF-2612-0007",
                stored["external_ref"],
                {"id": each, "role": each},
            )
            assert a["finding"] == stored["finding"]
        assert answered["lkpp"]["finding"] == LKPP_FINDING
        assert str(answered["bssn"]["finding"]).startswith("Hasil analisis BSSN (simulasi): ")
        audit = await pool.fetch("SELECT entity_id, action, actor_id FROM audit_log ORDER BY id")
        assert sorted(tuple(r) for r in audit) == sorted(
            [
                (f"{event.event_id}:lkpp", "forwarded", "gateway"),
                (f"{event.event_id}:bssn", "forwarded", "gateway"),
                (f"{event.event_id}:lkpp", "answered", "lkpp"),
                (f"{event.event_id}:bssn", "answered", "bssn"),
            ]
        )
    assert await count(nc, REFUSED) == 0


async def test_bssn_down_lkpp_up_lkpp_is_forwarded_at_once_and_bssn_once_when_it_is_back(
    infra: Infra, nc: Client
) -> None:
    url = await reset_schema(infra, "gateway")
    clock, lkpp_port, bssn_port = SettableClock(T0), free_port(), free_port()
    event = escalation(note="TUNDA: jangan dijawab dulu")  # no callbacks: the gateway is not served
    app = gateway(infra, url, clock, lkpp_port=lkpp_port, bssn_port=bssn_port)
    async with lkpp_simulator(lkpp_port, LKPP_SECRET) as lkpp, running(app) as pool:
        await publish(nc, event)

        async def lkpp_forwarded_bssn_failed() -> bool:
            return (await status(pool, event, "lkpp"), await status(pool, event, "bssn")) == (
                ("forwarded", 1),
                ("pending", 1),
            )

        await eventually(lkpp_forwarded_bssn_failed, what="LKPP forwarded at its first attempt, BSSN refused a line")
        clock.set(T0 + timedelta(seconds=3))  # BSSN's first retry, due 2 s after its first attempt

        async def bssn_failed_twice() -> bool:
            return await status(pool, event, "bssn") == ("pending", 2)

        await eventually(bssn_failed_twice, what="BSSN's second attempt, BSSN still down")
        bssn_row = await row(pool, event, "bssn")
        assert bssn_row is not None and bssn_row["next_attempt_at"] == T0 + timedelta(seconds=3 + 4)
        assert "ConnectError" in bssn_row["last_error"]
        assert [f["party"] for f in await facts(nc, FORWARDED)] == ["lkpp"]

        async with bssn_simulator(bssn_port, BSSN_SECRET) as bssn:
            clock.set(T0 + timedelta(seconds=8))

            async def bssn_forwarded() -> bool:
                return await status(pool, event, "bssn") == ("forwarded", 3)

            await eventually(bssn_forwarded, what="BSSN's forward accepted once it is back")

            async def two_facts() -> bool:
                return await count(nc, FORWARDED) == 2

            await eventually(two_facts, what="BSSN's forwarded fact")
            assert {k: v["permintaan"] for k, v in (await received(bssn)).items()} == {f"{event.event_id}:bssn": 1}
        assert {k: v["permintaan"] for k, v in (await received(lkpp)).items()} == {f"{event.event_id}:lkpp": 1}
        by_party = {f["party"]: f["attempts"] for f in await facts(nc, FORWARDED)}
        assert by_party == {"lkpp": 1, "bssn": 3}


@contextlib.asynccontextmanager
async def silent_server(port: int) -> AsyncIterator[None]:
    """A BSSN that takes the connection and never answers (a request that only ends at its timeout)."""
    held: list[asyncio.StreamWriter] = []

    async def hold(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)

    server = await asyncio.start_server(hold, "127.0.0.1", port)
    try:
        yield
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_a_bssn_that_never_answers_does_not_hold_lkpps_later_forwards(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "gateway")
    clock, lkpp_port, bssn_port = SettableClock(T0), free_port(), free_port()
    first, second = escalation(note="TUNDA 1"), escalation(note="TUNDA 2")
    app = gateway(infra, url, clock, lkpp_port=lkpp_port, bssn_port=bssn_port, bssn_timeout_seconds=120.0)
    async with silent_server(bssn_port), lkpp_simulator(lkpp_port, LKPP_SECRET), running(app) as pool:
        await publish(nc, first)

        async def first_to_lkpp() -> bool:
            return await status(pool, first, "lkpp") == ("forwarded", 1)

        await eventually(first_to_lkpp, timeout=10, what="LKPP's forward while BSSN holds its request")
        await publish(nc, second)  # BSSN's request for the first is still waiting for its answer

        async def second_to_lkpp() -> bool:
            return await status(pool, second, "lkpp") == ("forwarded", 1)

        await eventually(second_to_lkpp, timeout=10, what="the next LKPP forward, BSSN's request still hanging")
        assert await status(pool, first, "bssn") == ("sending", 1)


async def test_a_crash_after_bssn_accepted_resends_with_the_same_key_and_bssn_counts_one_case(
    infra: Infra, nc: Client
) -> None:
    url = await reset_schema(infra, "gateway")
    clock, lkpp_port, bssn_port = SettableClock(T0), free_port(), free_port()
    event = escalation(note="TUNDA: tanpa jawaban")
    crashes: list[str] = []

    def crash_once_at_bssn(forward: Forward) -> None:
        """Die between BSSN's 2xx and the record of it, the first time only."""
        if forward.party == "bssn" and not crashes:
            crashes.append(forward.idempotency_key)
            raise RuntimeError("the forwarder died before recording BSSN's answer")

    app = gateway(infra, url, clock, lkpp_port=lkpp_port, bssn_port=bssn_port, after_accepted=crash_once_at_bssn)
    async with (
        lkpp_simulator(lkpp_port, LKPP_SECRET) as lkpp,
        bssn_simulator(bssn_port, BSSN_SECRET) as bssn,
        running(app) as pool,
    ):
        await publish(nc, event)

        async def accepted_unrecorded() -> bool:
            return crashes == [f"{event.event_id}:bssn"] and await status(pool, event, "lkpp") == ("forwarded", 1)

        await eventually(accepted_unrecorded, what="BSSN's acceptance, never recorded; LKPP's recorded")
        first = (await received(bssn))[f"{event.event_id}:bssn"]
        assert await status(pool, event, "bssn") == ("sending", 1)
        clock.set(T0 + timedelta(seconds=61))  # the 60-second lease lapses: another attempt takes the forward

        async def resent() -> bool:
            return await status(pool, event, "bssn") == ("forwarded", 2)

        await eventually(resent, what="the resent forward recorded")
        stored = await row(pool, event, "bssn")
        assert stored is not None and (stored["http_status"], stored["external_ref"]) == (200, first["ref"])
        listing = await received(bssn)
        assert list(listing) == [f"{event.event_id}:bssn"]
        assert (listing[f"{event.event_id}:bssn"]["ref"], listing[f"{event.event_id}:bssn"]["permintaan"]) == (
            first["ref"],
            2,
        )
        assert {k: v["permintaan"] for k, v in (await received(lkpp)).items()} == {f"{event.event_id}:lkpp": 1}

        async def two_facts() -> bool:
            return await count(nc, FORWARDED) == 2

        await eventually(two_facts, what="one forwarded fact per party")
    by_party = {f["party"]: f["external_ref"] for f in await facts(nc, FORWARDED)}
    assert by_party["bssn"] == first["ref"]


async def test_bssn_refusing_gives_its_forward_refused_fact_and_lkpp_is_forwarded_all_the_same(
    infra: Infra, nc: Client
) -> None:
    url = await reset_schema(infra, "gateway")
    clock, lkpp_port, bssn_port = SettableClock(T0), free_port(), free_port()
    event = escalation(note="TUNDA TOLAK-BSSN: bukan kewenangan BSSN")
    app = gateway(infra, url, clock, lkpp_port=lkpp_port, bssn_port=bssn_port)
    async with (
        lkpp_simulator(lkpp_port, LKPP_SECRET),
        bssn_simulator(bssn_port, BSSN_SECRET) as bssn,
        running(app) as pool,
    ):
        await publish(nc, event)

        async def settled() -> bool:
            return await count(nc, REFUSED) == 1 and await count(nc, FORWARDED) == 1

        await eventually(settled, what="BSSN's refusal and LKPP's acceptance as facts")
        (refused,) = await facts(nc, REFUSED)
        assert (refused["party"], refused["http_status"], refused["reason"], refused["attempts"]) == (
            "bssn",
            422,
            "BSSN tidak menangani permohonan ini (simulasi)",
            1,
        )
        assert [f["party"] for f in await facts(nc, FORWARDED)] == ["lkpp"]
        assert await status(pool, event, "bssn") == ("refused", 1)
        assert await received(bssn) == {}
