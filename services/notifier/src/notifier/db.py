"""All of the notifier's SQL."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import asyncpg

from lpse_runtime.sealing import LinkBox, UnreadableSeal
from notifier.domain import Delivery, DeliveryStatus, Recorded
from notifier.render import RenderedEmail

CLAIMABLE = (DeliveryStatus.CREATED.value, DeliveryStatus.TEMPORARY_FAILURE.value)


async def insert_delivery(
    conn: asyncpg.Connection,
    *,
    delivery_id: uuid.UUID,
    trigger_event_id: uuid.UUID,
    template: str,
    version: int,
    language: str,
    lpse: str,
    correlation_id: uuid.UUID,
    sender: str,
    email: RenderedEmail,
    box: LinkBox,
    now: datetime,
    status: DeliveryStatus = DeliveryStatus.CREATED,
    error: str | None = None,
    resend_of: uuid.UUID | None = None,
    requested_by: str | None = None,
) -> bool:
    """Record a delivery to make; False when this (event, template, recipient) already has one."""
    inserted = await conn.fetchval(
        """INSERT INTO deliveries (id, trigger_event_id, template, template_version, language, lpse, correlation_id,
                                   recipient, subject, text_body, html_body, message_id, sender, status, last_error,
                                   created_at, next_attempt_at, resend_of, requested_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, $17, $18)
           ON CONFLICT (trigger_event_id, template, recipient) WHERE resend_of IS NULL DO NOTHING
           RETURNING true""",
        delivery_id,
        trigger_event_id,
        template,
        version,
        language,
        lpse,
        correlation_id,
        email.recipient,
        email.subject,
        box.seal(email.text),  # the bodies hold private links valid for days: kept sealed, opened to send
        box.seal(email.html),
        email.message_id,
        sender,
        status.value,
        error,
        now,
        resend_of,
        requested_by,
    )
    return bool(inserted)


def rendering_of(row: asyncpg.Record, box: LinkBox) -> RenderedEmail:
    """A stored email with its bodies opened, to send or to copy for a resend."""
    text, html = _opened(row["text_body"], box), _opened(row["html_body"], box)
    return RenderedEmail(row["recipient"], row["subject"], text, html, row["message_id"])


def _opened(body: str, box: LinkBox) -> str:
    try:
        return box.open(body)
    except UnreadableSeal:
        return body  # recorded before bodies were sealed (see the README): kept as it was written


async def hold_allowance(conn: asyncpg.Connection, sender: str) -> None:
    """Take the sender's allowance for the rest of the transaction: one process at a time counts and claims."""
    # Without it two processes woken by the same commit both count the same past minute and both fill it.
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext('notifier-allowance:' || $1))", sender)


async def attempts_in_last_minute(conn: asyncpg.Connection, sender: str, now: datetime) -> int:
    """Messages this sender handed to the server in the minute before `now` (for the rate limit)."""
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM deliveries WHERE sender = $1 AND last_attempt_at > $2",
            sender,
            now - timedelta(minutes=1),
        )
    )


async def claim_due(conn: asyncpg.Connection, now: datetime, limit: int, lease: timedelta) -> list[asyncpg.Record]:
    """Take deliveries that are due (or whose sender died mid-send): mark them sending, count the attempt."""
    return list(
        await conn.fetch(
            """UPDATE deliveries SET status = 'sending', attempts = attempts + 1, last_attempt_at = $1,
                                 lease_until = $1 + $3::interval
           WHERE id IN (SELECT id FROM deliveries
                        WHERE (status = ANY($4::text[]) AND next_attempt_at <= $1)
                           OR (status = 'sending' AND lease_until < $1)
                        ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING *""",
            now,
            limit,
            lease,
            list(CLAIMABLE),
        )
    )


async def is_suppressed(conn: asyncpg.Connection, address: str) -> bool:
    """Whether an address is on the suppression list."""
    return bool(await conn.fetchval("SELECT 1 FROM suppressions WHERE lower(address) = lower($1)", address))


async def suppress(conn: asyncpg.Connection, address: str, reason: str, delivery_id: uuid.UUID, now: datetime) -> None:
    """Put an address on the suppression list."""
    await conn.execute(
        """INSERT INTO suppressions (address, reason, delivery_id, created_at) VALUES (lower($1), $2, $3, $4)
           ON CONFLICT (address) DO NOTHING""",
        address,
        reason,
        delivery_id,
        now,
    )


async def lift_suppression(conn: asyncpg.Connection, address: str) -> bool:
    """Take an address off the suppression list."""
    result: str = await conn.execute("DELETE FROM suppressions WHERE address = lower($1)", address)
    return result != "DELETE 0"


async def save_outcome(
    conn: asyncpg.Connection,
    delivery_id: uuid.UUID,
    status: DeliveryStatus,
    *,
    sent_at: datetime | None,
    next_attempt_at: datetime | None,
    error: str | None,
) -> None:
    """Record where a delivery stands after an attempt."""
    await conn.execute(
        """UPDATE deliveries SET status = $2, sent_at = COALESCE($3, sent_at), next_attempt_at = $4, last_error = $5,
                                 lease_until = NULL
           WHERE id = $1""",
        delivery_id,
        status.value,
        sent_at,
        next_attempt_at,
        error,
    )


