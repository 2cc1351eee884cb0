"""The provider's account area in a real browser, by the labels a person reads, on a phone (390 px) and a desk
screen (1280 px): sign in, the area's sections, a new password, a request filed with its documents and its page;
nothing wider than the screen and no two controls sharing a name."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from playwright.async_api import Browser, FilePayload, Page, ViewportSize, expect

from devstack.stack import Stack
from tests.e2e.account_driver import PASSWORD, activated_provider, request_uploads, wait_for_subject
from tests.e2e.driver import PROFILES, random_digits
from tests.support import SiteClient, unique_email

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
PHONE = ViewportSize(width=390, height=844)
DESK = ViewportSize(width=1280, height=900)
CONTROL_ROLES = ("link", "button", "textbox", "combobox", "checkbox", "radio", "searchbox", "spinbutton", "switch")
CONTROL = re.compile(rf'^\s*- \'?({"|".join(CONTROL_ROLES)})(?: "((?:[^"\\]|\\.)*)")?', re.M)
SECTIONS = ("Data akun", "Dokumen", "Agregasi", "Permohonan", "Riwayat perubahan")
PDF = FilePayload(name="surat.pdf", mimeType="application/pdf", buffer=b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n")


async def fits(page: Page, width: int, what: str) -> None:
    """Nothing on the page is wider than the screen (no sideways scrolling)."""
    scroll = await page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{what}: {scroll} px of content on a {width} px screen"


async def names_unique(page: Page, what: str) -> None:
    """Every control has a name of its own in Chromium's accessibility tree."""
    tree = await page.locator("body").aria_snapshot()
    found = [(role, name.replace('\\"', '"')) for role, name in CONTROL.findall(tree)]
    assert found, f"{what}: no controls"
    unnamed = [role for role, name in found if not name.strip()]
    shared = {name: n for name, n in Counter(name for _, name in found).items() if n > 1}
    assert not unnamed, f"{what}: controls without a name: {unnamed}"
    assert not shared, f"{what}: controls sharing a name: {shared}"


async def check(page: Page, width: int, what: str, shots: Path) -> None:
    """Fits the screen, every control named once; a full-page screenshot for whoever reads the run."""
    await page.screenshot(path=shots / f"{width}-{what.replace(' ', '-')}.png", full_page=True)
    await fits(page, width, what)
    await names_unique(page, what)


