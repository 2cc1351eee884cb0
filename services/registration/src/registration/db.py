"""All of registration's SQL."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import asyncpg

from registration.domain import ApplicationForm, ApplicationStatus


async def find_by_submission_key(conn: asyncpg.Connection, key: uuid.UUID) -> asyncpg.Record | None:
    """The application a form submission already created, if any."""
    return await conn.fetchrow("SELECT id, reference FROM applications WHERE submission_key = $1", key)


async def insert_application(
    conn: asyncpg.Connection,
    *,
    application_id: uuid.UUID,
    lpse: str,
    reference: str,
    submission_key: uuid.UUID,
    token_hash: str,
    form: ApplicationForm,
    now: datetime,
) -> None:
    """Store a new application and its first step."""
    await conn.execute(
        """INSERT INTO applications (id, lpse, reference, submission_key, status_token_hash, status, provider_type,
                                     company_name, npwp, nib, email, director_name, submitted_at, updated_at,
                                     language)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)""",
        application_id,
        lpse,
        reference,
        submission_key,
        token_hash,
        ApplicationStatus.SUBMITTED.value,
        form.provider_type.value,
        form.company_name,
        form.npwp,
        form.nib,
        form.email,
        form.director_name,
        now,
        form.language,
    )
    await add_step(conn, application_id, ApplicationStatus.SUBMITTED, now, None)


async def add_step(
    conn: asyncpg.Connection, application_id: uuid.UUID, status: ApplicationStatus, at: datetime, note: str | None
) -> None:
    """Record a step the status page lists."""
    await conn.execute(
        "INSERT INTO application_steps (application_id, status, at, note) VALUES ($1, $2, $3, $4)",
        application_id,
        status.value,
        at,
        note,
    )


async def lock_application(conn: asyncpg.Connection, application_id: uuid.UUID) -> asyncpg.Record | None:
    """Load an application for update."""
    return await conn.fetchrow("SELECT * FROM applications WHERE id = $1 FOR UPDATE", application_id)


async def set_status(
    conn: asyncpg.Connection,
    application_id: uuid.UUID,
    status: ApplicationStatus,
    now: datetime,
    *,
    user_id: str | None = None,
) -> None:
    """Save the new status (and the user ID once known)."""
    await conn.execute(
        "UPDATE applications SET status = $2, updated_at = $3, user_id = COALESCE($4, user_id) WHERE id = $1",
        application_id,
        status.value,
        now,
        user_id,
    )


async def by_token_hash(conn: asyncpg.Connection, token_hash: str) -> asyncpg.Record | None:
    """The application behind a private status link."""
    return await conn.fetchrow("SELECT * FROM applications WHERE status_token_hash = $1", token_hash)


async def steps(conn: asyncpg.Connection, application_id: uuid.UUID) -> list[asyncpg.Record]:
    """The steps reached, oldest first."""
    return list(
        await conn.fetch(
            "SELECT status, at, note FROM application_steps WHERE application_id = $1 ORDER BY id", application_id
        )
    )


# -- drafts and duplicates ---------------------------------------------------------------------------------------


async def insert_draft(
    conn: asyncpg.Connection,
    *,
    draft_id: uuid.UUID,
    lpse: str,
    email: str,
    token_hash: str,
    now: datetime,
    expires_at: datetime,
) -> None:
    """Start a draft reachable only through the link sent to the email."""
    await conn.execute(
        """INSERT INTO drafts (id, lpse, email, token_hash, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6)""",
        draft_id,
        lpse,
        email,
        token_hash,
        now,
        expires_at,
    )


async def draft_by_token(conn: asyncpg.Connection, token_hash: str) -> asyncpg.Record | None:
    """The draft behind a private link, locked."""
    return await conn.fetchrow("SELECT * FROM drafts WHERE token_hash = $1 FOR UPDATE", token_hash)


async def open_draft(conn: asyncpg.Connection, draft_id: uuid.UUID, now: datetime) -> None:
    """The link was followed: the email is proven."""
    await conn.execute(
        "UPDATE drafts SET email_verified_at = COALESCE(email_verified_at, $2) WHERE id = $1", draft_id, now
    )


async def save_draft(conn: asyncpg.Connection, draft_id: uuid.UUID, fields: dict[str, str], now: datetime) -> None:
    """Keep what was entered so far."""
    await conn.execute(
        "UPDATE drafts SET fields = $2::jsonb, saved_at = $3 WHERE id = $1", draft_id, json.dumps(fields), now
    )


async def mark_draft_submitted(conn: asyncpg.Connection, draft_id: uuid.UUID, application_id: uuid.UUID) -> None:
    """The draft became an application."""
    await conn.execute("UPDATE drafts SET application_id = $2 WHERE id = $1", draft_id, application_id)


async def application_reference(conn: asyncpg.Connection, application_id: uuid.UUID) -> str | None:
    """The reference of an application."""
    found: str | None = await conn.fetchval("SELECT reference FROM applications WHERE id = $1", application_id)
    return found


async def find_duplicate(
    conn: asyncpg.Connection, *, npwp: str | None, nib: str | None, email: str | None
) -> asyncpg.Record | None:
    """An application, in any LPSE, that is not rejected and shares the NPWP, NIB or email."""
    return await conn.fetchrow(
        """SELECT lpse, reference, npwp = $1 AS same_npwp, nib = $2 AS same_nib, lower(email) = lower($3) AS same_email
           FROM applications
           WHERE status <> 'rejected' AND (npwp = $1 OR nib = $2 OR lower(email) = lower($3))
           LIMIT 1""",
        npwp,
        nib,
        email,
    )


# -- documents ---------------------------------------------------------------------------------------------------


async def upsert_document(
    conn: asyncpg.Connection,
    *,
    draft_id: uuid.UUID,
    code: str,
    filename: str,
    content_type: str,
    size: int,
    sha256: str,
    object_name: str,
    now: datetime,
) -> str | None:
    """Record an upload (replacing an earlier one); returns the replaced object's name, if any."""
    previous: str | None = await conn.fetchval(
        "SELECT object_name FROM documents WHERE draft_id = $1 AND code = $2", draft_id, code
    )
    await conn.execute(
        """INSERT INTO documents (draft_id, code, filename, content_type, size, sha256, object_name, uploaded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (draft_id, code) DO UPDATE SET filename = $3, content_type = $4, size = $5, sha256 = $6,
                                                      object_name = $7, uploaded_at = $8""",
        draft_id,
        code,
        filename,
        content_type,
        size,
        sha256,
        object_name,
        now,
    )
    return previous if previous != object_name else None


