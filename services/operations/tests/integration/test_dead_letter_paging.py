"""Every dead letter can be reached: the console, its API and the command line page through them with a count."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

import httpx
import pytest
from nats.aio.client import Client

from lpse_runtime.staff import SESSION_COOKIE
from operations.app import create_app
from operations.settings import Settings
from tests.support import Infra, SiteClient, staff_session

from .test_console_on_the_kit import operations_schema

pytestmark = pytest.mark.integration
LETTERS = 120


async def store_letters(nc: Client) -> None:
    js = nc.jetstream()
    for n in range(LETTERS):
        await js.publish(
            "deadletter.notifier-from-registration.registration.depok.application.submitted.v1",
            b"[[[",
            headers={
                "Lpse-Consumer": "notifier-from-registration",
                "Lpse-Original-Subject": "registration.depok.application.submitted.v1",
                "Lpse-Error": f"invalid payload nomor {n + 1}",
                "Lpse-Deliveries": "1",
            },
        )


async def test_the_console_and_its_api_page_through_every_dead_letter(infra: Infra, nc: Client) -> None:
    await store_letters(nc)
    app = create_app(Settings(database_url=await operations_schema(infra), nats_url=infra.nats_url))
    cookie = await staff_session(infra, "yoga.operator", [("operator", "*")], now=datetime.now(UTC))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with SiteClient(transport=transport, base_url="http://ops", cookies={SESSION_COOKIE: cookie}) as yoga:
            first = (await yoga.get("/ops/")).text
            assert "Dead letter 1–50 dari 120" in first and 'href="/ops/?halaman=2"' in first
            assert "invalid payload nomor 50<" in first and "invalid payload nomor 51<" not in first
            last = (await yoga.get("/ops/?halaman=3")).text
            assert "Dead letter 101–120 dari 120" in last and "invalid payload nomor 120<" in last
            assert 'href="/ops/?halaman=2"' in last and "halaman=4" not in last
            for odd in ("0", "-1", "abc", "99999999999"):
                assert "Dead letter 1–50 dari 120" in (await yoga.get(f"/ops/?halaman={odd}")).text, odd
            beyond = await yoga.get("/ops/?halaman=9")
            assert beyond.status_code == 200 and "Halaman ini kosong." in beyond.text

            seen: list[str] = []
            while True:
                answer = await yoga.get("/ops/api/dead-letters", params={"offset": len(seen), "limit": 500})
                assert answer.headers["x-total-count"] == str(LETTERS)
                if not answer.json():
                    break
                seen.extend(d["error"] for d in answer.json())
            assert seen == [f"invalid payload nomor {n}" for n in range(1, LETTERS + 1)]


async def test_the_command_line_lists_a_page_and_the_count(infra: Infra, nc: Client) -> None:
    await store_letters(nc)
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "lpse_runtime.deadletters",
        "--nats-url",
        infra.nats_url,
        "list",
        "--page",
        "3",
        "--per-page",
        "50",
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await asyncio.wait_for(process.communicate(), timeout=30)
    text = out.decode()
    assert process.returncode == 0
    assert text.startswith("Dead letter 101–120 dari 120\n")
    assert "invalid payload nomor 101\n" in text and "invalid payload nomor 120\n" in text
    assert "invalid payload nomor 100\n" not in text and "Halaman berikutnya" not in text
