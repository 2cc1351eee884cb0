"""The provider's own account: a forgotten password, a password set through a one-time link, a lent receipt."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.digests import token_digest
from lpse_runtime.commit import commit
from lpse_runtime.staff import hash_password
from verification import accounts_db, db
from verification.accounts import PasswordLink, SetPasswordForm, decide_password
from verification.recovery import RESET_WINDOW, ForgotPasswordForm, ResetAnswer, ResetCounts, decide_reset, keyed


async def receipt(pool: asyncpg.Pool, case_id: uuid.UUID) -> asyncpg.Record | None:
    """The receipt PDF issued at a case's activation, if any (the signed link to it was checked by the caller)."""
    async with pool.acquire() as conn:
        return await db.receipt(conn, case_id)


async def request_reset(
    pool: asyncpg.Pool,
    form: ForgotPasswordForm,
    *,
    client: str,
    secret: str,
    seal_link: Callable[[str], str],
    now: datetime,
) -> ResetAnswer:
    """Count the request and, for a known account under both limits, issue a link and the fact that mails it."""
    token = secrets.token_urlsafe(32)
    async with pool.acquire() as conn, conn.transaction():
        account = await accounts_db.account_for_reset(conn, form.identifier)
        # Keyed digests only: the request log keeps neither what was typed nor the client's address.
        account_key = keyed(secret, "account", str(account.provider_id) if account else form.identifier)
        client_key = keyed(secret, "client", client)
        counts = ResetCounts(*await accounts_db.reset_counts(conn, account_key, client_key, now - RESET_WINDOW))
        decided = decide_reset(
            account,
            counts,
            at=now,
            account_key=account_key,
            client_key=client_key,
            token=token,
            sealed_link=seal_link(f"/akun/sandi/{token}"),
        )
        await commit(conn, decided, accounts_db.save_reset_request)
    return decided.state.answer


async def password_link(pool: asyncpg.Pool, token: str) -> PasswordLink | None:
    """The one-time link a token names, if it was ever issued."""
    async with pool.acquire() as conn, conn.transaction():
        return await accounts_db.lock_password_link(conn, token_digest(token))


@dataclass(frozen=True)
class PasswordOutcome:
    """The link as it stood, and whether the password was set through it."""

    link: PasswordLink | None
    done: bool


async def set_password(pool: asyncpg.Pool, token: str, form: SetPasswordForm, *, now: datetime) -> PasswordOutcome:
    """Set the account's password through a usable link, spending every link still open for the account."""
    async with pool.acquire() as conn, conn.transaction():
        link = await accounts_db.lock_password_link(conn, token_digest(token))
        # Checked before hashing too, so a spent or unknown link never costs an argon2 computation.
        if link is None or not link.usable(now):
            return PasswordOutcome(link, done=False)
        decided = decide_password(link, await asyncio.to_thread(hash_password, form.password), now)
        if decided is None:
            return PasswordOutcome(link, done=False)
        await commit(conn, decided, accounts_db.save_password)
    return PasswordOutcome(link, done=True)
