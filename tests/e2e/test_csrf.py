"""A forged cross-site POST riding on a signed-in staff member's cookies is refused, on staff and public forms."""

from __future__ import annotations

import httpx
import pytest

from devstack.stack import Stack
from tests.e2e.driver import mail_to, open_case_as, submit_application
from tests.support import SiteClient, unique_email

pytestmark = pytest.mark.e2e
FORGED = {"Origin": "https://penyerang.example", "Accept": "text/html"}


def refused_as_a_page(answer: httpx.Response) -> None:
    assert answer.status_code == 403 and answer.headers["content-type"].startswith("text/html"), answer.text
    assert '<h1 id="error-title">Akses ditolak</h1>' in answer.text
    assert "tidak dikirim dari halaman situs ini" in answer.text and 'id="way-back"' in answer.text


async def test_a_forged_post_with_a_valid_staff_session_changes_nothing(stack: Stack) -> None:
    email = unique_email("csrf")
    async with SiteClient(base_url=stack.front_url) as applicant, SiteClient(base_url=stack.front_url) as staff:
        reference, _ = await submit_application(applicant, "depok", email, "CV Tanpa Pemalsuan")
        case_path = await open_case_as(staff, "verifikator.depok", "depok-2026", reference)
        # The attacker's page makes the staff member's browser post: it sends their cookies, not the page's token.
        async with httpx.AsyncClient(base_url=stack.front_url, cookies=staff.cookies, headers=FORGED) as browser:
            for token in (None, "token-karangan", staff.cookies["csrftoken"] + "x"):
                data = {} if token is None else {"csrftoken": token}
                refused_as_a_page(await browser.post(f"{case_path}/datang", data=data))
            victim = unique_email("korban")
            refused_as_a_page(await browser.post("/daftar/depok/", data={"email": victim}))
            refused_as_a_page(await browser.post("/helpdesk/depok/", data={"email": victim, "summary": "palsu"}))
        case = await staff.get(case_path)
        assert "Menunggu kedatangan pemohon di loket" in case.text, "the forged check-in did nothing"
        assert await mail_to(applicant, victim, "pendaftaran penyedia") is None
        # The same action from the page itself, with its token, goes through.
        arrived = await staff.post(f"{case_path}/datang", follow_redirects=True)
        assert arrived.status_code == 200 and "Terima berkas" in arrived.text
