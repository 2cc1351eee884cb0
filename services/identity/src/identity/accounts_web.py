"""The platform administrator's pages: staff accounts listed, created, their roles changed, disabled and enabled."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from identity import staff_accounts
from identity.accounts import Account, Change
from identity.forms import LPSE_ROLES, PLATFORM_ROLES, ROLE_LABEL, EmailForm, GrantsForm, NewAccountForm
from identity.staff_accounts import NewAccount
from lpse_runtime.authz import require
from lpse_runtime.formmodel import FieldErrors, parse_form
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for

templates = templates_for(__file__)
Lister = Annotated[StaffPrincipal, Depends(require("pengguna.lihat"))]
Creator = Annotated[StaffPrincipal, Depends(require("pengguna.buat"))]
RoleChanger = Annotated[StaffPrincipal, Depends(require("pengguna.ubah_peran"))]
Disabler = Annotated[StaffPrincipal, Depends(require("pengguna.nonaktifkan"))]
Enabler = Annotated[StaffPrincipal, Depends(require("pengguna.aktifkan"))]
HOME = "/staf/pengguna/"

# What the list says after an action: fixed sentences only, the query string picks one and never shows itself.
INFO: dict[str, str] = {
    "dibuat": "Akun dibuat. Sampaikan kata sandi awal kepada pemiliknya secara langsung; "
    "ia wajib menggantinya saat pertama kali masuk.",
    "peran": "Peran akun diperbarui.",
    "nonaktif": "Akun dinonaktifkan; semua sesinya sudah diakhiri.",
    "aktif": "Akun diaktifkan kembali.",
    "email": "Email dinas akun diperbarui.",
}
CHANGE_INFO = {
    Change.CHANGE_ROLES: "peran",
    Change.DISABLE: "nonaktif",
    Change.ENABLE: "aktif",
    Change.CHANGE_EMAIL: "email",
}
ERROR_FIELD = {Change.CHANGE_ROLES: "grants", Change.CHANGE_EMAIL: "email"}
FIELDS = ("username", "name", "full_name", "email", "password", "repeat")


def router(runtime: ServiceRuntime) -> APIRouter:
    """/staf/pengguna/…: only the platform administrator (see the README's authorization matrix)."""
    r = APIRouter(prefix="/staf/pengguna")
    lpses = tuple(sorted(runtime.profiles))
    lpse_names = {code: profile.name for code, profile in runtime.profiles.items()}

    def zone_of(account: Account) -> str:
        """The zone an account's end of access is shown in: that of its LPSE (an auditor holds one)."""
        zones = [runtime.profiles[g.lpse].time_zone for g in account.grants if g.lpse in runtime.profiles]
        return zones[0] if zones else "Asia/Jakarta"

    def page(request: Request, template: str, staff: StaffPrincipal, status: int = 200, **context: Any) -> Response:
        choices = {"lpses": lpses, "lpse_names": lpse_names, "lpse_roles": LPSE_ROLES}
        context |= {"staff": staff, "platform_roles": PLATFORM_ROLES, "role_label": ROLE_LABEL, **choices}
        if "account" in context:  # an internal account's end of access, in its LPSE's zone
            context["zone"] = zone_of(context["account"])
        return templates.TemplateResponse(request, template, context, status_code=status)

    async def account_or_404(username: str) -> Account:
        found = await staff_accounts.find_account(runtime.pool, username)
        if found is None:
            raise HTTPException(404, "Akun staf tidak ditemukan")
        return found

    @r.get("/", response_class=HTMLResponse)
    async def list_accounts(request: Request, staff: Lister, info: str = "") -> Response:
        accounts = await staff_accounts.list_accounts(runtime.pool)
        return page(request, "accounts.html", staff, accounts=accounts, info=INFO.get(info))

    @r.get("/baru", response_class=HTMLResponse)
    async def new_account_form(request: Request, staff: Creator) -> Response:
        return page(request, "account_new.html", staff, errors={}, values={}, ticked=())

    @r.post("/baru", response_class=HTMLResponse)
    async def create_account(request: Request, staff: Creator) -> Response:
        raw = await request.form()
        values = {k: str(raw.get(k, ""))[:1000] for k in FIELDS}
        ticked = tuple(str(g)[:60] for g in raw.getlist("grant"))[:60]
        form, errors = parse_form(NewAccountForm, {**values, "grants": list(ticked), "lpses": lpses})
        if form is not None:
            new = NewAccount(
                form.username, form.name, form.full_name, form.staff_grants, form.password, form.email or None
            )
            done = await staff_accounts.open_account(runtime.pool, new, actor=staff.actor, now=runtime.clock.now())
            if done.account is not None:
                return RedirectResponse(f"{HOME}?info=dibuat", status_code=303)
            errors = {"username": done.refused or staff_accounts.USERNAME_TAKEN}
        shown = {k: v for k, v in values.items() if k not in ("password", "repeat")}  # a password is never echoed
        return page(request, "account_new.html", staff, 422, errors=errors, values=shown, ticked=ticked)

    @r.get("/{username}", response_class=HTMLResponse)
    async def account_page(request: Request, username: str, staff: Lister, info: str = "") -> Response:
        account = await account_or_404(username)
        ticked = tuple(f"{g.role}@{g.lpse}" for g in account.grants)
        context: dict[str, Any] = {"account": account, "ticked": ticked, "errors": {}, "info": INFO.get(info)}
        return page(request, "account.html", staff, typed_email=account.email or "", **context)

    async def change(request: Request, username: str, staff: StaffPrincipal, what: Change) -> Response:
        account = await account_or_404(username)
        errors: FieldErrors = {}
        ticked: tuple[str, ...] = tuple(f"{g.role}@{g.lpse}" for g in account.grants)
        grants, email, typed = account.grants, account.email, account.email or ""
        if what is Change.CHANGE_ROLES:
            ticked = tuple(str(g)[:60] for g in (await request.form()).getlist("grant"))[:60]
            form, errors = parse_form(GrantsForm, {"grants": list(ticked), "lpses": lpses})
            grants = form.staff_grants if form is not None else ()
        if what is Change.CHANGE_EMAIL:
            typed = str((await request.form()).get("email", ""))[:1000]
            email_form, errors = parse_form(EmailForm, {"email": typed})
            email = (email_form.email or None) if email_form is not None else None
        if not errors:
            done = await staff_accounts.change_account(
                runtime.pool, username, what, actor=staff.actor, now=runtime.clock.now(), grants=grants, email=email
            )
            if done.account is not None:
                return RedirectResponse(f"{HOME}{username}?info={CHANGE_INFO[what]}", status_code=303)
            errors = {ERROR_FIELD.get(what, "status"): done.refused or ""}
        context: dict[str, Any] = {"account": account, "ticked": ticked, "errors": errors, "typed_email": typed}
        return page(request, "account.html", staff, 422, **context)

    @r.post("/{username}/peran", response_class=HTMLResponse)
    async def change_roles(request: Request, username: str, staff: RoleChanger) -> Response:
        return await change(request, username, staff, Change.CHANGE_ROLES)

    @r.post("/{username}/email", response_class=HTMLResponse)
    async def change_email(request: Request, username: str, staff: RoleChanger) -> Response:
        return await change(request, username, staff, Change.CHANGE_EMAIL)

    @r.post("/{username}/nonaktifkan", response_class=HTMLResponse)
    async def disable(request: Request, username: str, staff: Disabler) -> Response:
        return await change(request, username, staff, Change.DISABLE)

    @r.post("/{username}/aktifkan", response_class=HTMLResponse)
    async def enable(request: Request, username: str, staff: Enabler) -> Response:
        return await change(request, username, staff, Change.ENABLE)

    return r
