"""Under the pages' Content-Security-Policy the browser blocks nothing of ours: every script runs by its nonce."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, ConsoleMessage, async_playwright

from devstack.stack import Stack

pytestmark = pytest.mark.browser
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
PAGES = ("/", "/daftar/", "/daftar/depok/", "/standar/depok/", "/staf/masuk", "/akun/lupa-sandi", "/helpdesk/depok/")


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    """Debian's Chromium, headless."""
    executable = shutil.which("chromium")
    assert executable, "chromium is missing: `make test` installs it with apt"
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


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
    await page.goto(f"{stack.front_url}/ops/")
    # The feed's script (nonce-carrying) connects and says so; a blocked script would leave "menghubungkan…".
    await page.wait_for_function("() => document.getElementById('feed-state').textContent.startsWith('terhubung')")
    assert violations == []
