"""A request that fails inside a service leaves nothing behind: the person gets the 500 page, and the connection the
front door keeps open to the service serves the next request (someone else's) instead of failing it with a 502."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator

import httpx
import uvicorn
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import PlainTextResponse

from devstack.processes import free_port
from lpse_runtime.errors import install_error_pages
from lpse_runtime.security import install_security
from lpse_runtime.staff import sign_in_redirect

BROWSER = b"Accept: text/html\r\n"


def app() -> FastAPI:
    """A service-shaped app (the runtime's error pages and middleware) with a route that fails and one that works."""
    built = FastAPI()
    install_error_pages(built)
    install_security(built, secret="test-secret", development=True)
    r = APIRouter()

    @r.get("/daftar/rusak")
    async def broken() -> PlainTextResponse:
        raise RuntimeError("a bug, with internals nobody outside should read")

    @r.get("/daftar/sehat")
    async def healthy() -> PlainTextResponse:
        return PlainTextResponse("ok")

    @r.get("/staf/kasus/{case_id}")
    async def staff_only(request: Request, case_id: str) -> PlainTextResponse:
        raise sign_in_redirect(request)  # what `require_staff` raises for a person not signed in

    built.include_router(r)
    return built


@contextlib.asynccontextmanager
async def served(built: FastAPI) -> AsyncIterator[int]:
    """The app behind a real uvicorn on a free loopback port, as a service runs; stopped on exit."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(built, host="127.0.0.1", port=port, log_level="critical", lifespan="off"))
    task = asyncio.create_task(server.serve())
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        await asyncio.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        await task


async def response_on(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    """One HTTP/1.1 response read from an open connection: its status and body."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=5)
    lines = head.decode("latin-1").split("\r\n")
    length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
    body = await asyncio.wait_for(reader.readexactly(length), timeout=5)
    return int(lines[0].split(" ")[1]), body


async def test_the_connection_after_a_failed_request_serves_the_next_one() -> None:
    async with served(app()) as port:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(b"GET /daftar/rusak HTTP/1.1\r\nHost: lpse.test\r\n" + BROWSER + b"\r\n")
            failed, page = await response_on(reader)
            assert failed == 500 and "Terjadi gangguan pada sistem" in page.decode()
            assert b"internals" not in page
            # The same connection, as the front door reuses it for the next person's request.
            writer.write(b"GET /daftar/sehat HTTP/1.1\r\nHost: lpse.test\r\n" + BROWSER + b"\r\n")
            assert await response_on(reader) == (200, b"ok")
        finally:
            writer.close()


async def test_a_failure_is_answered_in_process_without_raising_past_the_app() -> None:
    transport = httpx.ASGITransport(app=app())  # raises whatever escapes the app: nothing may
    async with httpx.AsyncClient(transport=transport, base_url="http://lpse.test") as client:
        page = await client.get("/daftar/rusak", headers={"Accept": "text/html"})
        assert page.status_code == 500 and '<a href="/daftar/" id="way-back">' in page.text
        assert page.headers["x-content-type-options"] == "nosniff"  # the page carries the security headers
        assert (await client.get("/daftar/sehat")).text == "ok"


async def test_a_staff_address_outside_latin_1_redirects_to_sign_in_percent_encoded() -> None:
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://lpse.test") as client:
        page = await client.get("/staf/kasus/%E2%80%99x", headers={"Accept": "text/html"})
    assert page.status_code == 303
    assert page.headers["location"] == "/staf/masuk?next=%2Fstaf%2Fkasus%2F%E2%80%99x"
