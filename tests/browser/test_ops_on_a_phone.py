"""The operators' pages on a 390 px phone: nothing wider than the screen, every time in the LPSE's zone."""

from __future__ import annotations

import json
from pathlib import Path

import nats
import pytest
from playwright.async_api import Browser, Page, ViewportSize

from devstack.stack import Stack
from lpse_runtime.deadletters import DEADLETTER_STREAM, H_CONSUMER, H_DELIVERIES, H_ERROR, H_STREAM_SEQ, H_SUBJECT

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
PHONE = ViewportSize(width=390, height=844)
# Banjarmasin's profile is in WITA (UTC+8): 03:00 UTC reads 11.00.00 WITA there.
OCCURRED_AT = "2026-11-25T03:00:00Z"


async def page_width(page: Page) -> int:
    """How wide the page's content is (what a phone user would have to scroll sideways through)."""
    return int(await page.evaluate("document.scrollingElement.scrollWidth"))


async def test_ops_fits_a_phone_and_shows_the_lpse_zone(stack: Stack, browser: Browser, tmp_path: Path) -> None:
    nc = await nats.connect(stack.nats_url)
    try:
        # A dead letter with the long unbroken names real ones have, so its table is on the page.
        await nc.jetstream().publish(
            "deadletter.notifier-on-aggregation-completed.verification.banjarmasin.provider.aggregated.v1",
            b"{}",
            stream=DEADLETTER_STREAM,
            headers={
                H_SUBJECT: "verification.banjarmasin.provider.aggregated.v1",
                H_CONSUMER: "notifier-on-aggregation-completed",
                H_ERROR: "invalid payload: 1 error(s): Field required (ProviderAggregatedV1.provider_user_id)",
                H_DELIVERIES: "1",
                H_STREAM_SEQ: "999999",
            },
        )
        # The longest stream name the platform has (an object store's: OBJ_VERIFICATION_REQUEST_DOCUMENTS), whether
        # or not a provider has uploaded anything yet.
        await nc.jetstream().create_object_store("VERIFICATION_REQUEST_DOCUMENTS")
        page = await browser.new_page(viewport=PHONE)
        await page.goto(f"{stack.front_url}/ops/")  # operators only: the sign-in page first, then back here
        await page.get_by_label("Nama pengguna").fill("operator.platform")
        await page.get_by_label("Kata sandi").fill("operator-2026")
        await page.get_by_role("button", name="Masuk").click()
        await page.wait_for_url(f"{stack.front_url}/ops/")
        await page.wait_for_function("() => document.getElementById('feed-state').textContent.startsWith('terhubung')")
        # A fact no consumer reads (only the stream keeps it), with a long subject, into the live feed.
        fact = {"occurred_at": OCCURRED_AT, "event_id": "e", "correlation_id": "c0ffee00-0000", "actor": {}}
        await nc.publish("registration.banjarmasin.application.probe_for_the_ops_page.v1", json.dumps(fact).encode())
        row = page.locator("#feed-rows tr.new").first
        await row.wait_for()
        assert (await row.locator("td").first.text_content()) == "11.00.00 WITA"
        assert "WITA (Kota Banjarmasin)" in (await page.locator("#zone-note").text_content() or "")
        dead = page.locator("#dead-letters tr", has_text="notifier-on-aggregation-completed").first
        assert "WITA" in (await dead.locator("td[data-label=Disimpan]").text_content() or "")
        await page.screenshot(path=tmp_path / "ops-390.png", full_page=True)
        assert await page_width(page) <= PHONE["width"]

        await page.goto(f"{stack.front_url}/ops/asyncapi")
        for summary in await page.locator("summary").all():
            await summary.click()  # the JSON schemas are the widest thing on the page
        await page.screenshot(path=tmp_path / "asyncapi-390.png", full_page=True)
        assert await page_width(page) <= PHONE["width"]
        await page.close()
    finally:
        await nc.close()
