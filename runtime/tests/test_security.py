"""Every page's protections: CSRF on state-changing requests, security headers, cookie flags, secrets at start."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, DictLoader

from lpse_runtime.security import ROTATE_CSRF_HEADER, with_rotated_csrf
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import REPO_ROOT, InsecureSettings, ServiceSettings
from lpse_runtime.staff import SESSION_COOKIE
from lpse_runtime.web import templates_for
from verification.settings import Settings as VerificationSettings

SECRET = "a-secret-only-these-tests-know"
BROWSER = {"Accept": "text/html,application/xhtml+xml"}
PAGE = """{% extends "base.html" %}{% block main %}
<form method="post" action="/staf/kasus/1/klaim">{{ csrf_field() }}<button>Klaim</button></form>
<script nonce="{{ csp_nonce() }}">1</script>{% endblock %}"""


def service_app(*, env: str = "development", session_secret: str = SECRET) -> FastAPI:
    """A service-shaped app on the shared runtime: a page with a form, a staff action, a callback."""
    settings = ServiceSettings(
        database_url="postgresql://unused@127.0.0.1/unused", lpse_env=env, session_secret=session_secret
    )
    runtime = ServiceRuntime("verification", settings)
    app = runtime.app(prefix="/staf", title="uji")
    templates = templates_for(__file__)
    assert templates.env.loader is not None
    templates.env.loader = ChoiceLoader([DictLoader({"page.html": PAGE}), templates.env.loader])
    r = APIRouter()
    done: list[str] = []

    @r.get("/staf/kasus/1")
    async def page(request: Request) -> HTMLResponse:
        # The staff session is identity's cookie (checked in its schema); the CSRF check does not depend on it.
        return templates.TemplateResponse(request, "page.html", {})

    @r.post("/staf/kasus/1/klaim")
    async def claim() -> dict[str, bool]:
        done.append("klaim")
        return {"claimed": True}

    @r.post("/akun/lkpp/adp/callback")
    async def callback() -> dict[str, bool]:
        return {"received": True}

    app.include_router(r)
    app.state.done = done
    return app


def client(app: FastAPI, base_url: str = "http://lpse.test") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)


def token_in(html: str) -> str:
    match = re.search(r'<input type="hidden" name="csrftoken" value="([^"]+)">', html)
    assert match, "the form carries no CSRF token"
    return match.group(1)


async def test_a_form_posted_with_its_token_is_served() -> None:
    app = service_app()
    async with client(app) as browser:
        token = token_in((await browser.get("/staf/kasus/1")).text)
        answer = await browser.post("/staf/kasus/1/klaim", data={"csrftoken": token})
        assert answer.status_code == 200 and app.state.done == ["klaim"]


async def test_a_multipart_upload_with_its_token_first_is_served() -> None:
    app = service_app()
    async with client(app) as browser:
        token = token_in((await browser.get("/staf/kasus/1")).text)
        answer = await browser.post(
            "/staf/kasus/1/klaim", data={"csrftoken": token}, files={"doc": ("ktp.pdf", b"%PDF-1.4", "application/pdf")}
        )
        assert answer.status_code == 200


async def test_an_upload_whose_file_comes_before_the_token_is_refused() -> None:
    app = service_app()
    async with client(app) as browser:
        token = token_in((await browser.get("/staf/kasus/1")).text)
        boundary = "batas"
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="doc"; filename="ktp.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n"
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrftoken"\r\n\r\n{token}\r\n'
            f"--{boundary}--\r\n"
        )
        answer = await browser.post(
            "/staf/kasus/1/klaim",
            content=body.encode(),
            headers={**BROWSER, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
    assert answer.status_code == 403 and app.state.done == []


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param({}, id="no token"),
        pytest.param({"csrftoken": "forged"}, id="a made-up token"),
        pytest.param({"csrftoken": "IjEyMzQ1Ig.signed-elsewhere"}, id="a token signed with another secret"),
    ],
)
async def test_a_cross_site_post_with_a_valid_session_but_no_right_token_is_refused(sent: dict[str, str]) -> None:
    app = service_app()
    async with client(app) as browser:
        browser.cookies.set(SESSION_COOKIE, "a-signed-in-session")  # identity's cookie, as after signing in
        await browser.get("/staf/kasus/1")  # the page sets the CSRF cookie beside it
        assert {SESSION_COOKIE, "csrftoken"} <= set(browser.cookies.keys())
        forged = await browser.post(
            "/staf/kasus/1/klaim", data=sent, headers={**BROWSER, "Origin": "https://penyerang.example"}
        )
    assert forged.status_code == 403 and forged.headers["content-type"].startswith("text/html")
    assert (
        '<h1 id="error-title">Akses ditolak</h1>' in forged.text
        and "tidak dikirim dari halaman situs ini" in forged.text
    )
    assert "pastikan cookie tidak diblokir" in forged.text and "Masuk dengan akun yang berwenang" not in forged.text
    assert '<a href="/staf/" id="way-back">' in forged.text
    assert app.state.done == [], "the refused action did nothing"


async def test_a_token_from_another_browser_is_refused() -> None:
    app = service_app()
    async with client(app) as victim, client(app) as attacker:
        attacker_token = token_in((await attacker.get("/staf/kasus/1")).text)
        await victim.get("/staf/kasus/1")
        forged = await victim.post("/staf/kasus/1/klaim", data={"csrftoken": attacker_token}, headers=BROWSER)
    assert forged.status_code == 403 and app.state.done == []


async def test_a_post_without_any_cookie_is_refused_too() -> None:
    """A forged sign-in (into the attacker's own account) comes without cookies: it is refused as well."""
    async with client(service_app()) as program:
        answer = await program.post("/staf/kasus/1/klaim", headers={"Accept": "application/json"})
    assert answer.status_code == 403 and "detail" in answer.json()


async def test_the_signed_lkpp_callback_is_the_listed_exemption() -> None:
    async with client(service_app()) as lkpp:
        answer = await lkpp.post("/akun/lkpp/adp/callback", content=b"{}")
    assert answer.status_code == 200


async def test_every_page_carries_the_security_headers_with_a_fresh_script_nonce() -> None:
    async with client(service_app()) as browser:
        first, second = await browser.get("/staf/kasus/1"), await browser.get("/staf/kasus/1")
    for page in (first, second):
        policy = page.headers["content-security-policy"]
        nonce = re.search(r"'nonce-([^']+)'", policy)
        assert nonce and f'<script nonce="{nonce.group(1)}">' in page.text
        assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0], "no inline script"
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "same-origin"
        assert "strict-transport-security" not in page.headers, "no HSTS over plain HTTP"
    assert first.headers["content-security-policy"] != second.headers["content-security-policy"]


