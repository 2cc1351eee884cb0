"""What every page answers with: CSRF protection on state-changing requests and the browser security headers."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import Any

import asgi_csrf
from asgi_csrf import Errors, asgi_csrf_decorator
from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from itsdangerous import URLSafeSerializer
from markupsafe import Markup
from python_multipart import FormParser
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "csrftoken"
CSRF_FIELD = "csrftoken"
CSRF_HEADER = "x-csrftoken"
CSP_NONCE_KEY = "csp_nonce"

# The only state-changing requests without a token: machine endpoints no browser form reaches, each with its reason.
CSRF_EXEMPT: Mapping[str, str] = {
    "/akun/lkpp/adp/callback": "LKPP's answer, authenticated by its HMAC-SHA256 signature (X-LKPP-Signature)",
    "/helpdesk/lkpp/tiket/callback": "LKPP's answer to a forwarded ticket, signed like the ADP callback",
    "/gateway/lkpp/forensik/callback": "LKPP's answer to a forensic test, signed under LKPP_CALLBACK_SECRET",
    "/gateway/bssn/forensik/callback": "BSSN's answer to a forensic test, signed under BSSN_CALLBACK_SECRET",
}

CSRF_REFUSED = "Formulir ini kedaluwarsa atau tidak dikirim dari halaman situs ini."
CSRF_ADVICE = (
    "Buka kembali halaman formulirnya di situs ini, isi lagi, lalu kirim. "
    "Bila tetap ditolak, pastikan cookie tidak diblokir di peramban Anda."
)


def _form_parser(content_type: str, on_field: Any, _on_file: Any, *, boundary: bytes, **_old: Any) -> FormParser:
    """asgi-csrf 0.11 hands python-multipart the `FileClass` option it no longer has; a file part met before
    the token still refuses the request, now when that part ends."""

    def file_before_token(_file: object) -> None:
        raise asgi_csrf.FileBeforeToken

    return FormParser(content_type, on_field, file_before_token, boundary=boundary)


asgi_csrf.FormParser = _form_parser


def content_security_policy(nonce: str) -> str:
    """Scripts only from this site or carrying this response's nonce; no framing; forms post only here."""
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            # Inline style attributes carry no script; moving them all out buys little against the risk of breakage.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def security_headers(nonce: str, *, https: bool) -> list[tuple[bytes, bytes]]:
    """The headers every response carries; HSTS only over TLS (it would lock a plain-HTTP trial out)."""
    headers = [
        (b"content-security-policy", content_security_policy(nonce).encode()),
        (b"x-content-type-options", b"nosniff"),
        # Status, draft and set-password links carry their token in the path: never hand it to another site.
        (b"referrer-policy", b"same-origin"),
        (b"x-frame-options", b"DENY"),
    ]
    if https:
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return headers


def harden_cookie(value: bytes) -> bytes:
    """The CSRF cookie as HttpOnly: pages carry the token in the form, so no script needs to read it."""
    if value.startswith(CSRF_COOKIE.encode() + b"=") and b"httponly" not in value.lower():
        return value + b"; HttpOnly"
    return value


class SecurityHeaders:
    """ASGI middleware: a per-request CSP nonce in the scope, the security headers on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(16)
        added = security_headers(nonce, https=scope.get("scheme") == "https")
        names = {name for name, _ in added}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = list(message.get("headers", []))
                # A download sets its own, stricter policy (a sandbox): the page policy would loosen it.
                policy = [(n, v) for n, v in own if n.lower() == b"content-security-policy" and b"sandbox" in v]
                kept = [
                    (name, harden_cookie(value) if name == b"set-cookie" else value)
                    for name, value in own
                    if name.lower() not in names
                ]
                ours = [(n, v) for n, v in added if not (policy and n == b"content-security-policy")]
                message = {**message, "headers": kept + ours + policy}
            await send(message)

        await self.app({**scope, CSP_NONCE_KEY: nonce}, receive, send_with_headers)


def csrf_exempt(scope: Scope) -> bool:
    """Whether this request is one of the listed machine endpoints."""
    return scope.get("path", "") in CSRF_EXEMPT


async def refuse_forgery(scope: Scope, send: Send, _error: Errors) -> None:
    """A request without the page's token: the Indonesian 403 page for a person, JSON for a program."""
    from lpse_runtime.errors import ErrorText, error_page, wants_json

    request = Request(scope)
    if wants_json(request.url.path, request.headers.get("accept", "")):
        response: Any = JSONResponse({"detail": CSRF_REFUSED}, status_code=403)
    else:
        response = error_page(request, 403, CSRF_REFUSED, ErrorText("Akses ditolak", CSRF_ADVICE))

    async def no_body() -> Message:
        return {"type": "http.disconnect"}

    await response(scope, no_body, send)


