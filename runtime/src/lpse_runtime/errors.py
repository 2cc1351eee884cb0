"""One way every service answers an error: an Indonesian page with a way back for a person, JSON for a program."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lpse_runtime.web import templates_for

templates = templates_for(__file__)
log = logging.getLogger(__name__)

# Paths only programs call: they keep FastAPI's JSON answers ({"detail": ...}) whatever they accept.
PROGRAM_PATH_PARTS = ("/api/", "/health/", "/metrics", "/callback")


@dataclass(frozen=True)
class ErrorText:
    """What a person reads for one status: a title and what to do about it."""

    title: str
    advice: str


ERROR_TEXT: dict[int, ErrorText] = {
    400: ErrorText("Permintaan tidak dapat diproses", "Periksa kembali alamat atau isian, lalu coba lagi."),
    401: ErrorText("Perlu masuk terlebih dahulu", "Masuk dengan akun Anda, lalu buka halaman ini lagi."),
    403: ErrorText("Akses ditolak", "Halaman ini tidak tersedia untuk akun Anda. Masuk dengan akun yang berwenang."),
    404: ErrorText(
        "Halaman tidak ditemukan",
        "Tautan ini tidak dikenal, sudah kedaluwarsa, atau salah ketik. Periksa tautan di email Anda.",
    ),
    405: ErrorText(
        "Halaman tidak dapat dibuka dengan cara ini",
        "Buka halaman ini dari tautan atau tombol di situs, bukan dengan mengetik atau memuat ulang alamatnya.",
    ),
    410: ErrorText("Tautan sudah tidak berlaku", "Tautan ini sudah dipakai atau kedaluwarsa."),
    413: ErrorText("Berkas terlalu besar", "Perkecil berkas (misalnya pindai ulang dengan resolusi lebih rendah)."),
    422: ErrorText("Isian tidak dapat diproses", "Periksa kembali isian Anda, lalu kirim ulang."),
    429: ErrorText("Terlalu banyak permintaan", "Tunggu beberapa menit, lalu coba lagi."),
    500: ErrorText(
        "Terjadi gangguan pada sistem",
        "Permintaan Anda belum diproses. Coba lagi beberapa saat lagi; bila masih gagal, hubungi LPSE Anda.",
    ),
}

# Where "back" leads, by the first segment of the path: the page a person came from on that part of the site.
WAY_BACK: dict[str, tuple[str, str]] = {
    "daftar": ("/daftar/", "Kembali ke pendaftaran penyedia"),
    "standar": ("/standar/", "Kembali ke standar pelayanan"),
    "helpdesk": ("/helpdesk/", "Kembali ke helpdesk"),
    "staf": ("/staf/", "Kembali ke antrean staf"),
    "notifier": ("/staf/", "Kembali ke antrean staf"),
    "ops": ("/ops/", "Kembali ke konsol operator"),
    "akun": ("/", "Kembali ke halaman utama"),
}


def wants_json(path: str, accept: str) -> bool:
    """A program's request (an API path, or JSON asked for and HTML not) rather than a person's browser."""
    if any(part in path for part in PROGRAM_PATH_PARTS):
        return True
    accept = accept.lower()
    return "application/json" in accept and "text/html" not in accept


def way_back(path: str) -> tuple[str, str]:
    """The link back from an error on this path."""
    segment = path.strip("/").split("/", 1)[0]
    return WAY_BACK.get(segment, ("/", "Kembali ke halaman utama"))


def error_text(status: int) -> ErrorText:
    """The page's words for a status; an unlisted one reads as its class (4xx: request, 5xx: system)."""
    return ERROR_TEXT.get(status) or ERROR_TEXT[400 if status < 500 else 500]


def own_detail(detail: object, status: int) -> str | None:
    """A service's own message ('Tautan status tidak dikenal'), not the framework's English phrase."""
    if not isinstance(detail, str) or not detail:
        return None
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
    return None if detail == phrase else detail


def error_page(request: Request, status: int, detail: str | None, text: ErrorText | None = None) -> Response:
    """The Indonesian error page with a way back (the status's usual words unless the caller knows better)."""
    href, label = way_back(request.url.path)
    return templates.TemplateResponse(
        request,
        "error.html",
        {
            "status": status,
            "text": text or error_text(status),
            "detail": detail,
            "back_href": href,
            "back_label": label,
        },
        status_code=status,
    )


async def on_http_error(request: Request, exc: Exception) -> Response:
    """404, 403, 405, ...: a page for a person; redirects and program requests as FastAPI answers them."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code < 400 or wants_json(request.url.path, request.headers.get("accept", "")):
        return await http_exception_handler(request, exc)
    page = error_page(request, exc.status_code, own_detail(exc.detail, exc.status_code))
    if exc.headers:
        page.headers.update(exc.headers)
    return page


async def on_invalid_request(request: Request, exc: Exception) -> Response:
    """A malformed path (a case id that is no id) is a page not found; a malformed form, an input problem."""
    assert isinstance(exc, RequestValidationError)
    if wants_json(request.url.path, request.headers.get("accept", "")):
        return await request_validation_exception_handler(request, exc)
    in_path = all(error.get("loc", ("",))[0] == "path" for error in exc.errors())
    return error_page(request, 404 if in_path else 422, None)


async def on_crash(request: Request, exc: Exception) -> Response:
    """An unexpected failure: the person gets no internals (the server still logs the traceback for operators)."""
    if wants_json(request.url.path, request.headers.get("accept", "")):
        return JSONResponse({"detail": "Internal Server Error"}, status_code=500)
    return error_page(request, 500, None)


class ContainFailures:
    """ASGI middleware: an unexpected failure is logged and answered with the 500 page, and the request ends there.

    Starlette's outermost error handler answers and then raises again; the server then closes the connection, and
    the front door, which keeps connections to the service open, sends the next request (someone else's) down the
    closed one and answers it with a 502. Here the failure stops: the connection stays usable. A request's
    database work is already rolled back by the `async with` blocks the exception left."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def noting_start(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, noting_start)
        except Exception as exc:
            # The method and route only: a path may carry a draft or status token.
            log.exception("unexpected failure answering %s %s", scope.get("method"), route_of(scope))
            if started:
                return  # part of the answer is out: the server ends the incomplete response itself
            response = await on_crash(Request(scope, receive), exc)
            await response(scope, receive, send)


def route_of(scope: Scope) -> str:
    """The matched route's template ('/daftar/draf/{token}'), never the path with its values."""
    route = scope.get("route")
    return str(getattr(route, "path", "?"))


def install_error_pages(app: FastAPI) -> None:
    """Answer every error of this app the shared way (add before the other middleware: innermost, so the 500 page
    carries the security headers and the unread body is drained)."""
    app.add_middleware(ContainFailures)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(RequestValidationError, on_invalid_request)
    app.add_exception_handler(Exception, on_crash)