async def test_error_pages_and_health_carry_them_too() -> None:
    async with client(service_app()) as browser:
        for path in ("/staf/tidak-ada", "/staf/health/live"):
            answer = await browser.get(path)
            assert answer.headers["x-content-type-options"] == "nosniff", path
            assert "frame-ancestors 'none'" in answer.headers["content-security-policy"], path


async def test_hsts_only_when_served_over_tls() -> None:
    async with client(service_app(env="production"), base_url="https://lpse.test") as browser:
        page = await browser.get("/staf/kasus/1")
    assert page.headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


def set_cookies(response: httpx.Response) -> dict[str, str]:
    return {value.split("=", 1)[0]: value for value in response.headers.get_list("set-cookie")}


async def test_cookies_are_httponly_lax_and_secure_outside_development() -> None:
    async with client(service_app(env="production"), base_url="https://lpse.test") as browser:
        cookies = set_cookies(await browser.get("/staf/kasus/1"))
    assert set(cookies) == {"csrftoken"}  # the session cookie is identity's: its flags are tested there
    for name, cookie in cookies.items():
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"httponly", "secure", "samesite=lax"} <= flags, (name, cookie)


async def test_cookies_are_not_secure_in_a_development_trial_over_http() -> None:
    async with client(service_app()) as browser:
        cookies = set_cookies(await browser.get("/staf/kasus/1"))
    for name, cookie in cookies.items():
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert "secure" not in flags and "httponly" in flags and "samesite=lax" in flags, (name, cookie)


