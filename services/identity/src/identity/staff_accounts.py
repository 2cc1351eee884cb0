"""What the platform administrator (and the seed) does to staff accounts: each loads, decides and commits once."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import datetime

import asyncpg

from contracts.envelope import Actor
from contracts.identity import StaffGrant
from identity import db
from identity.accounts import Account, AccountRefused, Change, create, decide, sorted_grants
from lpse_runtime.commit import commit
from lpse_runtime.machine import TransitionRefused
from lpse_runtime.staff import hash_password

USERNAME_TAKEN = "Nama pengguna ini sudah dipakai akun lain."


@dataclass(frozen=True)
class NewAccount:
    """Who the new account is for, its roles and the initial password the person replaces at first sign-in."""

    username: str
    name: str
    full_name: str
    grants: tuple[StaffGrant, ...]
    password: str = field(repr=False)  # never in a log line or a traceback's locals
    email: str | None = None  # the official address deadline breaches reach; optional


@dataclass(frozen=True)
class Outcome:
    """The account after the action, or the Indonesian reason it was refused (nothing stored)."""

    account: Account | None = None
    refused: str | None = None


async def list_accounts(pool: asyncpg.Pool) -> list[Account]:
    """Every staff account, by username."""
    async with pool.acquire() as conn:
        return await db.accounts(conn)


async def find_account(pool: asyncpg.Pool, username: str) -> Account | None:
    """One account, active or not."""
    async with pool.acquire() as conn:
        return await db.find_account(conn, username)


async def create_account(
    conn: asyncpg.Connection, new: NewAccount, password_hash: str, *, actor: Actor, now: datetime, must_change: bool
) -> Outcome:
    """Store a new account and publish that it exists; a taken username stores nothing."""
    account = Account(
        account_id=uuid.uuid4(),
        username=new.username,
        name=new.name,
        full_name=new.full_name,
        grants=new.grants,
        must_change_password=must_change,
        email=new.email,
    )
    decided = create(account, actor=actor, now=now)
    async with conn.transaction():
        if not await db.insert_account(conn, decided.state, password_hash):
            return Outcome(refused=USERNAME_TAKEN)
        await commit(conn, decided)
    return Outcome(account=decided.state)


async def open_account(pool: asyncpg.Pool, new: NewAccount, *, actor: Actor, now: datetime) -> Outcome:
    """The administrator creates an account with an initial password (hashed off the event loop)."""
    password_hash = await asyncio.to_thread(hash_password, new.password)
    async with pool.acquire() as conn:
        return await create_account(conn, new, password_hash, actor=actor, now=now, must_change=True)


ALREADY = {
    Change.DISABLE: "Akun ini sudah nonaktif.",
    Change.ENABLE: "Akun ini sudah aktif.",
    Change.CHANGE_ROLES: "Peran akun ini tidak dapat diubah.",
    Change.CHANGE_EMAIL: "Email dinas akun ini tidak dapat diubah.",
}


async def change_account(
    pool: asyncpg.Pool,
    username: str,
    change: Change,
    *,
    actor: Actor,
    now: datetime,
    grants: tuple[StaffGrant, ...] = (),
    email: str | None = None,
) -> Outcome:
    """Change an account's roles or official email, or disable it (its sessions end in the same transaction) or
    enable it.

    A refusal leaves the transaction by its exception, so nothing of it is stored (not even the ended sessions).
    """
    try:
        async with pool.acquire() as conn, conn.transaction():
            account = await db.account_for_update(conn, username)
            if account is None:
                return Outcome()
            ended = await db.revoke_sessions_of(conn, username, now) if change is Change.DISABLE else 0
            decided = decide(account, change, actor=actor, now=now, grants=grants, sessions_ended=ended, email=email)
            saved: Account = await commit(conn, decided, db.save_account)
            return Outcome(account=saved)
    except AccountRefused as refused:
        return Outcome(refused=str(refused))
    except TransitionRefused:
        return Outcome(refused=ALREADY[change])


async def seed_account(
    conn: asyncpg.Connection, new: NewAccount, password_hash: str, *, actor: Actor, now: datetime
) -> str:
    """Bring one listed account in line with the seed file: create it, or align its roles and official email;
    'created', 'changed' or 'unchanged'. A password a person has since changed, and an account disabled since, are
    left as they are."""
    async with conn.transaction():
        account = await db.account_for_update(conn, new.username)
        if account is None:
            await create_account(conn, new, password_hash, actor=actor, now=now, must_change=False)
            return "created"
        changed = False
        if sorted_grants(new.grants) != account.grants:
            decided = decide(account, Change.CHANGE_ROLES, actor=actor, now=now, grants=new.grants)
            account, changed = await commit(conn, decided, db.save_account), True
        if new.email is not None and new.email != account.email:  # an address set on the page stays unless listed
            decided = decide(account, Change.CHANGE_EMAIL, actor=actor, now=now, email=new.email)
            account, changed = await commit(conn, decided, db.save_account), True
        return "changed" if changed else "unchanged"
