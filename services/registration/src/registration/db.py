"""All of registration's SQL."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import asyncpg

from registration.account_changes import AccountChange, AccountData
from registration.domain import Application, ApplicationStatus, CounterVisit, Deadline, Step
from registration.submission import Draft, NewApplication, Resubmission


async def insert_application(conn: asyncpg.Connection, new: NewApplication) -> None:
    """Store a sent form as an application with its first step, and mark its draft as sent."""
    form = new.form
    await conn.execute(
        """INSERT INTO applications (id, lpse, reference, submission_key, status_token_hash, status, provider_type,
                                     company_name, npwp, nib, email, director_name, submitted_at, updated_at,
                                     language)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)""",
        new.id,
        new.lpse,
        new.reference,
        new.draft_id,
        new.status_token_hash,
        ApplicationStatus.SUBMITTED.value,
        form.provider_type.value,
        form.company_name,
        form.npwp,
        form.nib,
        form.email,
        form.director_name,
        new.submitted_at,
        form.language,
    )
    await add_step(conn, new.id, ApplicationStatus.SUBMITTED, new.submitted_at, None)
    await mark_draft_submitted(conn, new.draft_id, new.id)


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


async def lock_application(conn: asyncpg.Connection, application_id: uuid.UUID) -> Application | None:
    """Load an application's status for update."""
    status = await conn.fetchval("SELECT status FROM applications WHERE id = $1 FOR UPDATE", application_id)
    return None if status is None else Application(application_id, ApplicationStatus(status))


async def lock_account_of(conn: asyncpg.Connection, user_id: str) -> tuple[Application, AccountData] | None:
    """The application an activated account came from (by its user ID), with the account's data, for update."""
    row = await conn.fetchrow(
        """SELECT id, status, provider_type, company_name, npwp, email, director_name FROM applications
           WHERE upper(user_id) = upper($1) FOR UPDATE""",
        user_id,
    )
    if row is None:
        return None
    held = AccountData(
        row["id"], row["provider_type"], row["company_name"], row["npwp"], row["email"], row["director_name"]
    )
    return Application(row["id"], ApplicationStatus(row["status"])), held


async def save_account_change(conn: asyncpg.Connection, change: AccountChange) -> None:
    """The application's copy of the account from now on, and the step the status page lists."""
    data = change.data
    await conn.execute(
        """UPDATE applications SET provider_type = $2, company_name = $3, npwp = $4, email = $5, director_name = $6,
           updated_at = $7 WHERE id = $1""",
        data.application_id,
        data.provider_type,
        data.company_name,
        data.npwp,
        data.email,
        data.director_name,
        change.step.at,
    )
    await add_step(conn, change.step.application_id, change.step.status, change.step.at, change.step.note)


async def save_step(conn: asyncpg.Connection, step: Step) -> None:
    """Save the status a step reached (and the user ID once known), list the step, and keep what came with it: the
    documents a return asks again (the clock pauses), the deadline running again on resumption."""
    await conn.execute(
        "UPDATE applications SET status = $2, updated_at = $3, user_id = COALESCE($4, user_id) WHERE id = $1",
        step.application_id,
        step.status.value,
        step.at,
        step.user_id,
    )
    await add_step(conn, step.application_id, step.status, step.at, step.note)
    if step.returned_items is not None:
        await conn.execute(
            "UPDATE applications SET returned_items = $2::jsonb, returned_at = $3, due_at = NULL WHERE id = $1",
            step.application_id,
            json.dumps(list(step.returned_items)),
            step.at,
        )
    if step.deadline is not None:
        await save_deadline(conn, step.deadline)


async def save_visit(conn: asyncpg.Connection, visit: CounterVisit) -> None:
    """Where the counter visit stands, what to bring and the deadline once the file is handed over; as a step."""
    await conn.execute(
        """UPDATE applications
           SET counter_step = $2, counter_bring = COALESCE($3::jsonb, counter_bring),
               due_at = COALESCE($4, due_at), deadline_text = COALESCE($5, deadline_text)
           WHERE id = $1""",
        visit.step.application_id,
        visit.stage,
        json.dumps(list(visit.bring)) if visit.bring is not None else None,
        visit.due_at,
        visit.deadline_text,
    )
    step = visit.step
    await add_step(conn, step.application_id, step.status, step.at, step.note)


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


async def insert_draft(conn: asyncpg.Connection, draft: Draft) -> None:
    """Start a draft reachable only through the link sent to the email."""
    await conn.execute(
        """INSERT INTO drafts (id, lpse, email, token_hash, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6)""",
        draft.id,
        draft.lpse,
        draft.email,
        draft.token_hash,
        draft.created_at,
        draft.expires_at,
    )


def as_draft(row: asyncpg.Record) -> Draft:
    """A drafts row as the domain reads it."""
    return Draft(
        id=row["id"],
        lpse=row["lpse"],
        email=row["email"],
        token_hash=row["token_hash"],
        created_at=row["created_at"],
        expires_at=row["expires_at"],
        fields=json.loads(str(row["fields"])),
        application_id=row["application_id"],
    )


async def draft_by_token(conn: asyncpg.Connection, token_hash: str) -> Draft | None:
    """The draft behind a private link, locked."""
    row = await conn.fetchrow("SELECT * FROM drafts WHERE token_hash = $1 FOR UPDATE", token_hash)
    return None if row is None else as_draft(row)


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


# The unique indexes that hold the duplicate rule when two submissions pass the SELECT at the same moment.
DUPLICATE_INDEXES = {
    "applications_one_per_npwp": "npwp",
    "applications_one_per_nib": "nib",
    "applications_one_per_email": "email",
}


def duplicate_field(error: asyncpg.UniqueViolationError) -> str | None:
    """The field a unique violation is about when it is the duplicate rule's; None for any other constraint."""
    return DUPLICATE_INDEXES.get(getattr(error, "constraint_name", None) or "")


def reference_taken(error: asyncpg.UniqueViolationError) -> bool:
    """Whether a unique violation is another application's reference (drawn again, not the applicant's fault)."""
    return getattr(error, "constraint_name", None) == "applications_reference_key"


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


# -- deadline and resubmission ----------------------------------------------------------------------------------


async def save_deadline(conn: asyncpg.Connection, deadline: Deadline) -> None:
    """The service deadline the status page shows (None while the clock is paused)."""
    await conn.execute(
        "UPDATE applications SET due_at = $2, deadline_text = COALESCE($3, deadline_text) WHERE id = $1",
        deadline.application_id,
        deadline.due_at,
        deadline.text,
    )


async def save_resubmission(conn: asyncpg.Connection, resubmission: Resubmission) -> None:
    """The applicant uploaded what was asked."""
    await conn.execute(
        "UPDATE applications SET resubmitted_at = $2 WHERE id = $1", resubmission.application_id, resubmission.at
    )


async def draft_of_application(conn: asyncpg.Connection, application_id: uuid.UUID) -> Draft | None:
    """The draft an application came from."""
    row = await conn.fetchrow("SELECT * FROM drafts WHERE application_id = $1", application_id)
    return None if row is None else as_draft(row)