class _Everywhere:
    """asgi-csrf lets a request without cookies through unless its path is listed; we list every path."""

    def __contains__(self, _path: object) -> bool:
        return True


# A route asks for a fresh CSRF token with this header on its response (see `rotate_csrf`); it never leaves the app.
ROTATE_CSRF_HEADER = b"x-lpse-rotate-csrf"
CSRF_NAMESPACE = "lpse-csrf"


def rotate_csrf(response: Response) -> None:
    """This response hands the browser a new CSRF token: a token read before (e.g. before sign-in) stops working."""
    response.headers[ROTATE_CSRF_HEADER.decode()] = "1"


def fresh_csrf_cookie(secret: str, *, secure: bool) -> bytes:
    """A Set-Cookie for a new signed token, with the attributes asgi-csrf gives its own."""
    token = URLSafeSerializer(secret).dumps(asgi_csrf.make_secret(16), CSRF_NAMESPACE)
    return f"{CSRF_COOKIE}={token}; Path=/; SameSite=Lax{'; Secure' if secure else ''}".encode()


def with_rotated_csrf(headers: list[tuple[bytes, bytes]], secret: str, *, secure: bool) -> list[tuple[bytes, bytes]]:
    """The response's headers with the CSRF cookie replaced by a new one, when the route asked for it."""
    if not any(name == ROTATE_CSRF_HEADER for name, _ in headers):
        return headers
    kept = [
        (name, value)
        for name, value in headers
        if name != ROTATE_CSRF_HEADER and not (name == b"set-cookie" and value.startswith(CSRF_COOKIE.encode() + b"="))
    ]
    return [*kept, (b"set-cookie", fresh_csrf_cookie(secret, secure=secure))]


class CsrfProtection:
    """ASGI middleware: asgi-csrf's double-submit cookie, signed with the service's secret, on every unsafe request;
    a response that asked for it (`rotate_csrf`) carries a new token instead of the one asgi-csrf would repeat."""

    def __init__(self, app: ASGIApp, *, secret: str, secure: bool) -> None:
        self.secret = secret
        self.secure = secure
        self.app: Callable[[Scope, Receive, Send], Any] = asgi_csrf_decorator(
            cookie_name=CSRF_COOKIE,
            http_header=CSRF_HEADER,
            form_input=CSRF_FIELD,
            signing_secret=secret,
            signing_namespace=CSRF_NAMESPACE,
            # Even without cookies: otherwise a forged sign-in (into the attacker's account) would pass.
            always_protect=_Everywhere(),
            skip_if_scope=csrf_exempt,
            # Every answer hands a cookieless client its token, so the first form it posts can carry it.
            always_set_cookie=True,
            cookie_secure=secure,
            cookie_samesite="Lax",
            send_csrf_failed=refuse_forgery,
        )(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_rotating(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = with_rotated_csrf(list(message.get("headers", [])), self.secret, secure=self.secure)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_rotating)


# Beyond this, an unread body is left unread and the server closes the connection after answering.
DRAIN_LIMIT = 16 * 1024 * 1024


class DrainUnreadBody:
    """ASGI middleware: a request answered without reading its body (a redirect to sign-in, a refusal) has the rest
    of its body read before the answer goes out.

    Otherwise the server closes the connection right after the answer while the front door may still be sending
    the body, and the person receives the answer's headers without its body."""

    def __init__(self, app: ASGIApp, *, limit: int = DRAIN_LIMIT) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = {"done": False, "read": 0}

        async def tracked_receive() -> Message:
            message = await receive()
            note_body(state, message)
            return message

        async def send_after_draining(message: Message) -> None:
            if message["type"] == "http.response.start":
                while not state["done"] and state["read"] <= self.limit:
                    note_body(state, await receive())
            await send(message)

        await self.app(scope, tracked_receive, send_after_draining)


def note_body(state: dict[str, Any], message: Message) -> None:
    """Count what a receive brought, and whether the request body has ended (or the client left)."""
    if message["type"] == "http.disconnect" or not message.get("more_body", False):
        state["done"] = True
    state["read"] += len(message.get("body", b""))


def install_security(app: FastAPI, *, secret: str, development: bool) -> None:
    """CSRF protection inside, the security headers outside it (so a refused forgery carries them too), and the
    unread body drained outermost."""
    app.add_middleware(CsrfProtection, secret=secret, secure=not development)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(DrainUnreadBody)


def csrf_field(request: Request | None) -> Markup:
    """The hidden token field a state-changing form carries (first in the form: uploads come after it)."""
    if request is None:
        return Markup("")
    token = request.scope[CSRF_FIELD]()
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, token)


def csp_nonce(request: Request | None) -> str:
    """This response's script nonce."""
    return "" if request is None else str(request.scope.get(CSP_NONCE_KEY, ""))