def delivery_of(row: asyncpg.Record) -> Delivery:
    """A claimed delivery row as the sender's decision sees it."""
    return Delivery(
        delivery_id=row["id"],
        lpse=row["lpse"],
        correlation_id=row["correlation_id"],
        trigger_event_id=row["trigger_event_id"],
        template=row["template"],
        template_version=row["template_version"],
        status=DeliveryStatus(row["status"]),
        attempts=row["attempts"],
        recipient=row["recipient"],
    )


async def save_recorded(conn: asyncpg.Connection, recorded: Recorded) -> None:
    """Store a delivery's outcome, and suppress its address after a permanent refusal."""
    await save_outcome(
        conn,
        recorded.delivery.delivery_id,
        recorded.delivery.status,
        sent_at=recorded.sent_at,
        next_attempt_at=recorded.next_attempt_at,
        error=recorded.error,
    )
    if recorded.suppress:
        delivery = recorded.delivery
        await suppress(conn, delivery.recipient, recorded.error or "", delivery.delivery_id, recorded.decided_at)


async def get(conn: asyncpg.Connection, delivery_id: uuid.UUID) -> asyncpg.Record | None:
    """One delivery."""
    return await conn.fetchrow("SELECT * FROM deliveries WHERE id = $1", delivery_id)


async def recent(conn: asyncpg.Connection, lpse: str, status: str | None, limit: int = 200) -> list[asyncpg.Record]:
    """An LPSE's newest deliveries, optionally of one status."""
    return list(
        await conn.fetch(
            """SELECT * FROM deliveries WHERE lpse = $1 AND ($2::text IS NULL OR status = $2)
           ORDER BY created_at DESC LIMIT $3""",
            lpse,
            status,
            limit,
        )
    )


async def of_case(conn: asyncpg.Connection, correlation_id: uuid.UUID) -> list[asyncpg.Record]:
    """Every delivery of one case, oldest first."""
    return list(
        await conn.fetch("SELECT * FROM deliveries WHERE correlation_id = $1 ORDER BY created_at", correlation_id)
    )


async def suppressions(conn: asyncpg.Connection, lpse: str) -> list[asyncpg.Record]:
    """The suppressed addresses an LPSE has written to, newest first (another LPSE's applicants stay hidden)."""
    return list(
        await conn.fetch(
            """SELECT s.* FROM suppressions s
               WHERE EXISTS (SELECT 1 FROM deliveries d WHERE d.lpse = $1 AND lower(d.recipient) = s.address)
               ORDER BY s.created_at DESC LIMIT 500""",
            lpse,
        )
    )


async def lpses_of_address(conn: asyncpg.Connection, address: str) -> set[str]:
    """The LPSEs that have written to an address: the ones whose staff may see or lift its suppression."""
    rows = await conn.fetch("SELECT DISTINCT lpse FROM deliveries WHERE lower(recipient) = lower($1)", address)
    return {r["lpse"] for r in rows}


async def add_attachment(
    conn: asyncpg.Connection,
    delivery_id: uuid.UUID,
    position: int,
    filename: str,
    content_type: str,
    content: bytes,
    sha256: str,
) -> None:
    """Keep a fetched attachment with its delivery."""
    await conn.execute(
        """INSERT INTO delivery_attachments (delivery_id, position, filename, content_type, content, sha256)
           VALUES ($1, $2, $3, $4, $5, $6)""",
        delivery_id,
        position,
        filename,
        content_type,
        content,
        sha256,
    )


async def attachments(conn: asyncpg.Connection, delivery_id: uuid.UUID) -> list[asyncpg.Record]:
    """A delivery's attachments, in order."""
    return list(
        await conn.fetch("SELECT * FROM delivery_attachments WHERE delivery_id = $1 ORDER BY position", delivery_id)
    )


async def copy_attachments(conn: asyncpg.Connection, source: uuid.UUID, target: uuid.UUID) -> None:
    """A resend carries the original's attachments."""
    await conn.execute(
        """INSERT INTO delivery_attachments (delivery_id, position, filename, content_type, content, sha256)
           SELECT $2, position, filename, content_type, content, sha256 FROM delivery_attachments
           WHERE delivery_id = $1""",
        source,
        target,
    )


async def delivery_exists(conn: asyncpg.Connection, delivery_id: uuid.UUID) -> bool:
    """Whether a delivery with this id is already recorded."""
    return bool(await conn.fetchval("SELECT EXISTS (SELECT 1 FROM deliveries WHERE id = $1)", delivery_id))


async def staff_contacts(conn: asyncpg.Connection, lpse: str, role: str) -> list[str]:
    """The addresses of the active holders of a role in an LPSE who have one on record (identity's directory)."""
    rows = await conn.fetch("SELECT email FROM identity.staff_contacts($1, $2)", lpse, role)
    return [r["email"] for r in rows]
