"""Every control a person meets has its own meaningful name: screen readers and voice control tell them apart."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.async_api import Browser, Page

from devstack.stack import Stack
from tests.e2e.driver import open_case_as, open_draft, required_uploads, submit_application
from tests.support import SiteClient, unique_email

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
CONTROL_ROLES = ("link", "button", "textbox", "combobox", "checkbox", "radio", "searchbox", "spinbutton", "switch")
# A line of Chromium's aria snapshot (YAML): `- link "Name"`, quoted again as `- 'radio "A: b"'` when it holds ': '.
CONTROL = re.compile(rf'^\s*- \'?({"|".join(CONTROL_ROLES)})(?: "((?:[^"\\]|\\.)*)")?', re.M)


async def controls(page: Page) -> list[tuple[str, str]]:
    """(role, accessible name) of every control on the page, from Chromium's accessibility tree."""
    tree = await page.locator("body").aria_snapshot()
    return [(role, name.replace('\\"', '"').replace("''", "'")) for role, name in CONTROL.findall(tree)]


async def assert_names_unique(page: Page, what: str) -> None:
    found = await controls(page)
    assert found, f"{what}: no controls found"
    unnamed = [role for role, name in found if not name.strip()]
    shared = {name: n for name, n in Counter(name for _, name in found).items() if n > 1 and name.strip()}
    assert not unnamed, f"{what}: controls without a name: {unnamed}"
    assert not shared, f"{what}: controls sharing a name: {shared}"
    for role, name in found:  # the names are the ones the tree reports: role queries find each control once
        assert await page.get_by_role(role, name=name, exact=True).count() == 1, (what, role, name)  # type: ignore[arg-type]


async def assert_fits_a_phone(page: Page, what: str) -> None:
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{what}: {width} px of content on a 390 px screen"


async def test_no_two_controls_share_a_name_on_the_pages_people_use(stack: Stack, browser: Browser) -> None:
    page = await browser.new_page(viewport={"width": 390, "height": 844})
    async with SiteClient(base_url=stack.front_url) as applicant:
        draft = await open_draft(applicant, "depok", unique_email("nama"))
        await applicant.post(
            draft,
            data={"action": "simpan", "provider_type": "badan_usaha_pt"},
            files=dict(list(required_uploads("depok", "badan_usaha_pt").items())[:1]),
        )
        reference, status_path = await submit_application(applicant, "depok", unique_email("nama"), "PT Nama Unik")
    async with SiteClient(base_url=stack.front_url) as staff:
        case_path = await open_case_as(staff, "kepala.depok", "kepala-depok-2026", reference)

    await page.goto(f"{stack.front_url}{draft}")
    assert await page.locator(".doc-slot").count() >= 3, "the form shows the document slots"
    await assert_names_unique(page, "registration form")
    await assert_fits_a_phone(page, "registration form")
    await page.goto(f"{stack.front_url}{status_path}")
    await assert_names_unique(page, "status page")
    await assert_fits_a_phone(page, "status page")
    await page.goto(f"{stack.front_url}/helpdesk/")
    await assert_names_unique(page, "helpdesk: choose the LPSE")
    await assert_fits_a_phone(page, "helpdesk: choose the LPSE")
    await page.goto(f"{stack.front_url}/helpdesk/depok/")
    await assert_names_unique(page, "helpdesk: report form")
    await assert_fits_a_phone(page, "helpdesk: report form")

    await page.goto(f"{stack.front_url}/akun/lupa-sandi")
    await assert_names_unique(page, "lupa kata sandi")
    await assert_fits_a_phone(page, "lupa kata sandi")

    await page.goto(f"{stack.front_url}/staf/masuk")
    await assert_names_unique(page, "staff sign-in")
    await page.fill("#username", "kepala.depok")
    await page.fill("#password", "kepala-depok-2026")
    await page.get_by_role("button", name="Masuk", exact=True).click()
    await page.wait_for_selector("#queue")
    await assert_names_unique(page, "staff queue")
    await assert_fits_a_phone(page, "staff queue")
    await page.goto(f"{stack.front_url}{case_path}")
    await assert_names_unique(page, "case, waiting for the applicant at the counter")
    await page.get_by_role("button", name="Catat kedatangan").click()
    await page.get_by_role("button", name="Terima berkas").click()
    await page.wait_for_selector("text=Berkas diterima di loket")
    await assert_names_unique(page, "case, queued after the hand-over")
    await assert_fits_a_phone(page, "case, queued after the hand-over")
    await page.get_by_role("button", name="Klaim kasus").click()
    await page.wait_for_selector("#checklist input[type=radio]")
    await assert_names_unique(page, "case, claimed with its checklist")
    await assert_fits_a_phone(page, "case, claimed with its checklist")
