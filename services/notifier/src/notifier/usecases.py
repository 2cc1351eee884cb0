"""What staff do to deliveries: resend one, lift a suppression; each stored with its audit row in one commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

import asyncpg

from lpse_runtime.authz import permits
from lpse_runtime.commit import commit
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.sealing import LinkBox
from lpse_runtime.staff import StaffPrincipal
from notifier import db

SUPPRESSED = "Alamat ada di daftar blokir; hapus dari daftar blokir sebelum mengirim ulang."
NOTHING_TO_RESEND = "Email ini gagal dibuat (gagal teknis); tidak ada yang bisa dikirim ulang."


@dataclass(frozen=True)
class Resent:
    """The answer to a resend: the case whose emails to show, and what to tell the officer."""

    correlation_id: uuid.UUID
    info: str


async def resend(
    pool: asyncpg.Pool, box: LinkBox, delivery_id: uuid.UUID, staff: StaffPrincipal, now: datetime
) -> Resent | None:
    """A new delivery of the same rendering with a new Message-ID; None when the officer may not see the original."""
    async with pool.acquire() as conn, conn.transaction():
        row = await db.get(conn, delivery_id)
        if row is None or not permits(staff, "email.kirim_ulang", row["lpse"]):
            return None
        if await db.is_suppressed(conn, row["recipient"]):
            return Resent(row["correlation_id"], SUPPRESSED)
        if not row["message_id"]:
            return Resent(row["correlation_id"], NOTHING_TO_RESEND)
        new_id = uuid.uuid4()
        audit = AuditEntry(now, staff.actor, "delivery", str(new_id), "resend", str(row["id"]), "created")

        async def save(c: asyncpg.Connection, copy: uuid.UUID) -> None:
            await db.insert_delivery(
                c,
                delivery_id=copy,
                trigger_event_id=row["trigger_event_id"],
                template=row["template"],
                version=row["template_version"],
                language=row["language"],
                lpse=row["lpse"],
                correlation_id=row["correlation_id"],
                sender=row["sender"],
                email=replace(db.rendering_of(row, box), message_id=f"<{copy}@lpse-platform.local>"),
                box=box,
                now=now,
                resend_of=row["id"],
                requested_by=staff.username,
            )
            await db.copy_attachments(c, row["id"], copy)

        await commit(conn, Decided(new_id, audit=audit), save)
        return Resent(row["correlation_id"], f"Dikirim ulang ke {row['recipient']}.")


async def lift_suppression(pool: asyncpg.Pool, address: str, staff: StaffPrincipal, now: datetime) -> bool | None:
    """Whether the address was on the list (True/False); None when it is on no list of the officer's LPSEs."""
    async with pool.acquire() as conn, conn.transaction():
        if not any(permits(staff, "email.buka_blokir", lpse) for lpse in await db.lpses_of_address(conn, address)):
            return None
        lifted = await db.lift_suppression(conn, address)
        if lifted:
            audit = AuditEntry(now, staff.actor, "suppression", address, "lift", "suppressed", "lifted")
            await commit(conn, Decided(address, audit=audit))
        return lifted
