"""The heads of an LPSE and their official email, as the notifier reads them (real PostgreSQL and JetStream).

The oracle is the README ("Staff identity and access"): an account may carry an official email, set on the
administrator's pages or by the seed; `identity.staff_contacts(lpse, role)` lists the active holders of a role with
an address on record, and only the notifier's role may call it.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from identity.app import create_app
from identity.seed import seed_staff
from identity.settings import Settings
from lpse_runtime.clock import SettableClock
from tests.support import Infra, SiteClient, eventually, reset_identity

pytestmark = pytest.mark.integration
START = datetime(2026, 12, 10, 1, 0, tzinfo=UTC)
ADMIN = {"username": "admin.platform", "password": "admin-platform-2026", "name": "Admin", "full_name": "Admin P."}
HEAD = {"username": "kepala.depok", "password": "kepala-depok-2026", "name": "Kepala", "full_name": "Hendra W."}
SEEDED: list[dict[str, Any]] = [
    {**ADMIN, "role": "admin_platform", "lpse": "*"},
    {**HEAD, "role": "kepala_lpse", "lpse": "depok"},
    # a second head of Depok with no address yet, a head elsewhere, and a verifier of Depok with an address
    {"username": "wakil.depok", "password": "wakil-depok-2026", "name": "Wakil", "full_name": "Wakil K."}
    | {"role": "kepala_lpse", "lpse": "depok"},
    {"username": "kepala.magelang", "password": "kepala-magelang-2026", "name": "K", "full_name": "Sugeng R."}
    | {"role": "kepala_lpse", "lpse": "magelang", "email": "kepala.magelang@contoh.go.id"},
    {"username": "rina.depok", "password": "rina-depok-2026", "name": "Rina", "full_name": "Rina K."}
    | {"role": "verifikator", "lpse": "depok", "email": "rina@contoh.go.id"},
]


@pytest.fixture
async def db_url(infra: Infra) -> str:
    url = await reset_identity(infra, "notifier", "verification")
    await seed_staff(url, SEEDED, now=START)
    return url


@pytest.fixture
async def app(infra: Infra, nc: Client, db_url: str) -> AsyncIterator[FastAPI]:
    built = create_app(Settings(database_url=db_url, nats_url=infra.nats_url), clock=SettableClock(START))
    async with built.router.lifespan_context(built):
        yield built


async def contacts(infra: Infra, service: str, lpse: str) -> list[tuple[str, str]]:
    conn = await asyncpg.connect(infra.service_url(service))
    try:
        rows = await conn.fetch("SELECT username, email FROM identity.staff_contacts($1, 'kepala_lpse')", lpse)
    finally:
        await conn.close()
    return [(r["username"], r["email"]) for r in rows]


async def audit_trail(db_url: str, username: str) -> list[str]:
    """Each audit row about the account: 'action:before>after'."""
    conn = await asyncpg.connect(db_url)
    try:
        rows = await conn.fetch(
            "SELECT action, before, after FROM audit_log WHERE entity_id = $1 ORDER BY id", username
        )
    finally:
        await conn.close()
    return [f"{r['action']}:{r['before']}>{r['after']}" for r in rows]


async def stream_facts(nc: Client, subject: str, count: int) -> list[dict[str, Any]]:
    """Wait until the IDENTITY stream holds `count` facts on this subject; their payloads."""
    js = nc.jetstream()
    found: list[dict[str, Any]] = []

    async def arrived() -> bool:
        nonlocal found
        info = await js.stream_info("IDENTITY", subjects_filter=subject)
        total = sum((info.state.subjects or {}).values())
        if total < count:
            return False
        reader = await js.pull_subscribe(subject, stream="IDENTITY")
        try:
            found = [json.loads(m.data) for m in await reader.fetch(total, timeout=5)]
        finally:
            await reader.unsubscribe()
        return True

    await eventually(arrived, timeout=15, what=f"{count} × {subject}")
    return found


async def test_the_head_of_an_lpse_is_found_with_the_email_on_record(
    infra: Infra, nc: Client, app: FastAPI, db_url: str
) -> None:
    assert await contacts(infra, "notifier", "depok") == [], "no head of Depok has an address yet"
    assert await contacts(infra, "notifier", "magelang") == [("kepala.magelang", "kepala.magelang@contoh.go.id")]

    async with SiteClient(
        transport=httpx.ASGITransport(app=app, client=("10.5.5.5", 40000)), base_url="http://id"
    ) as admin:
        signed = await admin.post("/staf/masuk", data={"username": ADMIN["username"], "password": ADMIN["password"]})
        assert signed.status_code == 303
        page = await admin.get("/staf/pengguna/kepala.depok")
        assert '<label for="email">Email dinas (untuk pemberitahuan tenggat)</label>' in page.text
        assert "Belum dicatat" in page.text
        bad = await admin.post("/staf/pengguna/kepala.depok/email", data={"email": "kepala@depok"})
        assert bad.status_code == 422 and 'id="email-error">Alamat email tidak valid' in bad.text
        assert await contacts(infra, "notifier", "depok") == [], "a refused address stores nothing"
        saved = await admin.post("/staf/pengguna/kepala.depok/email", data={"email": " Kepala.Depok@contoh.go.id "})
        assert saved.status_code == 303 and saved.headers["location"] == "/staf/pengguna/kepala.depok?info=email"
        shown = await admin.get(saved.headers["location"])
        assert "Email dinas akun diperbarui." in shown.text and "Kepala.Depok@contoh.go.id" in shown.text

    async with SiteClient(
        transport=httpx.ASGITransport(app=app, client=("10.6.6.6", 40000)), base_url="http://id"
    ) as own:
        signed = await own.post("/staf/masuk", data={"username": HEAD["username"], "password": HEAD["password"]})
        assert signed.status_code == 303
        refused = await own.post("/staf/pengguna/kepala.depok/email", data={"email": "pribadi@contoh.co.id"})
        assert refused.status_code == 403, "only the platform administrator sets an official email"

    assert await contacts(infra, "notifier", "depok") == [("kepala.depok", "Kepala.Depok@contoh.go.id")]
    assert await audit_trail(db_url, "kepala.depok") == [
        "created:None>kepala_lpse@depok",
        "email:tanpa email>Ke***@contoh.go.id",
    ]
    (fact,) = await stream_facts(nc, "identity.depok.staff_account.changed.v1", 1)
    assert (fact["username"], fact["change"], fact["email"]) == ("kepala.depok", "email", "Kepala.Depok@contoh.go.id")

    disabled = await asyncpg.connect(db_url)
    try:
        await disabled.execute("UPDATE staff_accounts SET active = false WHERE username = 'kepala.magelang'")
    finally:
        await disabled.close()
    assert await contacts(infra, "notifier", "magelang") == [], "a disabled head gets no breach email"
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await contacts(infra, "verification", "depok")


async def test_a_reseed_gives_the_listed_heads_their_email_once(infra: Infra, db_url: str) -> None:
    listed = [{**HEAD, "role": "kepala_lpse", "lpse": "depok", "email": "kepala.depok@contoh.go.id"}]
    assert await seed_staff(db_url, listed, now=START) == {"changed": 1}
    assert await seed_staff(db_url, listed, now=START) == {"unchanged": 1}
    assert await seed_staff(db_url, [{**HEAD, "role": "kepala_lpse", "lpse": "depok"}], now=START) == {
        "unchanged": 1
    }, "an entry without an address leaves the one on record"
    assert await contacts(infra, "notifier", "depok") == [("kepala.depok", "kepala.depok@contoh.go.id")]
    assert (await audit_trail(db_url, "kepala.depok"))[-1] == "email:tanpa email>ke***@contoh.go.id"
