"""All of registration's SQL."""

from __future__ import annotations

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
