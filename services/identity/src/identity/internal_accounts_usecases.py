"""Acting on an approved account request, ending an auditor's access, setting a first password by the emailed link."""

from __future__ import annotations

import asyncio
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import asyncpg

from contracts.account_requests import AccountRequestApprovedV1
from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.identity import DeactivationReason
from identity import db, internal_accounts_db
from identity.accounts import Account, AccountStatus, password_changed
from identity.domain import password_problem
from identity.internal_accounts import (
    EXPIRY_CLOCK,
    EXPIRY_TIMER,
    NO_CHANGE,
    SET_PASSWORD_VALIDITY,
    UNKNOWN_ACCOUNT,
    USERNAME_TAKEN,
    Step,
    change_refusal,
    created,
    deactivated,
    email_changed,
    expiry_due,
    new_account,
    refused,
    step_for,
)
from lpse_runtime import timers
from lpse_runtime.commit import commit
from lpse_runtime.staff import hash_password

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Issuing:
    """What making an account needs from outside: the seal of the emailed link and each LPSE's time zone."""

    seal_link: Callable[[str], str]  # a path on the site → the full link, sealed for the notifier
    zone_of: Callable[[str], str]


def set_password_path(token: str) -> str:
    """The page where the person sets a first password."""
    return f"/identitas/sandi/{token}"


async def on_approved(conn: asyncpg.Connection, fact: AccountRequestApprovedV1, how: Issuing, now: datetime) -> None:
    """Act on an approved request in the inbox's transaction: make, change or end the account, or say why not."""
    step = step_for(fact)
    if step is Step.IGNORE:
        log.info("account request %s: an INAPROC account is not made here", fact.case_id)
        return
    if step is None:
        await commit(conn, refused(fact, NO_CHANGE, now=now))
    elif step is Step.CREATE:
        await create(conn, fact, how, now)
    else:
        await change(conn, fact, step, now)


async def create(conn: asyncpg.Connection, fact: AccountRequestApprovedV1, how: Issuing, now: datetime) -> None:
    """A new account without a password, its single-use link and (an auditor's) end-of-access timer."""
    account = new_account(fact, account_id=uuid.uuid4(), zone=how.zone_of(fact.lpse))
    if isinstance(account, str):
        await commit(conn, refused(fact, account, now=now))
        return
    if await internal_accounts_db.username_taken(conn, fact.username):
        await commit(conn, refused(fact, USERNAME_TAKEN, now=now))
        return
    async with conn.transaction():  # a savepoint: a username taken meanwhile leaves nothing behind
        if not await internal_accounts_db.insert_internal_account(conn, account):
            await commit(conn, refused(fact, USERNAME_TAKEN, now=now))
            return
        url = None
        if account.email is not None:
            token = secrets.token_urlsafe(32)
            until = now + SET_PASSWORD_VALIDITY
            await internal_accounts_db.insert_link(conn, token_digest(token), account.username, now, until)
            url = how.seal_link(set_password_path(token))
        if account.expires_at is not None:
            await timers.schedule(
                conn,
                kind=EXPIRY_TIMER,
                subject_id=str(account.account_id),
                clock=EXPIRY_CLOCK,
                fire_at=account.expires_at,
                payload={"username": account.username, "lpse": fact.lpse},
            )
        await commit(conn, created(fact, account, set_password_url=url, now=now))


async def change(conn: asyncpg.Connection, fact: AccountRequestApprovedV1, step: Step, now: datetime) -> None:
    """DPK-2e: a new email, a mutasi (this LPSE's roles end) or a pensiun (the account ends)."""
    account = await db.account_for_update(conn, fact.username)
    reason = change_refusal(fact, account, step)
    if reason is not None or account is None:
        await commit(conn, refused(fact, reason or UNKNOWN_ACCOUNT, now=now))
        return
    if step is Step.CHANGE_EMAIL:
        await commit(conn, email_changed(fact, account, now=now), db.save_account)
        return
    ended = await db.revoke_sessions_of(conn, account.username, now)
    why: DeactivationReason = "mutasi" if step is Step.MUTASI else "pensiun"
    decided = deactivated(account, why, lpse=fact.lpse, sessions_ended=ended, now=now, fact=fact)
    if decided.state.status is AccountStatus.DISABLED:
        await internal_accounts_db.end_links_of(conn, account.username, now)
    await commit(conn, decided, db.save_account)


