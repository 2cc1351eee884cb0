"""Sign in, sign out, change password: each loads, decides with the domain's rules and commits once."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.digests import token_digest
from identity import db, internal_accounts_db
from identity.accounts import password_changed
from identity.domain import (
    ACCOUNT_FREE_FAILURES,
    ADDRESS_FREE_FAILURES,
    SESSION_ABSOLUTE,
    SESSION_IDLE,
    account_key,
    address_key,
    after_failure,
    locked_until,
    password_problem,
)
from lpse_runtime.commit import commit
from lpse_runtime.staff import StaffPrincipal, dummy_hash, hash_password, password_matches_off_loop

WRONG_CREDENTIALS = "Nama pengguna atau kata sandi salah."
ACCESS_ENDED = "Masa akses akun ini sudah berakhir. Hubungi Helpdesk LPSE bila Anda memerlukan akses kembali."


@dataclass(frozen=True)
class SignInResult:
    """A new session token, or why not (wrong credentials, or locked until when)."""

    token: str | None = None
    locked_until: datetime | None = None
    must_change_password: bool = False
    access_ended: bool = False


async def sign_in(
    pool: asyncpg.Pool, username: str, password: str, address: str, now: datetime, old_token: str | None
) -> SignInResult:
    """Check the back-off first (answered at once), then the password off the event loop; rotate the session."""
    keys = {account_key(username): ACCOUNT_FREE_FAILURES, address_key(address): ADDRESS_FREE_FAILURES}
    async with pool.acquire() as conn:
        remembered = await db.failures(conn, list(keys))
        waits = [u for k in keys if (u := locked_until(remembered.get(k), now)) is not None]
        if waits:
            return SignInResult(locked_until=max(waits))
        # An auditor disabled when its period ended hears that, as it did before the timer fired.
        row = await db.account(conn, username) or await internal_accounts_db.ended_by_expiry(conn, username, now)
    # An account made on request has no password until its person sets one: it is compared as an unknown one is.
    stored = row["password_hash"] if row and row["password_hash"] else await asyncio.to_thread(dummy_hash)
    matches = await password_matches_off_loop(stored, password)
    async with pool.acquire() as conn, conn.transaction():
        if row is None or row["password_hash"] is None or not matches:
            latest = await db.failures_for_update(conn, list(keys), now)
            for key, free in keys.items():
                await db.save_failures(conn, key, after_failure(latest.get(key), free, now))
            return SignInResult()
        await db.forget_failures(conn, account_key(username))
        if row["expires_at"] is not None and now >= row["expires_at"]:
            return SignInResult(access_ended=True)  # the right password of an auditor whose period is over
        if old_token:
            await db.revoke_session(conn, token_digest(old_token), now)
        token = secrets.token_urlsafe(32)
        await db.open_session(conn, token_digest(token), row["username"], now, SESSION_IDLE, SESSION_ABSOLUTE)
    return SignInResult(token=token, must_change_password=row["must_change_password"])


async def sign_out(pool: asyncpg.Pool, token: str, now: datetime) -> None:
    """Revoke the session: the cookie opens nothing from now on, wherever it was copied to."""
    async with pool.acquire() as conn:
        await db.revoke_session(conn, token_digest(token), now)


@dataclass(frozen=True)
class PasswordChange:
    """Field errors, or the new session token that replaces every session the account had."""

    errors: dict[str, str]
    token: str | None = None


async def change_password(
    pool: asyncpg.Pool, staff: StaffPrincipal, current: str, new: str, repeat: str, now: datetime
) -> PasswordChange:
    """Check the current password and the new one; store it, end every session and open a fresh one."""
    errors = password_problem(staff.username, current, new, repeat)
    async with pool.acquire() as conn:
        row = await db.account(conn, staff.username)
    if row is None or not await password_matches_off_loop(row["password_hash"], current):
        errors = {"current": "Kata sandi saat ini salah.", **errors}
    if errors:
        return PasswordChange(errors=errors)
    new_hash = await asyncio.to_thread(hash_password, new)
    token = secrets.token_urlsafe(32)
    async with pool.acquire() as conn, conn.transaction():
        account = await db.account_for_update(conn, staff.username)
        if account is None:
            return PasswordChange(errors={"current": "Kata sandi saat ini salah."})
        await db.set_password(conn, staff.username, new_hash, now)
        ended = await db.revoke_sessions_of(conn, staff.username, now)
        await db.open_session(conn, token_digest(token), staff.username, now, SESSION_IDLE, SESSION_ABSOLUTE)
        await commit(conn, password_changed(account, actor=staff.actor, now=now, sessions_ended=ended), db.save_account)
    return PasswordChange(errors={}, token=token)
