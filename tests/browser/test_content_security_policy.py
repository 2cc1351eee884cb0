"""Under the pages' Content-Security-Policy the browser blocks nothing of ours: every script runs by its nonce."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser, ConsoleMessage

from devstack.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
PAGES = ("/", "/daftar/", "/daftar/depok/", "/standar/depok/", "/staf/masuk", "/akun/lupa-sandi", "/helpdesk/depok/")


async def test_no_page_trips_the_policy_and_the_operators_feed_script_runs(stack: Stack, browser: Browser) -> None:
    page = await browser.new_page()
    violations: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    for path in PAGES:
        answer = await page.goto(f"{stack.front_url}{path}")
        assert answer is not None and answer.ok, path
        assert "frame-ancestors 'none'" in (await answer.all_headers())["content-security-policy"], path
    await page.goto(f"{stack.front_url}/ops/")  # operators only: the sign-in page first, then back here
    await page.get_by_label("Nama pengguna").fill("operator.platform")
    await page.get_by_label("Kata sandi").fill("operator-2026")
    await page.get_by_role("button", name="Masuk").click()
    await page.wait_for_url(f"{stack.front_url}/ops/")
    # The feed's script (nonce-carrying) connects and says so; a blocked script would leave "menghubungkan…".
    await page.wait_for_function("() => document.getElementById('feed-state').textContent.startsWith('terhubung')")
    assert violations == []
