"""Ubah jadwal in a real browser, by the labels people see, on a phone (390 px) and a desk screen (1280 px): the
Pokja's form refuses a missing stage and a new time before the old one beside their fields, then files; the
Helpdesk escalates it from its queue; the Admin PPE records the time set in SPSE and the Pokja's status page shows
the changed schedule."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import Browser, FilePayload, Page, ViewportSize, expect

from devstack.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
PHONE = ViewportSize(width=390, height=844)
DESK = ViewportSize(width=1280, height=900)
WIB = ZoneInfo("Asia/Jakarta")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def local(days: int, hour: int = 10) -> str:
    """A datetime-local value some days from now, in WIB."""
    moment = (datetime.now(UTC) + timedelta(days=days)).astimezone(WIB)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


async def fits(page: Page, width: int, what: str) -> None:
    """Nothing on the page is wider than the screen."""
    assert await page.evaluate("document.documentElement.scrollWidth") <= width, f"{what}: wider than {width} px"


async def signed_in(browser: Browser, front: str, path: str, username: str, password: str, size: ViewportSize) -> Page:
    """A fresh browser on `path`: the sign-in page comes first and leads back to it."""
    page = await browser.new_page(viewport=size)
    await page.goto(f"{front}{path}")
    await page.get_by_label("Nama pengguna").fill(username)
    await page.get_by_label("Kata sandi").fill(password)
    await page.get_by_role("button", name="Masuk").click()
    await page.wait_for_url(f"{front}{path}")
    return page


@pytest.mark.parametrize("size", [PHONE, DESK], ids=["390px", "1280px"])
async def test_pokja_files_helpdesk_escalates_admin_ppe_approves(
    stack: Stack, browser: Browser, size: ViewportSize
) -> None:
    front, width = stack.front_url, size["width"]
    tender = f"30{width}{datetime.now(UTC):%H%M%S%f}"

    # The Pokja's form: no stage chosen and a new time before the old one, each refused beside its field.
    pokja = await signed_in(browser, front, "/helpdesk/staf/jadwal/baru", "pokja.depok", "pokja-depok-2026", size)
    await pokja.get_by_label("Email Anda (untuk pemberitahuan dan tautan status)").fill("pokja.depok@contoh.go.id")
    await pokja.get_by_label("Kode tender SPSE").fill(tender)
    await pokja.get_by_label("Nama tender").fill("Pembangunan Jembatan Kali Pesanggrahan")
    await pokja.get_by_label("Waktu lama (WIB)").fill(local(3))
    await pokja.get_by_label("Waktu baru (WIB)").fill(local(2))
    await pokja.get_by_label("Alasan perubahan").fill("Adendum dokumen pemilihan: tambahan waktu bagi penyedia.")
    letter = FilePayload(name="surat-ubah-jadwal.png", mimeType="image/png", buffer=PNG)
    await pokja.get_by_label("Surat permohonan yang sudah ditandatangani").set_input_files(files=[letter])
    await fits(pokja, width, "the Pokja's form")
    await pokja.get_by_role("button", name="Ajukan permohonan").click()
    await expect(pokja.locator("#stage-error")).to_have_text(re.compile("^Pilih tahapan"))
    await expect(pokja.locator("#new_at-error")).to_have_text(re.compile("^Waktu baru harus setelah waktu lama"))
    await expect(pokja.get_by_label("Tahapan yang diubah")).to_have_attribute("aria-invalid", "true")
    await fits(pokja, width, "the refused form")

    # Corrected (the letter is chosen again: a browser never keeps a file across a refused form), then filed.
    await pokja.get_by_label("Tahapan yang diubah").select_option(label="Batas akhir upload penawaran")
    await pokja.get_by_label("Waktu baru (WIB)").fill(local(5))
    await pokja.get_by_label("Surat permohonan yang sudah ditandatangani").set_input_files(files=[letter])
    await pokja.get_by_role("button", name="Ajukan permohonan").click()
    await expect(pokja.locator("#received-reference")).to_have_text(re.compile("^JDW-DPK-"))
    reference = (await pokja.locator("#received-reference").text_content() or "").strip()
    status_url = pokja.url.split("?")[0]
    await fits(pokja, width, "the status page")

    # The Helpdesk: its queue, the request, claim, escalate.
    helpdesk = await signed_in(browser, front, "/helpdesk/staf/jadwal/", "helpdesk.depok", "helpdesk-depok-2026", size)
    await expect(helpdesk.get_by_role("heading", name=re.compile("^Antrean perubahan jadwal"))).to_be_visible()
    await fits(helpdesk, width, "the Helpdesk's queue")
    await helpdesk.get_by_role("link", name=reference).click()
    await helpdesk.get_by_role("button", name="Klaim permohonan").click()
    await helpdesk.get_by_role("button", name="Formulir sudah sesuai: eskalasi ke Admin PPE").click()
    await expect(helpdesk.locator("#status")).to_have_text("Dieskalasi ke Admin PPE")
    await fits(helpdesk, width, "the Helpdesk's request page")

    # The Admin PPE: claims it, records the time set in SPSE, approves.
    admin = await signed_in(browser, front, "/helpdesk/staf/jadwal/", "adminppe.depok", "adminppe-depok-2026", size)
    await admin.get_by_role("link", name=reference).click()
    await admin.get_by_role("button", name="Klaim permohonan").click()
    await admin.get_by_label("Waktu yang ditetapkan di SPSE (WIB)").fill(local(5, hour=13))
    await fits(admin, width, "the Admin PPE's request page")
    await admin.get_by_role("button", name="Setujui perubahan jadwal").click()
    await expect(admin.locator("#status")).to_have_text("Disetujui, jadwal diubah di SPSE")

    # The Pokja's status page shows the changed schedule.
    await pokja.goto(status_url)
    await expect(pokja.locator("#set-at")).to_have_text(re.compile(r" 13\.00 WIB$"))
    await expect(pokja.locator("#steps")).to_contain_text("Admin PPE (adminppe.depok)")
    await fits(pokja, width, "the approved status page")
    for page in (pokja, helpdesk, admin):
        await page.context.close()
