"""What a staff sign-in costs (README, "Sign-in back-off"): an unknown username is checked against a dummy hash of the
same parameters, so it takes one argon2 check as a known one does; a locked sign-in is answered at once, without
touching argon2, so guessing clients cost almost nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from identity import usecases
from identity.app import create_app
from identity.seed import seed_staff
from identity.settings import Settings
from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import dummy_hash, password_matches_off_loop
from tests.support import Infra, SiteClient, reset_schema

pytestmark = pytest.mark.integration
START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # 08.00 WIB
RINA = {"username": "rina", "password": "rina-sandi-2026", "name": "Rina", "full_name": "Rina K., S.Kom."}


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    url = await reset_schema(infra, "identity")
    await seed_staff(url, [{**RINA, "role": "verifikator", "lpse": "depok"}])
    built = create_app(Settings(database_url=url, nats_url=infra.nats_url), clock=SettableClock(START))
    async with built.router.lifespan_context(built):
        yield built


async def sign_in(app: FastAPI, username: str, password: str) -> int:
    transport = httpx.ASGITransport(app=app, client=("10.1.1.1", 40000))
    async with SiteClient(transport=transport, base_url="http://id") as client:
        return (await client.post("/staf/masuk", data={"username": username, "password": password})).status_code


async def test_an_unknown_name_costs_one_argon2_check_and_a_locked_sign_in_none(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []

    async def counted(stored: str, password: str) -> bool:
        checked.append(stored)
        return await password_matches_off_loop(stored, password)

    monkeypatch.setattr(usecases, "password_matches_off_loop", counted)
    rina_hash = await app.state.runtime.pool.fetchval("SELECT password_hash FROM staff_accounts")

    assert await sign_in(app, "tidak.ada", "tebakan-2026") == 401
    assert await sign_in(app, "rina", "tebakan-2026") == 401
    assert checked == [dummy_hash(), rina_hash], "one check each, the unknown name against a hash of the same cost"

    for _ in range(4):  # the account's five free failures used up
        assert await sign_in(app, "rina", "tebakan-2026") == 401
    assert len(checked) == 6
    assert await sign_in(app, "rina", RINA["password"]) == 429
    assert await sign_in(app, "rina", "tebakan-2026") == 429
    assert len(checked) == 6, "a locked sign-in is answered without an argon2 check"
