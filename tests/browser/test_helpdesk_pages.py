"""The helpdesk desk in a real browser, by the labels people see: a provider reports a problem with a screenshot on
a phone, follows it on the status page from the email's link, the Helpdesk claims it, answers and escalates it,
the Admin PPE solves it from its own queue, and the reporter replies, closes and rates it (TMG-9's ladder)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, FilePayload, Page, ViewportSize, expect

from devstack.stack import Stack
from tests.e2e.driver import wait_for_mail
from tests.support import SiteClient, unique_email

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
PHONE = ViewportSize(width=390, height=844)
PNG = (  # a 1 × 1 picture, as registration's upload tests send it
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


async def fits_the_phone(page: Page, what: str) -> None:
    """Nothing on the page is wider than the phone's screen."""
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{what}: wider than 390 px"


async def sign_in(page: Page, front: str, username: str, password: str) -> None:
    """Open the desk; the sign-in page comes first and leads back to it."""
    await page.goto(f"{front}/helpdesk/staf/")
    await page.get_by_label("Nama pengguna").fill(username)
    await page.get_by_label("Kata sandi").fill(password)
    await page.get_by_role("button", name="Masuk").click()
    await page.wait_for_url(f"{front}/helpdesk/staf/")


async def test_reporter_and_staff_walk_the_desk_by_their_labels(stack: Stack, browser: Browser, tmp_path: Path) -> None:
    front, email = stack.front_url, unique_email("pelapor-helpdesk")

    # A provider reports on a phone, with a screenshot attached.
    reporter = await browser.new_page(viewport=PHONE)
    await reporter.goto(f"{front}/helpdesk/temanggung/")
    await reporter.get_by_label("Jenis permasalahan").select_option("masalah_spse")
    await reporter.get_by_label("Peran Anda").select_option(label="Penyedia")
    await reporter.get_by_label("Nama").fill("Siti Rahma")
    await reporter.get_by_label("Email untuk balasan").fill(email)
    await reporter.get_by_label("Ringkasan").fill("Gagal unggah dokumen penawaran")
    await reporter.get_by_label("Uraian permasalahan").fill("Unggah dokumen penawaran gagal dengan pesan galat 500.")
    screenshot = FilePayload(name="layar-galat.png", mimeType="image/png", buffer=PNG)
    await reporter.get_by_label(re.compile("^Lampiran")).set_input_files(files=[screenshot])
    await fits_the_phone(reporter, "the report form")
    await reporter.get_by_role("button", name="Kirim laporan").click()
    reference = (await reporter.locator("#ticket-reference").text_content() or "").strip()
    assert reference.startswith("TIK-TMG-")

    # The email carries the private link to the status page.
    async with SiteClient(base_url=front) as client:
        mail = await wait_for_mail(client, email, f"Laporan {reference} diterima helpdesk")
    link = re.search(r"(http://\S+/helpdesk/tiket/\S+)", mail["text"])
    assert link, "the email links the status page"
    await reporter.goto(link.group(1))
    await expect(reporter.get_by_role("heading", name=f"Status laporan {reference}")).to_be_visible()
    await expect(reporter.locator("#ticket-status")).to_have_text("Menunggu ditangani")
    await expect(reporter.locator("#steps")).to_contain_text("Laporan diterima")
    await expect(reporter.locator("#steps")).to_contain_text("WIB")
    await expect(reporter.get_by_role("link", name="Unduh lampiran 1: layar-galat.png")).to_be_visible()
    await fits_the_phone(reporter, "the status page")
    await reporter.screenshot(path=tmp_path / "status-diterima-390.png", full_page=True)

    # The Helpdesk finds it in its queue, claims it, lets it go, claims it again, answers and escalates it.
    helpdesk = await browser.new_page()
    await sign_in(helpdesk, front, "helpdesk.temanggung", "helpdesk-temanggung-2026")
    await expect(helpdesk.get_by_role("heading", name="Antrean Helpdesk · LPSE Kabupaten Temanggung")).to_be_visible()
    await helpdesk.get_by_label("Cari nomor tiket atau ringkasan").fill(reference)
    await helpdesk.get_by_role("button", name="Tampilkan").click()
    row = helpdesk.get_by_role("row").filter(has_text=reference)
    await expect(row).to_contain_text("Menunggu ditangani")
    await expect(row).to_contain_text("sisa")
    await helpdesk.screenshot(path=tmp_path / "antrean-helpdesk.png", full_page=True)
    await row.get_by_role("link", name=reference).click()
    await helpdesk.get_by_role("button", name="Klaim").click()
    await expect(helpdesk.locator("#ticket-holder")).to_have_text("helpdesk.temanggung")
    await helpdesk.get_by_role("button", name="Lepas").click()
    await expect(helpdesk.locator("#ticket-status")).to_have_text("Menunggu ditangani")
    await helpdesk.get_by_role("button", name="Klaim").click()
    await helpdesk.get_by_label("Balasan untuk pelapor").fill("Kami periksa; mohon jangan mengunggah ulang dahulu.")
    await helpdesk.get_by_role("button", name="Balas pelapor").click()
    await expect(helpdesk.locator("#done")).to_have_text("Balasan terkirim kepada pelapor.")
    await helpdesk.get_by_label("Catatan internal baru").fill("Server unggah sempat penuh pukul 09.00.")
    await helpdesk.get_by_role("button", name="Tambah catatan internal").click()
    await helpdesk.get_by_label("Alasan eskalasi ke Admin PPE").fill("Perlu pemeriksaan Admin PPE pada paket tender.")
    await helpdesk.get_by_role("button", name="Eskalasi ke Admin PPE").click()
    await expect(helpdesk.locator("#ticket-level")).to_have_text("Admin PPE")
    await helpdesk.screenshot(path=tmp_path / "tiket-staf.png", full_page=True)

    # The reporter reads the answer (never the internal note) and replies.
    await reporter.reload()
    await expect(reporter.locator("#conversation")).to_contain_text("mohon jangan mengunggah ulang dahulu")
    await expect(reporter.get_by_text("Server unggah sempat penuh")).to_have_count(0)
    await expect(reporter.locator("#ticket-level")).to_have_text("Admin PPE")
    await reporter.get_by_label("Balasan Anda untuk petugas").fill("Baik, saya tunggu kabar berikutnya.")
    await reporter.get_by_role("button", name="Kirim balasan").click()
    await expect(reporter.locator("#done")).to_have_text("Balasan Anda terkirim kepada petugas.")

    # The Admin PPE takes it from its own queue, on a phone, and solves it.
    admin = await browser.new_page(viewport=PHONE)
    await sign_in(admin, front, "adminppe.temanggung", "adminppe-temanggung-2026")
    await expect(admin.get_by_role("heading", name="Antrean Admin PPE · LPSE Kabupaten Temanggung")).to_be_visible()
    await fits_the_phone(admin, "the Admin PPE's queue")
    await admin.get_by_role("row").filter(has_text=reference).get_by_role("link", name=reference).click()
    await expect(admin.locator("#conversation")).to_contain_text("saya tunggu kabar berikutnya")
    await fits_the_phone(admin, "the staff ticket page")
    await admin.screenshot(path=tmp_path / "tiket-admin-ppe-390.png", full_page=True)
    await admin.get_by_role("button", name="Klaim").click()
    await admin.get_by_label("Penyelesaian yang disampaikan kepada pelapor").fill("Kuota unggah paket diperbesar.")
    await admin.get_by_role("button", name="Tandai selesai").click()
    await expect(admin.locator("#ticket-status")).to_have_text("Selesai")

    # The reporter confirms, rates once, and is invited to the survey.
    await reporter.reload()
    await expect(reporter.locator("#reopen-until")).to_contain_text("WIB")
    await reporter.get_by_role("button", name="Masalah sudah selesai, tutup laporan").click()
    await expect(reporter.locator("#ticket-status")).to_have_text("Ditutup")
    await reporter.get_by_role("radio", name="5 dari 5 (sangat baik)").check()
    await reporter.get_by_label("Komentar (opsional)").fill("Cepat dan jelas.")
    await reporter.get_by_role("button", name="Beri penilaian").click()
    await expect(reporter.locator("#rated")).to_contain_text("5 dari 5")
    await expect(reporter.get_by_role("button", name="Beri penilaian")).to_have_count(0)
    await expect(reporter.get_by_role("link", name="Isi Survei Kepuasan Masyarakat")).to_be_visible()
    await fits_the_phone(reporter, "the closed status page")
    await reporter.screenshot(path=tmp_path / "status-dinilai-390.png", full_page=True)
