"""All of the account requests' SQL: the request, its documents, its clock rounds, its steps, the auditor's grant."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from helpdesk.accounts.domain import AccountRequest
from helpdesk.accounts.forms import AccountForm, Document
from helpdesk.accounts.tables import Path, Status
from lpse_runtime.worktime import ClockState, stored_clock


async def find_by_submission_key(conn: asyncpg.Connection, key: uuid.UUID) -> asyncpg.Record | None:
    """The request a form submission already created, if any."""
    return await conn.fetchrow("SELECT id, reference FROM account_requests WHERE submission_key = $1", key)


async def insert_request(
    conn: asyncpg.Connection,
    r: AccountRequest,
    form: AccountForm,
    *,
    submission_key: uuid.UUID,
    status_digest: str,
    channel: str,
    at: datetime,
) -> None:
    """Store a filed request with what the person gave."""
    await conn.execute(
        """INSERT INTO account_requests (id, lpse, reference, submission_key, status_digest, service_id, kind, path,
               officer, role, status, channel, name, nip, unit, email, phone, language, change_kind, target_username,
               new_email, agency_type, agency_name, tenders, access_from, access_until, username, received_at,
               updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
                   $22, $23, $24, $25, $26, $27, $28, $28)""",
        r.id,
        r.lpse,
        r.reference,
        submission_key,
        status_digest,
        r.service_id,
        r.kind,
        r.path.value,
        r.officer,
        r.role,
        r.status.value,
        channel,
        form.name,
        form.nip,
        form.unit,
        form.email,
        form.phone,
        form.language,
        form.change_kind,
        form.username or None,
        form.new_email or None,
        form.agency_type,
        form.agency_name or None,
        list(form.tender_ids),
        form.access_from,
        form.access_until,
        r.username,
        at,
    )


async def insert_documents(
    conn: asyncpg.Connection, request_id: uuid.UUID, documents: tuple[Document, ...], at: datetime
) -> None:
    """Keep the documents as uploaded (replacing one of the same code on a resubmission)."""
    for d in documents:
        await conn.execute(
            """INSERT INTO account_request_documents (request_id, code, filename, content_type, size, sha256, content,
                   uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
               ON CONFLICT (request_id, code) DO UPDATE SET filename = $3, content_type = $4, size = $5, sha256 = $6,
                   content = $7, uploaded_at = $8""",
            request_id,
            d.code,
            d.filename,
            d.accepted.content_type,
            d.accepted.size,
            d.accepted.sha256,
            d.content,
            at,
        )


async def documents(conn: asyncpg.Connection, request_id: uuid.UUID) -> list[asyncpg.Record]:
    """What was uploaded (without the bytes)."""
    return list(
        await conn.fetch(
            """SELECT code, filename, content_type, size, sha256, uploaded_at FROM account_request_documents
               WHERE request_id = $1 ORDER BY code""",
            request_id,
        )
    )


async def document(conn: asyncpg.Connection, request_id: uuid.UUID, code: str) -> asyncpg.Record | None:
    """One document with its bytes."""
    return await conn.fetchrow(
        "SELECT * FROM account_request_documents WHERE request_id = $1 AND code = $2", request_id, code
    )


def request_of(row: asyncpg.Record) -> AccountRequest:
    """The machine's view of a stored request."""
    return AccountRequest(
        id=row["id"],
        lpse=row["lpse"],
        reference=row["reference"],
        service_id=row["service_id"],
        kind=row["kind"],
        role=row["role"],
        status=Status(row["status"]),
        path=Path(row["path"]),
        officer=row["officer"],
        person_name=row["name"],
        email=row["email"],
        language=row["language"],
        change_kind=row["change_kind"],
        username=row["username"],
        new_email=row["new_email"],
        access_until=row["access_until"],
        holder=row["holder"],
        lease_until=row["lease_until"],
        prepared_by=row["prepared_by"],
        checked_by=row["checked_by"],
        missing=tuple(row["missing"]),
        reason=row["reason"],
    )


async def lock(conn: asyncpg.Connection, request_id: uuid.UUID) -> asyncpg.Record | None:
    """A request, locked for a decision."""
    return await conn.fetchrow("SELECT * FROM account_requests WHERE id = $1 FOR UPDATE", request_id)


async def by_id(conn: asyncpg.Connection, request_id: uuid.UUID) -> asyncpg.Record | None:
    """A request."""
    return await conn.fetchrow("SELECT * FROM account_requests WHERE id = $1", request_id)


async def by_digest(conn: asyncpg.Connection, digest: str) -> asyncpg.Record | None:
    """The request whose status page token has this digest."""
    return await conn.fetchrow("SELECT * FROM account_requests WHERE status_digest = $1", digest)


async def save(conn: asyncpg.Connection, r: AccountRequest, at: datetime) -> None:
    """Save a request after a decision."""
    await conn.execute(
        """UPDATE account_requests SET status = $2, holder = $3, lease_until = $4, username = $5, prepared_by = $6,
               checked_by = $7, missing = $8, reason = $9, updated_at = $10
           WHERE id = $1""",
        r.id,
        r.status.value,
        r.holder,
        r.lease_until,
        r.username,
        r.prepared_by,
        r.checked_by,
        list(r.missing),
        r.reason,
        at,
    )


async def add_step(
    conn: asyncpg.Connection, request_id: uuid.UUID, step: str, actor: str, role: str, note: str | None, at: datetime
) -> None:
    """Keep one step for the status page."""
    await conn.execute(
        """INSERT INTO account_request_steps (request_id, step, actor, actor_role, note, at)
           VALUES ($1, $2, $3, $4, $5, $6)""",
        request_id,
        step,
        actor,
        role,
        note,
        at,
    )


async def steps(conn: asyncpg.Connection, request_id: uuid.UUID) -> list[asyncpg.Record]:
    """The request's steps, oldest first."""
    return list(await conn.fetch("SELECT * FROM account_request_steps WHERE request_id = $1 ORDER BY id", request_id))


async def queue(conn: asyncpg.Connection, lpse: str) -> list[asyncpg.Record]:
    """The LPSE's requests: open first, nearest running deadline, oldest (a desk of tens)."""
    return list(
        await conn.fetch(
            """SELECT r.*, (SELECT min(due_at) FROM account_request_clocks k
                            WHERE k.request_id = r.id AND k.status = 'running') AS next_due
               FROM account_requests r WHERE r.lpse = $1
               ORDER BY r.status IN ('selesai', 'ditolak'), next_due NULLS LAST, r.received_at LIMIT 200""",
            lpse,
        )
    )


# -- the clock ----------------------------------------------------------------------------------------------------


async def insert_clock(
    conn: asyncpg.Connection, request_id: uuid.UUID, round_: int, state: ClockState, text: str
) -> None:
    """Store a started clock round."""
    await conn.execute(
        """INSERT INTO account_request_clocks (request_id, round, name, label, deadline_text, working, unit, status,
               started_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
        request_id,
        round_,
        state.name,
        state.label,
        text,
        state.working,
        state.unit.value if state.unit else None,
        state.status,
        state.started_at,
        state.due,
    )


async def clocks(conn: asyncpg.Connection, request_id: uuid.UUID) -> list[asyncpg.Record]:
    """The request's clock rounds, oldest first."""
    return list(
        await conn.fetch("SELECT * FROM account_request_clocks WHERE request_id = $1 ORDER BY round", request_id)
    )


def clock_state(row: asyncpg.Record) -> ClockState:
    """The calculator's view of a stored clock."""
    return stored_clock(row)


async def save_clock(conn: asyncpg.Connection, request_id: uuid.UUID, round_: int, state: ClockState) -> None:
    """Save a clock round after it stopped."""
    await conn.execute(
        """UPDATE account_request_clocks SET status = $3, stopped_at = $4 WHERE request_id = $1 AND round = $2""",
        request_id,
        round_,
        state.status,
        state.stopped_at,
    )


async def mark_breached(conn: asyncpg.Connection, request_id: uuid.UUID, round_: int, at: datetime) -> None:
    """Record that a round's deadline passed."""
    await conn.execute(
        "UPDATE account_request_clocks SET breached_at = $3 WHERE request_id = $1 AND round = $2",
        request_id,
        round_,
        at,
    )


# -- the auditor's grant ------------------------------------------------------------------------------------------


async def grant_auditor(conn: asyncpg.Connection, row: asyncpg.Record, username: str, at: datetime) -> None:
    """DPK-3a: what the auditor may read, once its account exists (the same request granted twice is one row)."""
    await conn.execute(
        """INSERT INTO auditor_access (request_id, lpse, username, tenders, access_from, access_until, granted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (request_id) DO NOTHING""",
        row["id"],
        row["lpse"],
        username,
        row["tenders"],
        row["access_from"],
        row["access_until"],
        at,
    )
