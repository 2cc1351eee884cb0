"""Verification's SQL for the case row, the provider accounts and their tokens and receipts (the clocks' and the
checklist's are in clocks_db.py and checklist_db.py, the activation's in activation_db.py)."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import asyncpg

from contracts.lpse import VerificationMode
from contracts.registration import ApplicationSubmittedV1
from verification.domain import OPENING_STATUS, Case, CaseStatus


async def open_case(
    conn: asyncpg.Connection,
    case_id: uuid.UUID,
    event: ApplicationSubmittedV1,
    now: datetime,
    service_id: str,
    mode: VerificationMode = "unggahan",
) -> None:
    """Store a new case in its LPSE's queue (waiting for the counter visit in counter mode)."""
    await conn.execute(
        """INSERT INTO cases (id, application_id, lpse, status, reference, provider_type, company_name, npwp, nib,
                              applicant_email, director_name, status_url, opened_by_event, opened_at, updated_at,
                              service_id, language, verification_mode)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16, $17)""",
        case_id,
        event.application_id,
        event.lpse,
        OPENING_STATUS[mode].value,
        event.reference,
        event.provider_type.value,
        event.company_name,
        event.npwp,
        event.nib,
        str(event.email),
        event.director_name,
        event.status_url,
        event.event_id,
        now,
        service_id,
        event.language,
        mode,
    )


def to_case(row: asyncpg.Record) -> Case:
    """The domain's view of a case row."""
    return Case(
        case_id=row["id"],
        application_id=row["application_id"],
        lpse=row["lpse"],
        status=CaseStatus(row["status"]),
        reference=row["reference"],
        applicant_email=row["applicant_email"],
        status_url=row["status_url"],
        assignee=row["assignee"],
        opened_by_event=row["opened_by_event"],
        language=row["language"],
        lease_until=row["lease_until"],
        verified_by=row["verified_by"],
        director_name=row["director_name"],
        updated_at=row["updated_at"],
    )


async def lock_case(conn: asyncpg.Connection, case_id: uuid.UUID) -> asyncpg.Record | None:
    """Load a case for update."""
    return await conn.fetchrow("SELECT * FROM cases WHERE id = $1 FOR UPDATE", case_id)


async def get_case(conn: asyncpg.Connection, case_id: uuid.UUID) -> asyncpg.Record | None:
    """Load a case."""
    return await conn.fetchrow("SELECT * FROM cases WHERE id = $1", case_id)


async def save_case(conn: asyncpg.Connection, case: Case) -> None:
    """Save the decided status, holder, lease and verifier."""
    await conn.execute(
        """UPDATE cases SET status = $2, assignee = $3, lease_until = $4, verified_by = $5, updated_at = $6
           WHERE id = $1""",
        case.case_id,
        case.status.value,
        case.assignee,
        case.lease_until,
        case.verified_by,
        case.updated_at,
    )


async def audit_of_case(conn: asyncpg.Connection, case_id: uuid.UUID) -> list[asyncpg.Record]:
    """A case's audit rows, oldest first."""
    return list(
        await conn.fetch("SELECT * FROM audit_log WHERE entity = 'case' AND entity_id = $1 ORDER BY id", str(case_id))
    )


async def activated_provider(conn: asyncpg.Connection, case_id: uuid.UUID) -> asyncpg.Record | None:
    """The provider a case activated, if it did."""
    return await conn.fetchrow("SELECT * FROM providers WHERE case_id = $1", case_id)


async def insert_password_token(
    conn: asyncpg.Connection,
    token_hash: str,
    provider_id: uuid.UUID,
    expires_at: datetime,
    purpose: str = "activation",
) -> None:
    """Store a one-time set-password token (its hash)."""
    await conn.execute(
        "INSERT INTO password_tokens (token_hash, provider_id, expires_at, purpose) VALUES ($1, $2, $3, $4)",
        token_hash,
        provider_id,
        expires_at,
        purpose,
    )


async def full_name_of(conn: asyncpg.Connection, username: str) -> str:
    """The name an officer signs with (from identity's staff directory); the username if the account is gone."""
    name: str | None = await conn.fetchval("SELECT identity.staff_full_name($1)", username)
    return name or username


async def verifiers_of(conn: asyncpg.Connection, lpse: str) -> list[asyncpg.Record]:
    """The verifiers of an LPSE (for reassignment), from identity's staff directory."""
    return list(await conn.fetch("SELECT username, name FROM identity.staff_directory($1, 'verifikator')", lpse))


async def receipt(conn: asyncpg.Connection, case_id: uuid.UUID) -> asyncpg.Record | None:
    """The receipt of a case, if one was issued."""
    return await conn.fetchrow("SELECT * FROM receipts WHERE case_id = $1", case_id)


async def set_documents(conn: asyncpg.Connection, case_id: uuid.UUID, documents: list[dict[str, object]]) -> None:
    """Remember which documents were uploaded with the application (references only)."""
    await conn.execute("UPDATE cases SET documents = $2::jsonb WHERE id = $1", case_id, json.dumps(documents))


async def lock_case_of_application(conn: asyncpg.Connection, application_id: uuid.UUID) -> asyncpg.Record | None:
    """The case of an application, locked."""
    return await conn.fetchrow("SELECT * FROM cases WHERE application_id = $1 FOR UPDATE", application_id)


async def merge_documents(conn: asyncpg.Connection, case_id: uuid.UUID, documents: list[dict[str, object]]) -> None:
    """Replace the references of documents uploaded again, keep the others."""
    row = await conn.fetchval("SELECT documents FROM cases WHERE id = $1", case_id)
    by_code = {d["code"]: d for d in json.loads(row or "[]")}
    by_code.update({str(d["code"]): d for d in documents})
    await conn.execute(
        "UPDATE cases SET documents = $2::jsonb WHERE id = $1", case_id, json.dumps(list(by_code.values()))
    )


async def set_director_nik(conn: asyncpg.Connection, case_id: uuid.UUID, nik: str | None) -> None:
    """The director's NIK from the application, to check against the KTP."""
    await conn.execute("UPDATE cases SET director_nik = $2 WHERE id = $1", case_id, nik)


async def set_by_proxy(conn: asyncpg.Connection, case_id: uuid.UUID, by_proxy: bool) -> None:
    """Keep whether a proxy brings the file: it decides which proxy documents the checklist asks."""
    await conn.execute("UPDATE cases SET by_proxy = $2 WHERE id = $1", case_id, by_proxy)


async def record_visit(conn: asyncpg.Connection, case_id: uuid.UUID, step: str, officer: str, at: datetime) -> None:
    """When the applicant checked in at the counter, or when and to whom the file was handed over."""
    if step == "check_in":
        await conn.execute("UPDATE cases SET checked_in_at = $2 WHERE id = $1", case_id, at)
    else:
        await conn.execute(
            "UPDATE cases SET handed_over_at = $2, handed_over_to = $3 WHERE id = $1", case_id, at, officer
        )
