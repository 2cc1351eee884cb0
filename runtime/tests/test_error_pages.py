"""The shared error answers: an Indonesian page with a way back for a browser, JSON for a program."""

from __future__ import annotations

import uuid

import httpx
import pytest
from fastapi import APIRouter, FastAPI, HTTPException

from lpse_runtime.errors import install_error_pages, wants_json

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PROGRAM = {"Accept": "application/json"}


def app() -> FastAPI:
    """A service-shaped app: a case page, a guarded page, a form, a page that crashes, an API route."""
    built = FastAPI()
    install_error_pages(built)
    r = APIRouter()

    @r.get("/staf/kasus/{case_id}")
    async def case(case_id: uuid.UUID) -> dict[str, str]:
        raise HTTPException(404, "Kasus tidak ditemukan")

    @r.get("/staf/rahasia")
    async def guarded() -> dict[str, str]:
        raise HTTPException(403, "Halaman ini hanya untuk Kepala LPSE.")

    @r.get("/staf/masuk-dulu")
    async def must_sign_in() -> dict[str, str]:
        raise HTTPException(303, headers={"Location": "/staf/masuk"})

    @r.post("/helpdesk/lapor")
    async def report(count: int) -> dict[str, int]:
        return {"count": count}

    @r.get("/daftar/rusak")
    async def broken() -> dict[str, str]:
        raise RuntimeError("a bug, with internals nobody outside should read")

    @r.get("/daftar/api/status/{token}")
    async def api(token: str) -> dict[str, str]:
        raise HTTPException(404, "Tautan status tidak dikenal")

    built.include_router(r)
    return built


def client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app(), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://lpse.test")


@pytest.mark.parametrize(
    ("method", "path", "status", "title", "back"),
    [
        ("GET", f"/staf/kasus/{uuid.uuid4()}", 404, "Halaman tidak ditemukan", '<a href="/staf/" id="way-back">'),
        ("GET", "/staf/kasus/bukan-nomor", 404, "Halaman tidak ditemukan", '<a href="/staf/" id="way-back">'),
        ("GET", "/helpdesk/tidak-ada", 404, "Halaman tidak ditemukan", '<a href="/helpdesk/" id="way-back">'),
        ("GET", "/staf/rahasia", 403, "Akses ditolak", '<a href="/staf/" id="way-back">'),
        ("GET", "/helpdesk/lapor", 405, "Halaman tidak dapat dibuka dengan cara ini", '<a href="/helpdesk/"'),
        ("POST", "/helpdesk/lapor?count=banyak", 422, "Isian tidak dapat diproses", '<a href="/helpdesk/"'),
        ("GET", "/daftar/rusak", 500, "Terjadi gangguan pada sistem", '<a href="/daftar/" id="way-back">'),
        ("GET", "/akun/entah", 404, "Halaman tidak ditemukan", '<a href="/" id="way-back">'),
    ],
)
async def test_a_browser_gets_an_indonesian_page_with_a_way_back(
    method: str, path: str, status: int, title: str, back: str
) -> None:
    async with client() as c:
        response = await c.request(method, path, headers=BROWSER)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert f'<h1 id="error-title">{title}</h1>' in response.text and '<html lang="id">' in response.text
    assert back in response.text
    assert "detail" not in response.text and "Traceback" not in response.text and "internals" not in response.text


async def test_the_services_own_message_is_shown_and_the_frameworks_english_is_not() -> None:
    async with client() as c:
        case = await c.get(f"/staf/kasus/{uuid.uuid4()}", headers=BROWSER)
        unknown = await c.get("/helpdesk/tidak-ada", headers=BROWSER)
    assert "<strong>Kasus tidak ditemukan</strong>" in case.text
    assert "Not Found" not in unknown.text


@pytest.mark.parametrize(
    ("path", "headers", "status", "body"),
    [
        (f"/staf/kasus/{uuid.uuid4()}", PROGRAM, 404, {"detail": "Kasus tidak ditemukan"}),
        ("/helpdesk/tidak-ada", PROGRAM, 404, {"detail": "Not Found"}),
        ("/staf/rahasia", PROGRAM, 403, {"detail": "Halaman ini hanya untuk Kepala LPSE."}),
        ("/daftar/rusak", PROGRAM, 500, {"detail": "Internal Server Error"}),
        ("/daftar/api/status/x", BROWSER, 404, {"detail": "Tautan status tidak dikenal"}),  # an API path stays JSON
    ],
)
async def test_a_program_still_gets_json(path: str, headers: dict[str, str], status: int, body: object) -> None:
    async with client() as c:
        response = await c.get(path, headers=headers)
    assert (response.status_code, response.json()) == (status, body)


async def test_a_redirect_raised_as_an_exception_still_redirects() -> None:
    async with client() as c:
        response = await c.get("/staf/masuk-dulu", headers=BROWSER)
    assert response.status_code == 303 and response.headers["location"] == "/staf/masuk"


@pytest.mark.parametrize(
    ("path", "accept", "program"),
    [
        ("/daftar/status/x", "text/html,application/xhtml+xml,*/*;q=0.8", False),
        ("/daftar/status/x", "*/*", False),
        ("/daftar/status/x", "", False),
        ("/daftar/status/x", "application/json", True),
        ("/daftar/status/x", "application/json, text/html", False),
        ("/daftar/api/status/x", "text/html", True),
        ("/akun/lkpp/adp/callback", "text/html", True),
        ("/staf/health/ready", "*/*", True),
    ],
)
def test_who_is_a_program(path: str, accept: str, program: bool) -> None:
    assert wants_json(path, accept) is program
