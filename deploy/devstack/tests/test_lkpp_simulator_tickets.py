"""The LKPP simulator's ticket API as the README's "The LKPP gateway" describes it: signed requests only, one ticket
per Idempotency-Key, and an answer by signed callback chosen by the words TUNDA and TOLAK in the summary."""

from __future__ import annotations

import json

import httpx
import pytest
from starlette.applications import Starlette

from contracts.digests import lkpp_signature
from devstack.lkpp import simulator_app
from tests.support import eventually

SECRET = "rahasia-lkpp-dev"
CALLBACK = "http://lpse.test/helpdesk/lkpp/tiket/callback"


def ticket(summary: str) -> bytes:
    return json.dumps(
        {"ticket_ref": "TMG-HD-2612-0001", "lpse": "temanggung", "summary": summary, "callback_url": CALLBACK}
    ).encode()


async def post(client: httpx.AsyncClient, body: bytes, key: str, secret: str = SECRET) -> httpx.Response:
    headers = {"Idempotency-Key": key, "x-lkpp-signature": lkpp_signature(secret, body)}
    return await client.post("/lkpp/api/tiket", content=body, headers=headers)


async def desk_answering_into(callbacks: list[httpx.Request]) -> tuple[httpx.AsyncClient, Starlette]:
    app = simulator_app(SECRET, delay=0.0)

    def helpdesk(request: httpx.Request) -> httpx.Response:
        callbacks.append(request)
        return httpx.Response(200, json={"status": "ok"})

    app.state.desk.client = httpx.AsyncClient(transport=httpx.MockTransport(helpdesk))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lkpp.test"), app


async def until(check: list[httpx.Request], count: int) -> None:
    async def arrived() -> bool:
        return len(check) >= count

    await eventually(arrived, timeout=5, what=f"{count} callback(s)")


async def test_one_ticket_per_key_202_then_200_with_the_same_number() -> None:
    callbacks: list[httpx.Request] = []
    client, _ = await desk_answering_into(callbacks)
    async with client:
        first = await post(client, ticket("Tidak bisa unggah"), "key-1")
        again = await post(client, ticket("Tidak bisa unggah"), "key-1")
        assert (first.status_code, again.status_code) == (202, 200)
        assert first.json()["lkpp_ref"] == again.json()["lkpp_ref"]
        assert first.json()["lkpp_ref"].startswith("LKPP-TIK-") and len(first.json()["lkpp_ref"]) == 17
        listing = (await client.get("/lkpp/api/diterima")).json()
        assert listing == {"key-1": {"lkpp_ref": first.json()["lkpp_ref"], "permintaan": 2}}
        await until(callbacks, 1)
    (answer,) = callbacks
    assert str(answer.url) == CALLBACK
    assert answer.headers["x-lkpp-signature"] == lkpp_signature(SECRET, answer.content)
    assert json.loads(answer.content) == {
        "lkpp_ref": first.json()["lkpp_ref"],
        "ticket_ref": "TMG-HD-2612-0001",
        "result": "selesai",
        "answer": "Permasalahan telah ditangani Helpdesk LKPP (simulasi LKPP)",
    }


async def test_tolak_is_returned_with_lkpps_reason() -> None:
    callbacks: list[httpx.Request] = []
    client, _ = await desk_answering_into(callbacks)
    async with client:
        assert (await post(client, ticket("Mohon TOLAK saja"), "key-2")).status_code == 202
        await until(callbacks, 1)
    body = json.loads(callbacks[0].content)
    assert (body["result"], body["answer"]) == ("dikembalikan", "Bukan permasalahan aplikasi SPSE (simulasi LKPP)")


async def test_tunda_is_never_answered() -> None:
    callbacks: list[httpx.Request] = []
    client, app = await desk_answering_into(callbacks)
    async with client:
        assert (await post(client, ticket("tunda dulu"), "key-3")).status_code == 202
        assert (await post(client, ticket("Lainnya"), "key-4")).status_code == 202
        await until(callbacks, 1)  # the other ticket, posted after it, is answered: this one never is
    assert [json.loads(c.content)["result"] for c in callbacks] == ["selesai"]
    assert [json.loads(c.content)["lkpp_ref"] for c in callbacks] == [app.state.desk.received["key-4"].lkpp_ref]


@pytest.mark.parametrize(
    ("body", "key", "secret", "status"),
    [
        (ticket("x"), "key-5", "rahasia-lain", 401),
        (ticket("x"), "", SECRET, 400),
        (b"{not json", "key-6", SECRET, 422),
        (json.dumps({"ticket_ref": "TMG-1"}).encode(), "key-7", SECRET, 422),
    ],
)
async def test_an_unsigned_unkeyed_or_unreadable_request_opens_no_ticket(
    body: bytes, key: str, secret: str, status: int
) -> None:
    client, _ = await desk_answering_into([])
    async with client:
        assert (await post(client, body, key, secret)).status_code == status
        assert (await client.get("/lkpp/api/diterima")).json() == {}
