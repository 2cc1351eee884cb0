"""Agregasi end to end: Banjarmasin through LKPP (simulated, signed callback), Temanggung by the provider itself."""

from __future__ import annotations

import re

import httpx
import pytest

from devstack.stack import Stack
from tests.e2e.driver import (
    activate,
    open_case_as,
    submit_application,
    wait_for_mail,
)
from tests.support import SiteClient, eventually, unique_email

pytestmark = pytest.mark.e2e


async def page_says(client: httpx.AsyncClient, path: str, text: str) -> None:
    async def shown() -> bool:
        return text in (await client.get(path)).text

    await eventually(shown, timeout=30, what=f"'{text}' on {path}")


@pytest.mark.parametrize(
    ("company", "outcome", "subject"),
    [
        ("CV Agregasi Lancar", "Akun aktif dan teragregasi", "teragregasi"),
        ("CV Tolak Agregasi", "agregasi ditolak LKPP", "ditolak LKPP"),
    ],
)
async def test_banjarmasin_verifier_asks_lkpp_and_the_answer_arrives_by_signed_callback(
    stack: Stack, company: str, outcome: str, subject: str
) -> None:
    email = unique_email("adp")
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as verifier,
    ):
        reference, status_path = await submit_application(applicant, "banjarmasin", email, company)
        case_path = await open_case_as(verifier, "verifikator.banjarmasin", "banjarmasin-2026", reference)
        await activate(verifier, case_path)
        requested = await verifier.post(f"{case_path}/adp", follow_redirects=True)
        assert "Permohonan ADP dikirim ke LKPP" in requested.text
        request_mail = await wait_for_mail(applicant, email, "dikirim ke LKPP")
        request_ref = re.search(r"nomor (ADP-\S+)\.", request_mail["text"])
        assert request_ref
        await page_says(applicant, status_path, outcome)
        await wait_for_mail(applicant, email, subject)
        forged = await applicant.post(
            "/akun/lkpp/adp/callback",
            json={"request_ref": request_ref.group(1), "result": "aggregated"},
            headers={"x-lkpp-signature": "0" * 64},
        )
        assert forged.status_code == 401


async def test_temanggung_provider_activates_aggregation_itself(stack: Stack) -> None:
    email = unique_email("mandiri")
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as verifier,
    ):
        reference, status_path = await submit_application(applicant, "temanggung", email, "CV Aktif Sendiri")
        case_path = await open_case_as(verifier, "verifikator.temanggung", "temanggung-2026", reference)
        await activate(verifier, case_path)
        mail = await wait_for_mail(applicant, email, "Akun penyedia aktif")
        user_id = re.search(r"User ID: (\S+)", mail["text"])
        link = re.search(r"(http://\S+/akun/sandi/\S+)", mail["text"])
        assert user_id and link
        await page_says(applicant, status_path, 'id="self-aggregation"')
        password = "sandi-mandiri-2026"
        await applicant.post(
            link.group(1).removeprefix(stack.front_url), data={"password": password, "repeat": password}
        )
        wrong = await applicant.post(
            "/akun/agregasi", data={"user_id": user_id.group(1), "password": "salah-sekali", "lpse": "temanggung"}
        )
        assert wrong.status_code == 401
        shown = await applicant.post(
            "/akun/agregasi", data={"user_id": user_id.group(1), "password": password, "lpse": "temanggung"}
        )
        token = re.search(r'name="token" value="([^"]+)"', shown.text)
        assert token and "CV Aktif Sendiri" in shown.text
        done = await applicant.post("/akun/agregasi/aktivasi", data={"token": token.group(1)})
        assert 'id="aggregated"' in done.text
        await page_says(applicant, status_path, "Akun aktif dan teragregasi")
        await wait_for_mail(applicant, email, "teragregasi")