@pytest.mark.parametrize("size", [PHONE, DESK], ids=["390px", "1280px"])
async def test_a_provider_signs_in_changes_the_password_and_files_a_request(
    stack: Stack, browser: Browser, size: ViewportSize, tmp_path: Path
) -> None:
    front, width = stack.front_url, size["width"]
    email = unique_email(f"area{width}")
    provider = await activated_provider(front, "banjarmasin", email, f"CV Layar {width}")
    page = await browser.new_page(viewport=size)

    # The area asks for the sign-in first, by its labels, and leads back.
    await page.goto(f"{front}/akun/")
    await expect(page.get_by_label("User ID")).to_be_visible()
    await check(page, width, "sign-in", tmp_path)
    await page.get_by_label("User ID").fill(provider.user_id)
    await page.get_by_label("Kata sandi").fill("bukan-sandinya-2026")
    await page.get_by_role("button", name="Masuk").click()
    await expect(page.get_by_text("User ID atau kata sandi tidak sesuai.")).to_be_visible()
    await check(page, width, "sign-in refused", tmp_path)
    await page.get_by_label("User ID").fill(provider.user_id)
    await page.get_by_label("Kata sandi").fill(PASSWORD)
    await page.get_by_role("button", name="Masuk").click()
    await page.wait_for_url(f"{front}/akun/")

    # The area: the account and its sections, and only the requests Banjarmasin's standard offers.
    await expect(page.get_by_role("heading", level=1, name="Akun penyedia")).to_be_visible()
    for heading in SECTIONS:
        await expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    await expect(page.get_by_text(provider.user_id).first).to_be_visible()
    for offered in ("Ajukan perubahan email", "Ajukan perubahan NPWP", "Ajukan perubahan status CV ke PT"):
        await expect(page.get_by_role("link", name=offered)).to_be_visible()
    await expect(page.get_by_role("link", name="Ajukan perubahan data lainnya")).to_have_count(0)
    await check(page, width, "account area", tmp_path)

    # A new password: the wrong current one is refused beside its field, then it is saved.
    await page.get_by_role("link", name="Ubah kata sandi").click()
    await check(page, width, "password form", tmp_path)
    new_password = f"sandi-baru-{width}-2026"
    await page.get_by_label("Kata sandi sekarang").fill("bukan-sandinya-2026")
    await page.get_by_label("Kata sandi baru", exact=True).fill(new_password)
    await page.get_by_label("Ulangi kata sandi baru").fill(new_password)
    await page.get_by_role("button", name="Simpan kata sandi").click()
    await expect(page.get_by_label("Kata sandi sekarang")).to_have_attribute("aria-invalid", "true")
    await check(page, width, "password form refused", tmp_path)
    await page.get_by_label("Kata sandi sekarang").fill(PASSWORD)
    await page.get_by_label("Kata sandi baru", exact=True).fill(new_password)
    await page.get_by_label("Ulangi kata sandi baru").fill(new_password)
    await page.get_by_role("button", name="Simpan kata sandi").click()
    await expect(page.get_by_label("Kata sandi sekarang")).to_have_count(0)
    async with SiteClient(base_url=front) as mailbox:
        await wait_for_subject(mailbox, email, f"Kata sandi akun {provider.user_id} diubah")

    # Out, and in again with the new password.
    await page.goto(f"{front}/akun/")
    await page.get_by_role("button", name="Keluar").click()
    await page.goto(f"{front}/akun/")
    await page.get_by_label("User ID").fill(provider.user_id)
    await page.get_by_label("Kata sandi").fill(new_password)
    await page.get_by_role("button", name="Masuk").click()
    await page.wait_for_url(f"{front}/akun/")

    # A new NPWP (BJM-4) with the documents its standard lists, each chosen by its name; then its page.
    await page.get_by_role("link", name="Ajukan perubahan NPWP").click()
    await expect(page.get_by_label("NPWP baru")).to_be_visible()
    await expect(page.get_by_label("Berkas dibawa oleh kuasa")).not_to_be_checked()
    await check(page, width, "NPWP request form", tmp_path)
    await page.get_by_label("NPWP baru").fill(random_digits(15))
    names = {r.code: r.name for r in PROFILES["banjarmasin"].service("perubahan_npwp").documents}
    for field in request_uploads("banjarmasin", "npwp"):
        await page.get_by_label(names[field.removeprefix("doc_")], exact=True).set_input_files(files=[PDF])
    await page.get_by_role("button", name="Kirim permohonan").click()
    await page.wait_for_load_state()
    if "/akun/permohonan/baru" in page.url:  # refused: say what the page said
        raise AssertionError(f"the request was refused: {await page.locator('main').inner_text()}")
    await page.wait_for_url(re.compile(r"/akun/permohonan/PRM-BJM-\d{4}-[A-Z0-9]{6}(\?.*)?$"))
    reference = page.url.split("?")[0].rsplit("/", 1)[1]
    await expect(page.get_by_role("heading", level=1, name=f"Permohonan {reference}")).to_be_visible()
    await expect(page.get_by_text("Menunggu kedatangan pemohon di loket").first).to_be_visible()
    await expect(page.get_by_role("link", name="Cetak surat permohonan")).to_be_visible()
    await expect(page.get_by_role("button", name="Batalkan permohonan")).to_be_visible()
    await check(page, width, "request page", tmp_path)

    # The area lists it.
    await page.goto(f"{front}/akun/")
    await expect(page.get_by_text(reference).first).to_be_visible()
    await check(page, width, "account area with a request", tmp_path)
    await page.context.close()
