"""Errors a person can reach, in every service behind the front door: an Indonesian page with a way back; an API
client still gets JSON."""

from __future__ import annotations

import uuid

import pytest

from devstack.stack import Stack
from tests.support import SiteClient

pytestmark = pytest.mark.e2e
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
API = {"Accept": "application/json"}


@pytest.mark.parametrize(
    ("method", "path", "status", "title", "back"),
    [
        ("GET", "/daftar/status/tautan-yang-tidak-ada", 404, "Halaman tidak ditemukan", "/daftar/"),
        ("GET", "/daftar/draf/tautan-yang-tidak-ada", 404, "Halaman tidak ditemukan", "/daftar/"),
        ("GET", "/daftar/kota-entah/", 404, "Halaman tidak ditemukan", "/daftar/"),
        ("GET", "/helpdesk/kota-entah/", 404, "Halaman tidak ditemukan", "/helpdesk/"),
        ("GET", "/akun/sandi/x/tidak-ada", 404, "Halaman tidak ditemukan", "/"),
        ("GET", "/daftar/status/x/lengkapi", 405, "Halaman tidak dapat dibuka dengan cara ini", "/daftar/"),
        ("GET", "/ops/tidak-ada", 404, "Halaman tidak ditemukan", "/ops/"),
        ("GET", "/notifier/tidak-ada", 404, "Halaman tidak ditemukan", "/staf/"),
    ],
)
async def test_a_person_gets_an_indonesian_page_with_a_way_back(
    stack: Stack, method: str, path: str, status: int, title: str, back: str
) -> None:
    async with SiteClient(base_url=stack.front_url, headers=BROWSER) as browser:
        page = await browser.request(method, path)
    assert page.status_code == status and page.headers["content-type"].startswith("text/html"), page.text
    assert f'<h1 id="error-title">{title}</h1>' in page.text and f'<a href="{back}" id="way-back">' in page.text
    assert '"detail"' not in page.text


async def test_an_unknown_case_is_a_page_for_staff_and_json_for_a_program(stack: Stack) -> None:
    async with SiteClient(base_url=stack.front_url) as staff:
        signed_in = await staff.post("/staf/masuk", data={"username": "verifikator.depok", "password": "depok-2026"})
        assert signed_in.status_code == 303
        page = await staff.get(f"/staf/kasus/{uuid.uuid4()}", headers=BROWSER)
        assert page.status_code == 404 and "<strong>Kasus tidak ditemukan</strong>" in page.text
        assert '<a href="/staf/" id="way-back">Kembali ke antrean staf</a>' in page.text
        malformed = await staff.get("/staf/kasus/bukan-nomor-kasus", headers=BROWSER)
        assert malformed.status_code == 404 and "Halaman tidak ditemukan" in malformed.text
        program = await staff.get(f"/staf/kasus/{uuid.uuid4()}", headers=API)
        assert (program.status_code, program.json()) == (404, {"detail": "Kasus tidak ditemukan"})


async def test_api_paths_and_the_lkpp_callback_keep_json(stack: Stack) -> None:
    async with SiteClient(base_url=stack.front_url, headers=BROWSER) as client:
        status = await client.get("/daftar/api/status/tidak-ada")
        assert (status.status_code, status.json()) == (404, {"detail": "Tautan status tidak dikenal"})
        callback = await client.post("/akun/lkpp/adp/callback", content=b"{}")
        assert callback.status_code == 401 and callback.headers["content-type"].startswith("application/json")
