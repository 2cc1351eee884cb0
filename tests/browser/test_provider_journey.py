"""The provider's journey in a real browser: headless Debian Chromium driven by Playwright, with uploads."""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, async_playwright

from devstack.stack import Stack
from devstack.testing import eventually, unique_email
from tests.e2e.test_journey import PDF, check_documents, open_case_as, wait_for_mail

pytestmark = pytest.mark.browser
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    """Debian's Chromium (installed by `make test`), headless."""
    executable = shutil.which("chromium")
    assert executable, "chromium is missing: `make test` installs it with apt"
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


async def test_provider_registers_with_uploads_in_the_browser(stack: Stack, browser: Browser, tmp_path: Path) -> None:
    email = unique_email("peramban")
    scans = {}
    for code in ("ktp", "npwp", "nib", "akta_pendirian", "surat_kuasa", "akta_perubahan_terakhir"):
        scans[code] = tmp_path / f"{code}.pdf"
        scans[code].write_bytes(PDF)
    (tmp_path / "virus.pdf").write_bytes(b"MZ\x90\x00 a program, not a scan")
    page = await browser.new_page()
    await page.goto(f"{stack.front_url}/")
    await page.click("text=Pendaftaran penyedia")
    await page.click("text=Daftar di LPSE Kota Magelang")
    await page.fill("#email", email)
    await page.click("text=Kirim tautan pendaftaran")
    await page.wait_for_selector("#link-sent")

    async with httpx.AsyncClient(base_url=stack.front_url) as client:
        mail = await wait_for_mail(client, email, "pendaftaran penyedia")
    link = re.search(r"(http://\S+/daftar/draf/\S+)", mail["text"])
    assert link
    await page.goto(link.group(1))
    assert await page.inner_text("#verified-email") == email
    await page.select_option("#provider_type", "badan_usaha_cv")
    await page.fill("#company_name", "CV Lewat Peramban")
    await page.fill("#npwp", "01.987.654.3-210.000")
    await page.fill("#nib", "8120009876543")
    await page.fill("#director_name", "Rahmat Hidayat")
    await page.fill("#director_nik", "3308 1204 8801 0002")
    await page.click("#save-draft")
    await page.wait_for_selector("#draft-saved")
    assert await page.locator(".doc-slot").count() >= 4, "the standard's documents appear once the type is chosen"

    await page.set_input_files("#doc_ktp", str(tmp_path / "virus.pdf"))
    await page.click("#save-draft")
    assert "KTP: berkas harus PDF, JPEG atau PNG" in await page.inner_text("main")
    for code in ("ktp", "npwp", "nib", "akta_pendirian"):
        await page.set_input_files(f"#doc_{code}", str(scans[code]))
    await page.click("#submit")
    await page.wait_for_selector("#status")
    assert "/daftar/status/" in page.url, "the address bar holds the status link the page asks to keep"
    draft_page = await browser.new_page()
    await draft_page.goto(link.group(1))
    assert draft_page.url.split("?")[0] == page.url.split("?")[0], "the used draft link leads to the status page"
    await draft_page.close()
    reference = re.search(r"MGL-\d{4}-[0-9A-Z]{6}", await page.inner_text("main"))
    assert reference
    await page.screenshot(path=str(tmp_path / "status.png"), full_page=True)

    async with httpx.AsyncClient(base_url=stack.front_url) as verifier:
        case_path = await open_case_as(verifier, "verifikator.magelang", "magelang-2026", reference.group(0))
        assert "(ktp.pdf)</a>" in (await verifier.get(case_path)).text
        await verifier.post(f"{case_path}/klaim")
        await check_documents(verifier, case_path)
        await verifier.post(f"{case_path}/setujui")

    async def account_shown() -> bool:
        await page.reload()
        return await page.locator("#user-id").count() > 0

    await eventually(account_shown, timeout=30, what="the status page to show the user ID")
    assert "Akun aktif" in await page.inner_text("#status")
