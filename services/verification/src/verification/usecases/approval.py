"""Approving a case: the receipt is rendered before the transaction (the PDF never holds the case row locked),
then, under the lock, checked to still describe the case and stored with the provider and its set-password link."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.digests import token_digest
from contracts.envelope import AttachmentRef
from lpse_runtime.staff import StaffPrincipal
from verification import activation_db, checklist_db, clocks, db
from verification.domain import (
    ACTIVATING_TRIGGERS,
    SET_PASSWORD_VALIDITY,
    Activation,
    ChecklistItem,
    Refused,
    Trigger,
    user_id_candidate,
)
from verification.receipt import Receipt, render_receipt
from verification.usecases.desk import CaseDesk

CHANGED_WHILE_PREPARING = "Kasus berubah saat tanda terima disiapkan. Periksa lalu ulangi tindakan ini."


@dataclass(frozen=True)
class PreparedReceipt:
    """An activation's receipt rendered from the case as it stood, and what it was rendered from."""

    updated_at: datetime
    verified_by: str | None
    items: tuple[ChecklistItem, ...]
    user_id: str
    receipt: Receipt


async def allocate_user_id(conn: asyncpg.Connection, company_name: str) -> str:
    """A user ID no provider of any LPSE has yet."""
    for attempt in range(50):
        candidate = user_id_candidate(company_name, attempt, secrets.randbelow(10_000))
        if not await activation_db.user_id_taken(conn, candidate):
            return candidate
    raise RuntimeError("could not allocate a unique user ID")


async def prepare_receipt(
    desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal, trigger: Trigger, now: datetime
) -> PreparedReceipt | None:
    """Render an activation's receipt before its transaction, so the PDF never holds the case row locked."""
    async with desk.pool.acquire() as conn:
        row = await db.get_case(conn, case_id)
        if row is None or row["lpse"] != staff.lpse:
            return None
        profile = desk.profiles[row["lpse"]]
        service = clocks.service_of(profile, row["service_id"])
        if trigger not in ACTIVATING_TRIGGERS or (trigger is Trigger.APPROVE and service.four_eyes):
            return None
        items = await checklist_db.checklist(conn, case_id)
        user_id = await allocate_user_id(conn, row["company_name"])
        verifier = await db.full_name_of(conn, row["verified_by"] or staff.username)
        confirmer = await db.full_name_of(conn, staff.username) if trigger is Trigger.CONFIRM else None
    issued = await asyncio.to_thread(
        render_receipt,
        profile,
        service,
        dict(row),
        items,
        user_id=user_id,
        verifier=verifier,
        confirmer=confirmer,
        at=now,
    )
    return PreparedReceipt(row["updated_at"], row["verified_by"], tuple(items), user_id, issued)


async def still_holds(
    conn: asyncpg.Connection, prepared: PreparedReceipt | None, row: asyncpg.Record, items: list[ChecklistItem]
) -> PreparedReceipt:
    """The receipt, if the locked case is the one it was rendered from and its user ID is still free."""
    if (
        prepared is None
        or prepared.updated_at != row["updated_at"]
        or prepared.verified_by != row["verified_by"]
        or prepared.items != tuple(items)
        or await activation_db.user_id_taken(conn, prepared.user_id)
    ):
        raise Refused(CHANGED_WHILE_PREPARING)
    return prepared


@dataclass(frozen=True)
class NewAccount:
    """What an approval stores besides the case: the account, its one-time link (in clear, only here) and receipt."""

    activation: Activation
    token: str
    receipt: Receipt


def new_account(desk: CaseDesk, case_id: uuid.UUID, prepared: PreparedReceipt, now: datetime) -> NewAccount:
    """The provider, its set-password link and the receipt attached to the activation email."""
    token = secrets.token_urlsafe(32)
    issued = prepared.receipt
    attachment = AttachmentRef(
        filename=issued.filename,
        content_type="application/pdf",
        sha256=issued.sha256,
        url=desk.sealed_link(f"/akun/dokumen/{desk.links.dumps(str(case_id))}"),
    )
    activation = Activation(
        provider_id=uuid.uuid4(),
        user_id=prepared.user_id,
        set_password_url=desk.sealed_link(f"/akun/sandi/{token}"),
        expires_at=now + SET_PASSWORD_VALIDITY,
        attachments=(attachment,),
    )
    return NewAccount(activation, token, issued)


async def store(conn: asyncpg.Connection, account: NewAccount, row: asyncpg.Record, now: datetime) -> None:
    """Register the provider, keep the digest of its link and the receipt, in the approval's transaction."""
    activation, issued = account.activation, account.receipt
    await activation_db.insert_provider(
        conn, provider_id=activation.provider_id, user_id=activation.user_id, case=row, now=now
    )
    await db.insert_password_token(conn, token_digest(account.token), activation.provider_id, activation.expires_at)
    await activation_db.save_receipt(conn, row["id"], issued.title, issued.filename, issued.content, issued.sha256, now)