async def on_expiry(conn: asyncpg.Connection, timer: timers.Timer, now: datetime) -> None:
    """An auditor's period is over: disable the account and end its sessions; a late or repeated timer does nothing."""
    account = await db.account_for_update(conn, str(timer.payload["username"]))
    if account is None or not expiry_due(account, timer.fire_at, now):
        return
    ended = await db.revoke_sessions_of(conn, account.username, now)
    await internal_accounts_db.end_links_of(conn, account.username, now)
    lpse = str(timer.payload["lpse"])
    decided = deactivated(account, "masa_akses_berakhir", lpse=lpse, sessions_ended=ended, now=now)
    await commit(conn, decided, db.save_account)


class LinkState(StrEnum):
    """What a set-password link opens."""

    OPEN = "open"
    USED = "used"  # used already, or its account ended
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # forged, mistyped, or never issued


def state_of(row: object, now: datetime) -> LinkState:
    """A link's state from its row (None: no such link)."""
    if not isinstance(row, asyncpg.Record):
        return LinkState.UNKNOWN
    if row["used_at"] is not None or not row["active"]:
        return LinkState.USED
    ends = row["access_ends_at"]
    if now >= row["expires_at"] or (ends is not None and now >= ends):
        return LinkState.EXPIRED
    return LinkState.OPEN


async def link_state(pool: asyncpg.Pool, token: str, now: datetime) -> tuple[LinkState, str | None]:
    """What the link opens, and for whom."""
    async with pool.acquire() as conn:
        row = await internal_accounts_db.link(conn, token_digest(token))
    return state_of(row, now), (row["username"] if row is not None else None)


@dataclass(frozen=True)
class FirstPassword:
    """The link's state, and field errors when it was open but the password could not be accepted."""

    state: LinkState
    errors: dict[str, str]
    username: str | None = None

    @property
    def done(self) -> bool:
        """The password is stored and the link used."""
        return self.state is LinkState.OPEN and not self.errors


async def set_first_password(pool: asyncpg.Pool, token: str, new: str, repeat: str, now: datetime) -> FirstPassword:
    """Store the person's password (same rules as a change), use the link once, end any session of the account."""
    state, username = await link_state(pool, token, now)
    if state is not LinkState.OPEN or username is None:
        return FirstPassword(state, {})
    errors = password_problem(username, "", new, repeat)
    if errors:
        return FirstPassword(state, errors, username)
    new_hash = await asyncio.to_thread(hash_password, new)
    async with pool.acquire() as conn, conn.transaction():
        digest = token_digest(token)
        state = state_of(await internal_accounts_db.link(conn, digest, lock=True), now)
        account = await db.account_for_update(conn, username)
        if state is not LinkState.OPEN or account is None:  # used by a second tab meanwhile
            return FirstPassword(LinkState.USED if state is LinkState.OPEN else state, {})
        await internal_accounts_db.use_link(conn, digest, now)
        await db.set_password(conn, username, new_hash, now)
        ended = await db.revoke_sessions_of(conn, username, now)
        owner = account_owner(account)
        await commit(conn, password_changed(account, actor=owner, now=now, sessions_ended=ended), db.save_account)
    return FirstPassword(LinkState.OPEN, {}, username)


def account_owner(account: Account) -> Actor:
    """The person setting their own password: the link proves it is them."""
    return Actor(id=account.username, role=account.grants[0].role if account.grants else "system")
