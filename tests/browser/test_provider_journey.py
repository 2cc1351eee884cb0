"""The provider's journey in a real browser: headless Debian Chromium driven by Playwright, with uploads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, Page

from devstack.stack import Stack
from tests.applicants import NPWP_ORANG_PRIBADI, nib, nik, npwp
from tests.e2e.driver import PDF, check_documents, open_case_as, receive_at_counter, wait_for_mail
from tests.support import SiteClient, eventually, unique_email

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


async def test_provider_registers_with_uploads_in_the_browser(stack: Stack, browser: Browser, tmp_path: Path) -> None:
    email = unique_email("peramban")
    scans = {}
    for code in ("ktp", "npwp", "nib", "akta_pendirian", "formulir_keikutsertaan", "akta_perubahan_terakhir"):
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

    async with SiteClient(base_url=stack.front_url) as client:
        mail = await wait_for_mail(client, email, "pendaftaran penyedia")
    link = re.search(r"(http://\S+/daftar/draf/\S+)", mail["text"])
    assert link
    await page.goto(link.group(1))
    assert await page.inner_text("#verified-email") == email
    await page.select_option("#provider_type", "badan_usaha_cv")
    await page.fill("#company_name", "CV Lewat Peramban")
    await page.fill("#npwp", npwp())
    await page.fill("#nib", nib())
    await page.fill("#director_name", "Rahmat Hidayat")
    await page.fill("#director_nik", nik("330801"))
    await page.click("#save-draft")
    await page.wait_for_selector("#draft-saved")
    assert await page.locator(".doc-slot").count() >= 4, "the standard's documents appear once the type is chosen"

    await page.set_input_files("#doc_ktp", str(tmp_path / "virus.pdf"))
    await page.click("#save-draft")
    assert "KTP: berkas harus PDF, JPEG atau PNG" in await page.inner_text("main")
    for code in ("ktp", "npwp", "nib", "akta_pendirian", "formulir_keikutsertaan"):
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

    async with SiteClient(base_url=stack.front_url) as verifier:
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


# -- one applicant's walk, in small steps (a step such as a counter visit can be inserted between two of them) -----


async def open_form(page: Page, stack: Stack, lpse_name: str, email: str) -> None:
    """From the landing page to the private form link sent by email."""
    await page.goto(f"{stack.front_url}/daftar/")
    await page.click(f"text=Daftar di {lpse_name}")
    await page.fill("#email", email)
    await page.click("text=Kirim tautan pendaftaran")
    await page.wait_for_selector("#link-sent")
    async with SiteClient(base_url=stack.front_url) as client:
        mail = await wait_for_mail(client, email, "pendaftaran penyedia")
    link = re.search(r"(http://\S+/daftar/draf/\S+)", mail["text"])
    assert link
    await page.goto(link.group(1))


async def fill_in(page: Page, provider_type: str, company: str, region: str) -> None:
    """The applicant's fields (identifiers fresh for this run), then a saved draft so the type's documents appear."""
    await page.select_option("#provider_type", provider_type)
    await page.fill("#company_name", company)
    await page.fill("#npwp", npwp(NPWP_ORANG_PRIBADI))
    await page.fill("#nib", nib())
    await page.fill("#director_name", "Sri Lestari")
    await page.fill("#director_nik", nik(region))
    await page.click("#save-draft")
    await page.wait_for_selector("#draft-saved")


async def visible_slots(page: Page) -> set[str]:
    """The upload slots a person can see now."""
    return {str(await s.get_attribute("data-doc")) for s in await page.locator(".doc-slot:visible").all()}


async def upload_and_submit(page: Page, tmp_path: Path, codes: set[str]) -> str:
    """A scan in every slot named, then send; returns the reference on the status page."""
    for code in sorted(codes):
        scan = tmp_path / f"{code}.pdf"
        scan.write_bytes(PDF)
        await page.set_input_files(f"#doc_{code}", str(scan))
    await page.click("#submit")
    await page.wait_for_selector("#status")
    reference = re.search(r"[A-Z]{3}-\d{4}-[0-9A-Z]{6}", await page.inner_text("main"))
    assert reference
    return reference.group(0)


async def verify_and_approve(
    stack: Stack, username: str, password: str, reference: str, mandatory: set[str], *, at_counter: bool = False
) -> str:
    """The verifier's checklist asks exactly these documents, all mandatory; checked and approved. Returns the page.

    At a counter LPSE the applicant first comes in and hands the file over; only then does the checklist open."""
    async with SiteClient(base_url=stack.front_url) as verifier:
        case_path = await open_case_as(verifier, username, password, reference)
        if at_counter:
            await receive_at_counter(verifier, case_path)
        await verifier.post(f"{case_path}/klaim")
        view = (await verifier.get(case_path)).text
        assert set(re.findall(r'data-item="([a-z0-9_]+)"', view)) == mandatory
        assert "(bersyarat)" not in view and 'value="not_applicable"' not in view, "nothing here may be waived"
        await check_documents(verifier, case_path)
        await verifier.post(f"{case_path}/setujui")
        return view


async def wait_until_active(page: Page) -> None:
    """The status page shows the user ID once the account is active."""

    async def account_shown() -> bool:
        await page.reload()
        return await page.locator("#user-id").count() > 0

    await eventually(account_shown, timeout=30, what="the status page to show the user ID")
    assert "Akun aktif" in await page.inner_text("#status")


async def test_magelang_perseorangan_is_asked_no_deed_but_the_participation_form(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    page = await browser.new_page()
    await open_form(page, stack, "LPSE Kota Magelang", unique_email("mgl-perorangan"))
    await fill_in(page, "perseorangan_umkm", "Sri Lestari Katering", "337101")
    # §4.4: NPWP, NIB, KTP, Formulir Keikutsertaan (untuk penyedia baru); the Akte only "apabila ... Badan Usaha".
    asked = {"npwp", "nib", "ktp", "formulir_keikutsertaan"}
    assert await visible_slots(page) == asked
    assert "Tenan UKPBJ" in await page.inner_text("#where-formulir_keikutsertaan")
    await page.click("#submit")
    assert "Unggah Formulir Keikutsertaan." in await page.inner_text("main"), "the form is mandatory"
    reference = await upload_and_submit(page, tmp_path, asked)
    view = await verify_and_approve(stack, "verifikator.magelang", "magelang-2026", reference, asked)
    assert "Direktur/pimpinan sendiri" in view
    await wait_until_active(page)


async def test_temanggung_proxy_brings_the_power_of_attorney_and_the_proxy_ktp(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    page = await browser.new_page()
    await open_form(page, stack, "LPSE Kabupaten Temanggung", unique_email("tmg-kuasa"))
    await fill_in(page, "perseorangan_umkm", "Bengkel Kuasa Jaya", "332302")
    own = {
        "formulir_keikutsertaan",
        "formulir_pendaftaran",
        "ktp",
        "npwp_orang_pribadi",
        "surat_ijin_usaha",
        "tdp_nib",
        "bukti_lapor_spt_tahunan",
        "sertifikat_keahlian_atau_ijazah",
        "surat_keterangan_domisili",
    }
    proxy = {"surat_kuasa", "ktp_penerima_kuasa"}
    assert await visible_slots(page) == own, "no proxy slots until the applicant says a proxy brings the file"
    await page.get_by_role("radio", name="Ya, oleh penerima kuasa").check()
    assert await visible_slots(page) == own | proxy, "shown at once, without a round trip"
    await page.get_by_role("radio", name="Tidak, oleh direktur/pimpinan sendiri").check()
    assert await visible_slots(page) == own
    await page.get_by_role("radio", name="Ya, oleh penerima kuasa").check()
    link = page.get_by_role("link", name=re.compile("Format Formulir pendaftaran"))
    assert await link.get_attribute("href") == "https://spse.inaproc.id/temanggungkab"
    reference = await upload_and_submit(page, tmp_path, own | proxy)
    view = await verify_and_approve(
        stack, "verifikator.temanggung", "temanggung-2026", reference, own | proxy, at_counter=True
    )
    assert "Penerima kuasa" in view
    await wait_until_active(page)
