"""The platform administrator manages staff accounts on a phone, as a person does: by labels, in Indonesian."""

from __future__ import annotations

import re
import uuid
from collections import Counter

import pytest
from playwright.async_api import Browser, Page

from devstack.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
CONTROL = re.compile(r'^\s*- \'?(link|button|textbox|checkbox)(?: "((?:[^"\\]|\\.)*)")?', re.M)


async def names_unique_and_fits(page: Page, what: str) -> None:
    """Every control has its own name (Chromium's accessibility tree), and nothing is wider than 390 px."""
    names = [name for _, name in CONTROL.findall(await page.locator("body").aria_snapshot())]
    assert names and all(n.strip() for n in names), f"{what}: a control without a name"
    assert [n for n, k in Counter(names).items() if k > 1] == [], f"{what}: controls sharing a name"
    assert await page.evaluate("document.documentElement.scrollWidth") <= 390, f"{what}: wider than the phone"


async def test_the_administrator_creates_and_disables_an_account_on_a_phone(stack: Stack, browser: Browser) -> None:
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    await page.goto(f"{stack.front_url}/staf/pengguna/")
    await page.get_by_label("Nama pengguna").fill("admin.platform")
    await page.get_by_label("Kata sandi").fill("admin-platform-2026")
    await page.get_by_role("button", name="Masuk").click()
    await page.wait_for_url("**/staf/pengguna/")
    await names_unique_and_fits(page, "account list")

    await page.get_by_role("link", name="Buat akun staf baru").click()
    await names_unique_and_fits(page, "new account form")
    await page.get_by_role("button", name="Buat akun").click()  # nothing filled: every message beside its field
    assert await page.locator("#username-error").text_content() == (
        "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung."
    )
    assert await page.locator("#grants-error").text_content() == "Pilih minimal satu peran."
    await names_unique_and_fits(page, "new account form with errors")

    username = f"helpdesk.uji{uuid.uuid4().hex[:6]}"
    await page.get_by_label("Nama pengguna").fill(username)
    await page.get_by_label("Nama tampilan").fill("Helpdesk Uji")
    await page.get_by_label("Nama lengkap beserta gelar").fill("Uji Coba, S.Sos.")
    await page.get_by_label("Kata sandi awal", exact=True).fill("sandi-awal-uji-2026")
    await page.get_by_label("Ulangi kata sandi awal").fill("sandi-awal-uji-2026")
    await page.get_by_label("Helpdesk — LPSE Kota Magelang").check()
    await page.get_by_role("button", name="Buat akun").click()
    await page.wait_for_url("**/staf/pengguna/?info=dibuat")
    assert "wajib menggantinya saat pertama kali masuk" in await page.locator("[role=status]").inner_text()

    await page.get_by_role("link", name=f"Kelola akun {username}").click()
    await names_unique_and_fits(page, "account page")
    await page.get_by_role("button", name="Nonaktifkan akun").click()
    await page.wait_for_url(f"**/staf/pengguna/{username}?info=nonaktif")
    assert "semua sesinya sudah diakhiri" in await page.locator("[role=status]").inner_text()
    assert await page.get_by_role("button", name="Aktifkan kembali akun").count() == 1
    await page.get_by_role("link", name="Kembali ke daftar akun staf").click()
    await page.wait_for_url("**/staf/pengguna/")
    await page.close()
