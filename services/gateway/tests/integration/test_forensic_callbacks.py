"""The parties' forensic callbacks, each answer by its HTTP status (README, "Forensic tests: LKPP and BSSN"): 401 a
body not signed under that party's secret, 422 one that is not {external_ref, case_ref, finding}, 404 a case the
party was not sent under that number, 200 the first answer (one fact, one audit row) and an exact repeat (nothing
more), 409 a different second answer.

Real NATS and PostgreSQL; the simulators take the forwards but never call back (their answers wait an hour), so the
test posts each callback itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import httpx
import pytest
from nats.aio.client import Client

from contracts.forensic import ExternalParty, ForensicEscalatedExternalV1
from devstack.processes import free_port
from lpse_runtime.clock import SettableClock
from services.gateway.tests.integration.forensic_support import (
    ANSWERED,
    BSSN_SECRET,
    LKPP_SECRET,
    T0,
    count,
    escalation,
    facts,
    gateway,
    publish,
    row,
    running,
    status,
)
from tests.support import Infra, bssn_simulator, eventually, lkpp_simulator, reset_schema

pytestmark = pytest.mark.integration

HEADER = {"lkpp": "x-lkpp-signature", "bssn": "x-bssn-signature"}
SECRET = {"lkpp": LKPP_SECRET, "bssn": BSSN_SECRET}


def signed(party: str, body: bytes, secret: str | None = None) -> dict[str, str]:
    """Headers of a callback signed like the party signs it: HMAC-SHA256 of the raw body, hex."""
    digest = hmac.new((secret or SECRET[party]).encode(), body, hashlib.sha256).hexdigest()
    return {"content-type": "application/json", HEADER[party]: digest}


@dataclass
class Forwarded:
    """A forensic test both parties accepted; the gateway's pool, an HTTP client on its app, each party's number."""

    event: ForensicEscalatedExternalV1
    pool: asyncpg.Pool
    http: httpx.AsyncClient
    refs: dict[ExternalParty, str]

    async def post(self, party: str, answer: object, *, secret: str | None = None) -> httpx.Response:
        """Post a callback as that party would (signed under its secret, unless another is given)."""
        body = json.dumps(answer).encode() if not isinstance(answer, bytes) else answer
        return await self.http.post(
            f"/gateway/{party}/forensik/callback", content=body, headers=signed(party, body, secret)
        )

    def answer(
        self, party: ExternalParty, finding: str = "Kunci publik tidak sesuai.", **changes: str
    ) -> dict[str, str]:
        """The party's answer to this case, under its number."""
        return {"external_ref": self.refs[party], "case_ref": self.event.reference, "finding": finding, **changes}


@pytest.fixture
async def forwarded(infra: Infra, nc: Client) -> AsyncIterator[Forwarded]:
    url = await reset_schema(infra, "gateway")
    clock, lkpp_port, bssn_port = SettableClock(T0), free_port(), free_port()
    event = escalation()
    app = gateway(infra, url, clock, lkpp_port=lkpp_port, bssn_port=bssn_port)
    async with (
        lkpp_simulator(lkpp_port, LKPP_SECRET),
        bssn_simulator(bssn_port, BSSN_SECRET),
        running(app) as pool,
    ):
        await publish(nc, event)

        async def both_forwarded() -> bool:
            return all([await status(pool, event, p) == ("forwarded", 1) for p in ("lkpp", "bssn")])

        await eventually(both_forwarded, what="the forensic test forwarded to LKPP and BSSN")
        refs: dict[ExternalParty, str] = {}
        for party in ("lkpp", "bssn"):
            stored = await row(pool, event, party)
            assert stored is not None
            refs[party] = stored["external_ref"]
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as http:
            yield Forwarded(event, pool, http, refs)


async def answered_facts(nc: Client) -> list[dict[str, object]]:
    return await facts(nc, ANSWERED)


async def test_the_first_answer_is_200_one_fact_one_audit_row_and_an_exact_repeat_adds_nothing(
    forwarded: Forwarded, nc: Client
) -> None:
    first = await forwarded.post("bssn", forwarded.answer("bssn", "Hasil analisis BSSN: kunci privat tidak cocok."))
    assert (first.status_code, first.json()) == (200, {"status": "answered"})

    async def one_fact() -> bool:
        return await count(nc, ANSWERED) == 1

    await eventually(one_fact, what="BSSN's answer as a fact")
    again = await forwarded.post("bssn", forwarded.answer("bssn", "Hasil analisis BSSN: kunci privat tidak cocok."))
    assert (again.status_code, again.json()) == (200, {"status": "repeated"})
    (fact,) = await answered_facts(nc)
    assert (fact["party"], fact["external_ref"], fact["finding"], fact["case_id"]) == (
        "bssn",
        forwarded.refs["bssn"],
        "Hasil analisis BSSN: kunci privat tidak cocok.",
        str(forwarded.event.case_id),
    )
    audit = await forwarded.pool.fetch(
        "SELECT entity_id, action, actor_id, actor_role FROM audit_log WHERE action = 'answered'"
    )
    assert [tuple(r) for r in audit] == [(f"{forwarded.event.event_id}:bssn", "answered", "bssn", "bssn")]
    stored = await row(forwarded.pool, forwarded.event, "lkpp")
    assert stored is not None and stored["finding"] is None, "LKPP has not answered: its forward carries nothing"


