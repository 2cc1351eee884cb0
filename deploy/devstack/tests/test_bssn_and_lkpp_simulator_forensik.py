"""The LKPP and BSSN simulators' forensic API as the README's "Forensic tests: LKPP and BSSN" describes it: each
party's own signature, one case per Idempotency-Key, a signed finding by callback, TUNDA never answered, TOLAK-BSSN
refused by BSSN only, and `…/api/diterima` listing what each received."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable

import httpx
import pytest
from starlette.applications import Starlette

from devstack import bssn, lkpp
from tests.support import eventually

SECRETS = {"lkpp": "rahasia-lkpp-dev", "bssn": "rahasia-bssn-dev"}
HEADERS = {"lkpp": "x-lkpp-signature", "bssn": "x-bssn-signature"}
APPS: dict[str, Callable[..., Starlette]] = {"lkpp": lkpp.simulator_app, "bssn": bssn.simulator_app}
FINDINGS = {
    "lkpp": "Hasil pemeriksaan LKPP (simulasi): dokumen penawaran terenkripsi dengan kunci publik yang tidak sesuai.",
    "bssn": "Hasil analisis BSSN (simulasi): berkas penawaran utuh, nilai hash sesuai dengan yang dilaporkan LPSE; "
    "kegagalan dekripsi disebabkan kunci privat panitia yang tidak cocok.",
}
FILES = [{"name": "penawaran.rhs", "sha256": "ab" * 32, "size": 4096}]


def signature(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def case(party: str, note: str = "Tidak terbuka saat dekripsi") -> bytes:
    return json.dumps(
        {
            "case_ref": "DPK-UF-2612-0007",
            "lpse": "depok",
            "tender_id": "10022026",
            "tender_name": "Gedung Puskesmas",
            "files": FILES,
            "trial_outcome": "tidak_terbuka",
            "note": note,
            "callback_url": f"http://lpse.test/gateway/{party}/forensik/callback",
        }
    ).encode()


class Desk:
    """A simulator served in the test, its callbacks caught."""

    def __init__(self, party: str) -> None:
        self.party = party
        self.callbacks: list[httpx.Request] = []
        self.app = APPS[party](SECRETS[party], delay=0.0)

        def gateway(request: httpx.Request) -> httpx.Response:
            self.callbacks.append(request)
            return httpx.Response(200, json={"status": "answered"})

        self.app.state.forensik.client = httpx.AsyncClient(transport=httpx.MockTransport(gateway))
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://party.test")

    async def post(self, body: bytes, key: str | None, *, secret: str | None = None) -> httpx.Response:
        headers = {HEADERS[self.party]: signature(secret or SECRETS[self.party], body)}
        if key is not None:
            headers["Idempotency-Key"] = key
        return await self.http.post(f"/{self.party}/api/forensik", content=body, headers=headers)

    async def listing(self) -> dict[str, object]:
        found: dict[str, object] = (await self.http.get(f"/{self.party}/api/diterima")).json()
        return found

    async def answered(self, count: int) -> None:
        async def arrived() -> bool:
            return len(self.callbacks) >= count

        await eventually(arrived, timeout=5, what=f"{count} callback(s) from {self.party}")


@pytest.mark.parametrize("party", ["lkpp", "bssn"])
async def test_one_case_per_key_202_then_200_with_the_same_number_and_a_signed_finding(party: str) -> None:
    desk = Desk(party)
    async with desk.http:
        first = await desk.post(case(party), "k:1")
        again = await desk.post(case(party), "k:1")
        assert (first.status_code, again.status_code) == (202, 200)
        ref = first.json()["ref"]
        assert again.json() == {"ref": ref}
        assert ref.startswith(f"{party.upper()}-UF-") and len(ref) == 16
        assert await desk.listing() == {
            "k:1": {"ref": ref, "permintaan": 2, "case_ref": "DPK-UF-2612-0007", "berkas": FILES}
        }
        await desk.answered(1)
    (callback,) = desk.callbacks
    assert str(callback.url) == f"http://lpse.test/gateway/{party}/forensik/callback"
    assert callback.headers[HEADERS[party]] == signature(SECRETS[party], callback.content)
    assert json.loads(callback.content) == {
        "external_ref": ref,
        "case_ref": "DPK-UF-2612-0007",
        "finding": FINDINGS[party],
    }


@pytest.mark.parametrize("party", ["lkpp", "bssn"])
async def test_a_request_signed_under_another_secret_or_header_is_401_and_nothing_is_received(party: str) -> None:
    other = "bssn" if party == "lkpp" else "lkpp"
    desk = Desk(party)
    async with desk.http:
        assert (await desk.post(case(party), "k:2", secret=SECRETS[other])).status_code == 401
        body = case(party)
        wrong_header = {HEADERS[other]: signature(SECRETS[party], body), "Idempotency-Key": "k:3"}
        response = await desk.http.post(f"/{party}/api/forensik", content=body, headers=wrong_header)
        assert (response.status_code, response.json()) == (401, {"error": "tanda tangan tidak sah"})
        assert await desk.listing() == {}


@pytest.mark.parametrize("party", ["lkpp", "bssn"])
async def test_without_a_key_400_and_an_unreadable_case_422(party: str) -> None:
    desk = Desk(party)
    async with desk.http:
        assert (await desk.post(case(party), None)).status_code == 400
        assert (await desk.post(b"{}", "k:4")).status_code == 422
        no_files = json.dumps({**json.loads(case(party)), "files": []}).encode()
        assert (await desk.post(no_files, "k:5")).status_code == 422
        assert await desk.listing() == {}


@pytest.mark.parametrize("party", ["lkpp", "bssn"])
async def test_tunda_is_never_answered_by_either_party(party: str) -> None:
    desk = Desk(party)
    async with desk.http:
        held = await desk.post(case(party, "Mohon tunda"), "k:6")
        other = await desk.post(case(party), "k:7")
        assert (held.status_code, other.status_code) == (202, 202)
        await desk.answered(1)  # the case posted after it is answered: this one never is
    assert [json.loads(c.content)["external_ref"] for c in desk.callbacks] == [other.json()["ref"]]


async def test_tolak_bssn_is_refused_by_bssn_and_taken_by_lkpp() -> None:
    by_bssn, by_lkpp = Desk("bssn"), Desk("lkpp")
    async with by_bssn.http, by_lkpp.http:
        refused = await by_bssn.post(case("bssn", "TOLAK-BSSN: uji"), "k:8")
        assert (refused.status_code, refused.json()) == (
            422,
            {"error": "BSSN tidak menangani permohonan ini (simulasi)"},
        )
        assert await by_bssn.listing() == {}
        assert (await by_lkpp.post(case("lkpp", "TOLAK-BSSN: uji"), "k:8")).status_code == 202


async def test_lkpps_listing_holds_its_tickets_and_its_forensic_cases_side_by_side() -> None:
    desk = Desk("lkpp")
    desk.app.state.desk.client = desk.app.state.forensik.client
    async with desk.http:
        ticket = json.dumps({"ticket_ref": "TMG-HD-2612-0001", "summary": "TUNDA", "callback_url": "http://x"}).encode()
        headers = {"x-lkpp-signature": signature(SECRETS["lkpp"], ticket), "Idempotency-Key": "tiket-1"}
        opened = await desk.http.post("/lkpp/api/tiket", content=ticket, headers=headers)
        forensic = await desk.post(case("lkpp", "TUNDA"), "uf-1:lkpp")
        assert await desk.listing() == {
            "tiket-1": {"lkpp_ref": opened.json()["lkpp_ref"], "permintaan": 1},
            "uf-1:lkpp": {
                "ref": forensic.json()["ref"],
                "permintaan": 1,
                "case_ref": "DPK-UF-2612-0007",
                "berkas": FILES,
            },
        }
