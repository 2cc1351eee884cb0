"""The LKPP simulator's provider API as the README's "Changes reaching LKPP" describes it: signed requests only, one
change per Idempotency-Key (a repeat answers the same number and stores nothing new), 422 on a malformed body with
nothing stored, and `GET /lkpp/api/penyedia/<user_id>` showing what LKPP holds."""

from __future__ import annotations

import json

import httpx

from contracts.digests import lkpp_signature
from devstack.lkpp import simulator_app

SECRET = "rahasia-lkpp-dev"
NPWP = "0123456789012345"


def change(**fields: object) -> bytes:
    body: dict[str, object] = {
        "lpse": "banjarmasin",
        "user_id": "CVMAJUJAYA01",
        "provider_id": "b1a00000-0000-4000-8000-000000000001",
        "kind": "changed",
        "what": "npwp",
        "request_ref": "PRM-BJM-2612-000042",
        "changes": [{"field": "npwp", "label": "NPWP", "before": "01.***.***.*-***.000", "after": NPWP}],
        "npwp": NPWP,
        "email": "admin@majujaya.co.id",
        "company_name": "CV Maju Jaya",
        "status": "aktif",
        "occurred_at": "2026-12-30T01:30:00+00:00",
        **fields,
    }
    return json.dumps(body).encode()


def client() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=simulator_app(SECRET)), base_url="http://lkpp.test")


async def post(http: httpx.AsyncClient, body: bytes, key: str, secret: str = SECRET) -> httpx.Response:
    headers = {"Idempotency-Key": key, "x-lkpp-signature": lkpp_signature(secret, body)}
    return await http.post("/lkpp/api/penyedia/perubahan", content=body, headers=headers)


async def test_one_change_per_key_202_then_200_with_the_same_number_and_nothing_new() -> None:
    async with client() as http:
        first = await post(http, change(), "e1:lkpp")
        again = await post(http, change(), "e1:lkpp")
        assert (first.status_code, again.status_code) == (202, 200)
        assert first.json()["lkpp_ref"] == again.json()["lkpp_ref"]
        assert first.json()["lkpp_ref"].startswith("LKPP-PRB-")
        held = (await http.get("/lkpp/api/penyedia/cvmajujaya01")).json()
        assert (held["user_id"], held["npwp"], held["status"], held["company_name"]) == (
            "CVMAJUJAYA01",
            NPWP,
            "aktif",
            "CV Maju Jaya",
        )
        assert [c["lkpp_ref"] for c in held["perubahan"]] == [first.json()["lkpp_ref"]]
        listing = (await http.get("/lkpp/api/diterima")).json()
        assert listing == {"e1:lkpp": {"lkpp_ref": first.json()["lkpp_ref"], "permintaan": 2}}


async def test_a_later_change_updates_what_lkpp_holds_and_is_listed_after_the_first() -> None:
    async with client() as http:
        await post(http, change(), "e1:lkpp")
        email = [{"field": "email", "label": "Email", "before": "admin@majujaya.co.id", "after": "pt@majujaya.co.id"}]
        second = change(what="email", changes=email, npwp=None, email="pt@majujaya.co.id")
        assert (await post(http, second, "e2:lkpp")).status_code == 202
        off = change(
            kind="deactivated",
            what=None,
            changes=[],
            npwp=None,
            email="pt@majujaya.co.id",  # every fact carries the address of record: the new one by now
            status="nonaktif",
            reason="Tutup usaha",
        )
        assert (await post(http, off, "e3:lkpp")).status_code == 202
        held = (await http.get("/lkpp/api/penyedia/CVMAJUJAYA01")).json()
        assert (held["npwp"], held["email"], held["status"]) == (NPWP, "pt@majujaya.co.id", "nonaktif")
        assert [(c["kind"], c["what"]) for c in held["perubahan"]] == [
            ("changed", "npwp"),
            ("changed", "email"),
            ("deactivated", None),
        ]


async def test_a_malformed_or_unsigned_change_stores_nothing() -> None:
    async with client() as http:
        assert (await post(http, b"not json", "e1:lkpp")).status_code == 422
        assert (await post(http, change(kind="merged"), "e2:lkpp")).status_code == 422
        assert (await post(http, change(changes=[]), "e3:lkpp")).status_code == 422
        assert (await post(http, change(npwp="12.345"), "e4:lkpp")).status_code == 422
        assert (await post(http, change(user_id=""), "e5:lkpp")).status_code == 422
        assert (await post(http, change(), "e6:lkpp", secret="salah")).status_code == 401
        unkeyed = await http.post(
            "/lkpp/api/penyedia/perubahan",
            content=change(),
            headers={"x-lkpp-signature": lkpp_signature(SECRET, change())},
        )
        assert unkeyed.status_code == 400
        assert (await http.get("/lkpp/api/penyedia/CVMAJUJAYA01")).status_code == 404
        assert (await http.get("/lkpp/api/diterima")).json() == {}
