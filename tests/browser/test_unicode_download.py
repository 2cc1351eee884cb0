"""A file named outside Latin-1 downloads under its own name in a real browser, for the applicant and the verifier."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.async_api import Browser

from devstack.stack import Stack
from tests.e2e.driver import PDF, open_case_as, open_draft, random_digits, receive_at_counter, required_uploads
from tests.support import SiteClient, unique_email

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
NAME = "KTP Budi’s.pdf"


def fields() -> dict[str, str]:
    return {
        "provider_type": "badan_usaha_pt",
        "company_name": "PT Nama Berkas",
        "npwp": random_digits(15),
        "nib": random_digits(13),
        "director_name": "Budi Santoso",
        "director_nik": random_digits(16),
    }


def saved(path: Path) -> bytes:
    """What the browser saved."""
    return path.read_bytes()


async def test_the_applicant_and_the_verifier_download_a_unicode_named_file(
    stack: Stack, browser: Browser, tmp_path: Path
) -> None:
    scan = tmp_path / NAME
    scan.write_bytes(PDF)
    async with SiteClient(base_url=stack.front_url) as mailbox, SiteClient(base_url=stack.front_url) as verifier:
        # The applicant picks the file from disk in the draft form, then downloads it back from the form.
        draft_path = await open_draft(mailbox, "depok", unique_email("unduh"))
        context = await browser.new_context(accept_downloads=True)
        page = await context.new_page()
        await page.goto(f"{stack.front_url}{draft_path}")
        await page.select_option("#provider_type", "badan_usaha_pt")
        await page.click("#save-draft")
        await page.wait_for_selector("#draft-saved")
        await page.set_input_files("#doc_ktp", str(scan))
        await page.click("#save-draft")
        await page.wait_for_selector("#uploaded-ktp")
        async with page.expect_download() as own:
            await page.click("#uploaded-ktp a")
        download = await own.value
        assert download.suggested_filename == NAME
        assert saved(await download.path()) == PDF
        await context.close()

        # The verifier of the LPSE opens the case of another such application and downloads it from the checklist.
        other_draft = await open_draft(mailbox, "depok", unique_email("unduh-verif"))
        files = {**required_uploads("depok", "badan_usaha_pt"), "doc_ktp": (NAME, PDF, "application/pdf")}
        sent = await mailbox.post(other_draft, data={"action": "kirim", **fields()}, files=files)
        assert sent.status_code == 303, sent.text
        reference = re.search(r"DPK-\d{4}-[0-9A-Z]{6}", (await mailbox.get(sent.headers["location"])).text)
        assert reference
        case_path = await open_case_as(verifier, "verifikator.depok", "depok-2026", reference.group(0))
        await receive_at_counter(verifier, case_path)
        assert (await verifier.post(f"{case_path}/klaim")).status_code == 303
        context = await browser.new_context(accept_downloads=True)
        page = await context.new_page()
        await page.goto(f"{stack.front_url}/staf/masuk")
        await page.fill("#username", "verifikator.depok")
        await page.fill("#password", "depok-2026")
        await page.press("#password", "Enter")
        await page.wait_for_url(re.compile(r"/staf/?$"))
        await page.goto(f"{stack.front_url}{case_path}")
        link = page.locator('tr[data-item="ktp"] a.upload-link')
        assert NAME in await link.inner_text()
        # The link opens a new tab; which tab reports the download varies, so it is followed in this one.
        await link.evaluate("a => a.removeAttribute('target')")
        async with page.expect_download() as seen:
            await link.click()
        download = await seen.value
        assert download.suggested_filename == NAME
        assert saved(await download.path()) == PDF
        await context.close()
