"""Lupa kata sandi end to end: the link reaches the registered email, sets a password once, and nobody learns
whether an account exists."""

from __future__ import annotations

import re

import asyncpg
import pytest

from devstack.stack import Stack
from tests.e2e.driver import activate, open_case_as, submit_application, wait_for_mail
from tests.support import SiteClient, unique_email

pytestmark = pytest.mark.e2e
ANSWER = re.compile(r'<div class="notice" role="status" id="reset-answer">.*?</div>', re.S)


async def reset_links_of(stack: Stack, user_id: str) -> int:
    conn = await asyncpg.connect(stack.admin_database_url)
    try:
        return int(
            await conn.fetchval(
                """SELECT count(*) FROM verification.password_tokens t
                   JOIN verification.providers p ON p.id = t.provider_id
                   WHERE p.user_id = $1 AND t.purpose = 'reset'""",
                user_id,
            )
        )
    finally:
        await conn.close()


async def audit_text_of(stack: Stack) -> str:
    conn = await asyncpg.connect(stack.admin_database_url)
    try:
        rows = await conn.fetch("SELECT action, before, after, reason FROM verification.audit_log")
        return "\n".join(str(dict(r)) for r in rows)
    finally:
        await conn.close()


async def test_a_provider_who_lost_the_password_sets_a_new_one_through_a_one_time_link(stack: Stack) -> None:
    email = unique_email("lupa")
    async with (
        SiteClient(base_url=stack.front_url) as provider,
        SiteClient(base_url=stack.front_url) as verifier,
        SiteClient(base_url=stack.front_url) as stranger,
    ):
        reference, _ = await submit_application(provider, "depok", email, "CV Lupa Sandi")
        case_path = await open_case_as(verifier, "verifikator.depok", "depok-2026", reference)
        await activate(verifier, case_path)
        activation = await wait_for_mail(provider, email, "Akun penyedia aktif")
        user_id = re.search(r"User ID: (\S+)", activation["text"])
        assert user_id
        uid = user_id.group(1)

        form = await provider.get("/akun/lupa-sandi")
        assert form.status_code == 200 and 'for="identifier">User ID atau email terdaftar' in form.text
        blank = await provider.post("/akun/lupa-sandi", data={"identifier": "  "})
        assert blank.status_code == 422 and 'id="identifier-error">Isi User ID atau email yang terdaftar.' in blank.text

        known = await provider.post("/akun/lupa-sandi", data={"identifier": uid.lower()})
        unknown = await stranger.post("/akun/lupa-sandi", data={"identifier": "TIDAKADA9999"})
        unknown_email = await stranger.post("/akun/lupa-sandi", data={"identifier": unique_email("bukan")})
        assert known.status_code == unknown.status_code == unknown_email.status_code == 200
        assert known.text == unknown.text == unknown_email.text, "the page never tells whether the account exists"
        assert ANSWER.search(known.text)

        mail = await wait_for_mail(provider, email, f"Atur ulang kata sandi User ID {uid}")
        link = re.search(r"(http://\S+/akun/sandi/(\S+))", mail["text"])
        assert link, mail["text"]
        path, token = "/" + link.group(1).split("/", 3)[3], link.group(2)
        assert "Yth. Ahmad Fauzi," in mail["text"], "greets the director, like every email of the case"

        page = await provider.get(path)
        assert "Atur ulang kata sandi akun penyedia" in page.text and uid in page.text
        short = await provider.post(path, data={"password": "pendek", "repeat": "pendek"})
        assert short.status_code == 422 and "minimal 10 karakter" in short.text
        done = await provider.post(path, data={"password": "sandi-baru-2026", "repeat": "sandi-baru-2026"})
        assert done.status_code == 200 and "telah dibuat" in done.text
        again = await provider.post(path, data={"password": "sandi-lain-2026", "repeat": "sandi-lain-2026"})
        assert again.status_code == 410 and "sudah dipakai" in again.text and 'href="/akun/lupa-sandi"' in again.text
        old_activation = re.search(r"(http://\S+/akun/sandi/\S+)", activation["text"])
        assert old_activation
        spent = await provider.get("/" + old_activation.group(1).split("/", 3)[3])
        assert "sudah dipakai" in spent.text, "a new password spends every link still open for the account"

        # Per account: three links an hour; a fourth request gets the same page and sends nothing.
        for _ in range(3):
            more = await provider.post("/akun/lupa-sandi", data={"identifier": email.upper()})
            assert more.status_code == 200 and more.text == known.text
        assert await reset_links_of(stack, uid) == 3

        # The token is never in a log line or the audit's free text; the fact carries it only as the link field.
        for child in stack.children.items:
            assert token not in child.tail(5000), f"{child.name} logged the one-time token"
        assert token not in await audit_text_of(stack)