async def documents_of_draft(conn: asyncpg.Connection, draft_id: uuid.UUID) -> dict[str, asyncpg.Record]:
    """A draft's uploads by document code."""
    rows = await conn.fetch("SELECT * FROM documents WHERE draft_id = $1", draft_id)
    return {r["code"]: r for r in rows}


async def document_of_application(
    conn: asyncpg.Connection, application_id: uuid.UUID, code: str
) -> asyncpg.Record | None:
    """An application's upload for one document, with the application's LPSE."""
    return await conn.fetchrow(
        """SELECT d.*, a.lpse FROM documents d JOIN drafts r ON r.id = d.draft_id
           JOIN applications a ON a.id = r.application_id WHERE a.id = $1 AND d.code = $2""",
        application_id,
        code,
    )


# -- deadline and returns ----------------------------------------------------------------------------------------


async def set_deadline(
    conn: asyncpg.Connection, application_id: uuid.UUID, due_at: datetime | None, deadline_text: str | None
) -> None:
    """The service deadline the status page shows (None while the clock is paused)."""
    await conn.execute(
        "UPDATE applications SET due_at = $2, deadline_text = COALESCE($3, deadline_text) WHERE id = $1",
        application_id,
        due_at,
        deadline_text,
    )


async def set_returned(conn: asyncpg.Connection, application_id: uuid.UUID, items: list[str], at: datetime) -> None:
    """Remember which documents the verifier asked for again."""
    await conn.execute(
        "UPDATE applications SET returned_items = $2::jsonb, returned_at = $3, due_at = NULL WHERE id = $1",
        application_id,
        json.dumps(items),
        at,
    )


async def set_resubmitted(conn: asyncpg.Connection, application_id: uuid.UUID, at: datetime) -> None:
    """The applicant uploaded what was asked."""
    await conn.execute("UPDATE applications SET resubmitted_at = $2 WHERE id = $1", application_id, at)


async def draft_of_application(conn: asyncpg.Connection, application_id: uuid.UUID) -> asyncpg.Record | None:
    """The draft an application came from."""
    return await conn.fetchrow("SELECT * FROM drafts WHERE application_id = $1", application_id)


# -- the counter visit -------------------------------------------------------------------------------------------


async def set_counter_step(
    conn: asyncpg.Connection,
    application_id: uuid.UUID,
    step: str,
    *,
    bring: list[dict[str, object]] | None = None,
    due_at: datetime | None = None,
    deadline_text: str | None = None,
) -> None:
    """Where the visit stands, what to bring, and the deadline once the file is handed over."""
    await conn.execute(
        """UPDATE applications
           SET counter_step = $2, counter_bring = COALESCE($3::jsonb, counter_bring),
               due_at = COALESCE($4, due_at), deadline_text = COALESCE($5, deadline_text)
           WHERE id = $1""",
        application_id,
        step,
        json.dumps(bring) if bring is not None else None,
        due_at,
        deadline_text,
    )
