"""*Lupa kata sandi* (README, "Decisions where the design is silent"): the page is the same, in at least 0.4 s,
whether or not the account exists, so neither the words nor the time tell a stranger which user IDs are taken."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from tests.support import Infra, SiteClient, application_submitted, reset_identity, reset_schema
from verification import activation_db, db
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration
# What differs between two answers of one page whatever was asked: the CSRF token and the script nonce.
PER_RESPONSE = re.compile(r'(name="csrftoken" value|nonce)="[^"]*"')


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    """The service on a fresh schema, its streams declared (by `nc`)."""
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    service = create_app(Settings(database_url=url, nats_url=infra.nats_url))
    async with service.router.lifespan_context(service):
        yield service


async def ask(app: FastAPI, identifier: str) -> tuple[float, int, str]:
    """Ask for a reset link; how long the answer took, its status and its page without per-response values."""
    async with SiteClient(transport=httpx.ASGITransport(app=app), base_url="http://v") as stranger:
        await stranger.get("/akun/lupa-sandi")  # the form first, as a browser opens it
        started = time.monotonic()
        answer = await stranger.post("/akun/lupa-sandi", data={"identifier": identifier})
        return time.monotonic() - started, answer.status_code, PER_RESPONSE.sub("", answer.text)


async def test_a_known_and_an_unknown_account_get_the_same_page_after_at_least_0_4_s(app: FastAPI) -> None:
    pool = app.state.runtime.pool
    event = application_submitted("depok", "CV Lupa Sandi", email="direktur@lupasandi.co.id")
    case_id, now = uuid.uuid4(), datetime.now(UTC)
    async with pool.acquire() as conn, conn.transaction():
        await db.open_case(conn, case_id, event, now, "uji")
        case = await db.get_case(conn, case_id)
        await activation_db.insert_provider(conn, provider_id=uuid.uuid4(), user_id="LUPASANDI", case=case, now=now)

    known_time, known_status, known_page = await ask(app, "lupasandi")
    unknown_time, unknown_status, unknown_page = await ask(app, "TIDAKADA9999")
    assert known_status == unknown_status == 200
    assert 'id="reset-answer"' in known_page and known_page == unknown_page
    assert known_time >= 0.4 and unknown_time >= 0.4, (known_time, unknown_time)
    assert await pool.fetchval("SELECT count(*) FROM password_tokens") == 1, "a link only for the known account"
