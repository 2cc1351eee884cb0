"""The provider's session as pages use it: `current_provider` (or None) and `require_provider` (or to sign-in).

The cookie `lpse_penyedia` is the provider's alone: the staff's `lpse_staff` opens nothing here, and this one opens
nothing under /staf/ (its path is /akun, and the staff pages read only their own cookie).
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import HTTPException, Request, Response

from lpse_runtime.backoff import SESSION_ABSOLUTE
from lpse_runtime.service import ServiceRuntime
from verification.provider_area import usecases
from verification.provider_area.rules import COOKIE, COOKIE_PATH, SIGN_IN_PATH
from verification.provider_area.rules import ProviderPrincipal as ProviderPrincipal

MAX_TOKEN = 200


async def current_provider(request: Request) -> ProviderPrincipal | None:
    """The signed-in provider account (server-side session from the cookie), or None; read once per request."""
    if hasattr(request.state, "provider"):
        found: ProviderPrincipal | None = request.state.provider
        return found
    token = request.cookies.get(COOKIE, "")
    runtime: ServiceRuntime | None = getattr(request.app.state, "runtime", None)
    principal = None
    if token and len(token) <= MAX_TOKEN and runtime is not None:
        principal = await usecases.principal(runtime.pool, token, runtime.clock.now())
    request.state.provider = principal
    return principal


async def require_provider(request: Request) -> ProviderPrincipal:
    """The signed-in provider account, or a 303 to /akun/masuk that comes back here afterwards."""
    principal = await current_provider(request)
    if principal is None:
        back = urlencode({"next": request.url.path})  # percent-encoded: a header carries Latin-1 only
        raise HTTPException(status_code=303, headers={"Location": f"{SIGN_IN_PATH}?{back}"})
    return principal


def set_session_cookie(response: Response, token: str, *, secure: bool) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, under /akun only, Secure outside a development trial."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(SESSION_ABSOLUTE.total_seconds()),
        path=COOKIE_PATH,
        httponly=True,
        samesite="lax",
        secure=secure,
    )


def clear_session_cookie(response: Response, *, secure: bool) -> None:
    """Forget the cookie in the browser (the session itself is ended server-side)."""
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="lax", secure=secure)
