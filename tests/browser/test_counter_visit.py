"""A counter-visit case in a real browser, by the labels people see: the applicant reads the invitation's status
page, counter staff record the arrival and receive the file, and the deadline appears only then."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, expect

from devstack.stack import Stack
from tests.e2e.driver import submit_application, wait_for_mail
from tests.support import SiteClient, eventually, unique_email

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


async def test_counter_visit_from_invitation_to_hand_over(stack: Stack, browser: Browser) -> None:
    email = unique_email("loket-peramban")
    async with SiteClient(base_url=stack.front_url) as client:
        reference, _ = await submit_application(client, "temanggung", email, "CV Bawa Berkas Asli")
        invitation = await wait_for_mail(client, email, "silakan datang ke loket")
    status_link = re.search(r"Halaman status: (http://\S+)", invitation["text"])
    assert status_link and "Jl. Jend. A. Yani No. 32 Temanggung" in invitation["text"]

    # The applicant opens the link from the invitation on a phone.
    applicant = await browser.new_page(viewport={"width": 390, "height": 844})
    await applicant.goto(status_link.group(1))
    waiting = applicant.get_by_role("status").filter(has_text="Menunggu kedatangan Anda di loket")
    await expect(waiting).to_be_visible(timeout=30_000)
    await expect(waiting).to_contain_text("asli dan 1 fotokopi")
    await expect(waiting).to_contain_text("Jl. Jend. A. Yani No. 32 Temanggung")
    await expect(applicant.locator("#deadline")).to_have_count(0)
    box = await waiting.bounding_box()
    assert box and box["x"] + box["width"] <= 390, "the invitation notice fits a phone's width"

    # Counter staff find the case by the step it waits on and receive the file.
    staff = await browser.new_page()
    await staff.goto(f"{stack.front_url}/staf/")
    await staff.get_by_label("Nama pengguna").fill("verifikator.temanggung")
    await staff.get_by_label("Kata sandi").fill("temanggung-2026")
    await staff.get_by_role("button", name="Masuk").click()
    await staff.get_by_label("Langkah yang ditunggu").select_option(label="Menunggu kedatangan pemohon di loket")
    await staff.get_by_role("button", name="Tampilkan").click()
    row = staff.get_by_role("row").filter(has_text=reference)
    await expect(row).to_contain_text("Menunggu kedatangan pemohon di loket")
    await row.get_by_role("link", name=reference).click()
    await expect(staff.get_by_role("button", name="Klaim kasus")).to_have_count(0)
    await staff.get_by_role("button", name="Catat kedatangan").click()
    await expect(staff.locator("#case-status")).to_have_text("Pemohon sudah datang, berkas belum diserahkan")
    await staff.get_by_role("button", name="Terima berkas").click()
    await expect(staff.locator("#case-status")).to_have_text("Berkas diterima di loket, menunggu verifikator")
    await expect(staff.locator("#clocks")).to_contain_text("jatuh tempo")
    await expect(staff.get_by_role("button", name="Klaim kasus")).to_be_visible()

    # The applicant's page now shows the running deadline instead of the invitation.
    async def deadline_shown() -> bool:
        await applicant.reload()
        return await applicant.locator("#deadline").count() > 0

    await eventually(deadline_shown, timeout=30, what="the deadline on the applicant's page")
    await expect(applicant.locator("#deadline")).to_contain_text("WIB")
    await expect(applicant.get_by_text("Menunggu kedatangan Anda di loket")).to_have_count(0)