async def test_a_second_different_answer_is_409_and_the_first_stays(forwarded: Forwarded, nc: Client) -> None:
    assert (await forwarded.post("lkpp", forwarded.answer("lkpp", "Temuan pertama."))).status_code == 200
    second = await forwarded.post("lkpp", forwarded.answer("lkpp", "Temuan lain."))
    assert (second.status_code, second.json()["status"]) == (409, "conflict")
    assert second.json()["error"] == "jawaban lain untuk uji forensik ini sudah tercatat"
    stored = await row(forwarded.pool, forwarded.event, "lkpp")
    assert stored is not None and stored["finding"] == "Temuan pertama."

    async def one_fact() -> bool:
        return await count(nc, ANSWERED) == 1

    await eventually(one_fact, what="the first answer's fact only")
    assert [f["finding"] for f in await answered_facts(nc)] == ["Temuan pertama."]


@pytest.mark.parametrize(
    ("case", "secret_of"),
    [("tanpa tanda tangan yang benar", "other"), ("ditandatangani dengan rahasia LKPP", "lkpp")],
)
async def test_a_body_not_signed_under_that_partys_secret_is_401(
    forwarded: Forwarded, nc: Client, case: str, secret_of: str
) -> None:
    secret = "rahasia-palsu-sekali" if secret_of == "other" else LKPP_SECRET
    response = await forwarded.post("bssn", forwarded.answer("bssn", case), secret=secret)
    assert (response.status_code, response.json()) == (401, {"status": "forged", "error": "tanda tangan tidak sah"})
    stored = await row(forwarded.pool, forwarded.event, "bssn")
    assert stored is not None and stored["finding"] is None


@pytest.mark.parametrize(
    "body",
    [
        b"bukan json",
        b"[]",
        b'{"external_ref": "X", "case_ref": "DPK-UF-2612-0007"}',
        b'{"external_ref": "", "case_ref": "DPK-UF-2612-0007", "finding": "ada"}',
        b'{"external_ref": "X", "case_ref": "DPK-UF-2612-0007", "finding": "   "}',
        b'{"external_ref": 7, "case_ref": "DPK-UF-2612-0007", "finding": "ada"}',
        json.dumps({"external_ref": "X", "case_ref": "DPK-UF-2612-0007", "finding": "x" * 5001}).encode(),
        b'{"external_ref": "X", "case_ref": "DPK-UF-2612-0007", "finding": "ada\\u0000"}',
    ],
)
async def test_a_body_that_is_not_an_answer_is_422_with_a_json_error(forwarded: Forwarded, body: bytes) -> None:
    response = await forwarded.post("lkpp", body)
    assert (response.status_code, response.json()) == (
        422,
        {"status": "malformed", "error": "isi harus JSON {external_ref, case_ref, finding}"},
    )
    assert await forwarded.pool.fetchval("SELECT count(*) FROM forwards WHERE finding IS NOT NULL") == 0


async def test_a_case_the_party_was_not_sent_under_that_number_is_404(forwarded: Forwarded) -> None:
    lkpp_ref, bssn_ref = forwarded.refs["lkpp"], forwarded.refs["bssn"]
    unknown = [
        ("lkpp", forwarded.answer("lkpp", external_ref="LKPP-UF-TIDAKADA")),
        ("lkpp", forwarded.answer("lkpp", case_ref="DPK-UF-2612-9999")),
        ("bssn", forwarded.answer("bssn", external_ref=lkpp_ref)),  # LKPP's number is no case of BSSN's
        ("lkpp", forwarded.answer("lkpp", external_ref=bssn_ref)),
    ]
    for party, answer in unknown:
        response = await forwarded.post(party, answer)
        assert (response.status_code, response.json()["status"]) == (404, "unknown"), answer
    body = json.dumps(forwarded.answer("lkpp")).encode()
    response = await forwarded.http.post(
        "/gateway/kominfo/forensik/callback", content=body, headers=signed("lkpp", body)
    )
    assert response.status_code == 403, "no party of that name: a POST without a CSRF token, refused"
    assert await forwarded.pool.fetchval("SELECT count(*) FROM forwards WHERE finding IS NOT NULL") == 0


async def test_a_finding_has_its_long_numbers_masked_its_lines_kept_and_is_cut_to_4000(
    forwarded: Forwarded, nc: Client
) -> None:
    finding = "Berkas NIK 3276012345678901 diperiksa.\r\n\r\n  Paket 12345 tetap.  \n" + "x" * 4900
    assert (await forwarded.post("lkpp", forwarded.answer("lkpp", finding))).status_code == 200
    expected = ("Berkas NIK **************** diperiksa.\nPaket 12345 tetap.\n" + "x" * 4900)[:4000]
    stored = await row(forwarded.pool, forwarded.event, "lkpp")
    assert stored is not None and stored["finding"] == expected

    async def one_fact() -> bool:
        return await count(nc, ANSWERED) == 1

    await eventually(one_fact, what="LKPP's answer as a fact")
    (fact,) = await answered_facts(nc)
    assert fact["finding"] == expected and len(expected) == 4000