def test_the_shipped_session_secret_is_refused_outside_development() -> None:
    settings = ServiceSettings(database_url="postgresql://x@127.0.0.1/x", lpse_env="production")
    with pytest.raises(InsecureSettings, match="SESSION_SECRET masih bernilai bawaan"):
        settings.refuse_default_secrets()
    ServiceSettings(database_url="postgresql://x@127.0.0.1/x", lpse_env="development").refuse_default_secrets()
    ServiceSettings(
        database_url="postgresql://x@127.0.0.1/x", lpse_env="production", session_secret=SECRET
    ).refuse_default_secrets()


def test_the_shipped_lkpp_callback_secret_is_refused_outside_development() -> None:
    settings = VerificationSettings(
        database_url="postgresql://x@127.0.0.1/x", lpse_env="production", session_secret=SECRET, link_secret=SECRET
    )
    with pytest.raises(InsecureSettings, match="LKPP_CALLBACK_SECRET masih bernilai bawaan"):
        settings.refuse_default_secrets()


@pytest.mark.parametrize("service", ["helpdesk", "operations"])
def test_a_service_started_for_real_with_the_shipped_secret_stops_naming_the_setting(service: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"SESSION_SECRET", "LPSE_ENV"}}
    env.update({"LPSE_ENV": "production", "DATABASE_URL": "postgresql://x@127.0.0.1:1/x", "HTTP_PORT": "1"})
    started = subprocess.run(
        [sys.executable, "-m", service], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert started.returncode != 0
    assert "pengaturan tidak aman" in started.stderr and "SESSION_SECRET" in started.stderr, started.stderr


FORM_TAG = re.compile(r'<form method="post"[^>]*>')


def test_every_state_changing_form_in_every_service_carries_the_token() -> None:
    templates = sorted((REPO_ROOT / "services").glob("*/src/*/templates/*.html"))
    forms = 0
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for match in FORM_TAG.finditer(text):
            forms += 1
            after = text[match.end() : match.end() + len("{{ csrf_field() }}")]
            assert after == "{{ csrf_field() }}", f"{path.relative_to(REPO_ROOT)}: {match.group(0)}"
        for script in re.findall(r"<script[^>]*>", text):
            assert 'nonce="{{ csp_nonce() }}"' in script or "src=" in script, f"{Path(path).name}: {script}"
    assert forms >= 20, "the templates were found"


async def test_a_body_the_app_never_reads_is_drained_before_the_answer_goes_out() -> None:
    from starlette.types import Message

    from lpse_runtime.security import DrainUnreadBody

    chunks: list[Message] = [
        {"type": "http.request", "body": b"reason=", "more_body": True},
        {"type": "http.request", "body": b"&verifier=", "more_body": False},
    ]
    events: list[str] = []

    async def receive() -> Message:
        message = chunks.pop(0)
        events.append(f"received {message['body']!r}")
        return message

    async def send(message: Message) -> None:
        events.append(f"sent {message['type']}")

    async def redirect_without_reading(scope: object, receive: object, send: object) -> None:
        assert callable(send)
        await send({"type": "http.response.start", "status": 303, "headers": [(b"location", b"/staf/masuk")]})
        await send({"type": "http.response.body", "body": b""})

    await DrainUnreadBody(redirect_without_reading)({"type": "http"}, receive, send)
    assert events == [
        "received b'reason='",
        "received b'&verifier='",
        "sent http.response.start",
        "sent http.response.body",
    ], "the whole body is read before the answer starts, so the connection stays usable"


def test_a_rotation_replaces_the_csrf_cookie_once_and_the_request_for_it_never_leaves_the_app() -> None:
    repeated = (b"set-cookie", b"csrftoken=old.token; Path=/; SameSite=Lax")
    session = (b"set-cookie", b"lpse_staff=abc; Path=/; HttpOnly")
    untouched = with_rotated_csrf([repeated, session], "rahasia", secure=True)
    assert untouched == [repeated, session], "no rotation unless a route asked for it"
    rotated = with_rotated_csrf([repeated, session, (ROTATE_CSRF_HEADER, b"1")], "rahasia", secure=True)
    cookies = [value for name, value in rotated if name == b"set-cookie" and value.startswith(b"csrftoken=")]
    assert len(cookies) == 1 and cookies[0] != repeated[1] and cookies[0].endswith(b"; Path=/; SameSite=Lax; Secure")
    assert session in rotated and all(name != ROTATE_CSRF_HEADER for name, _ in rotated)
