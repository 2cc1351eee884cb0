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


async def provider_for_reset(conn: asyncpg.Connection, identifier: str) -> asyncpg.Record | None:
    """The active provider whose user ID or registered email this is, with whom and in which language to write."""
    return await conn.fetchrow(
        """SELECT p.id, p.user_id, p.email, p.lpse, c.director_name, c.language
           FROM providers p JOIN cases c ON c.id = p.case_id
           WHERE p.status = 'active' AND (lower(p.user_id) = $1 OR lower(p.email) = $1)
           ORDER BY p.activated_at DESC LIMIT 1""",
        identifier,
    )


async def reset_counts(conn: asyncpg.Connection, account_key: str, client_key: str, since: datetime) -> tuple[int, int]:
    """Links sent to the account and requests from the client since then; the account is locked meanwhile."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", account_key)
    row = await conn.fetchrow(
        """SELECT count(*) FILTER (WHERE account_key = $1 AND sent) AS account_sent,
                  count(*) FILTER (WHERE client_key = $2) AS client_requests
           FROM password_reset_requests WHERE at >= $3 AND (account_key = $1 OR client_key = $2)""",
        account_key,
        client_key,
        since,
    )
    assert row is not None
    return int(row["account_sent"]), int(row["client_requests"])


async def record_reset_request(
    conn: asyncpg.Connection, at: datetime, account_key: str, client_key: str, sent: bool
) -> None:
    """Count one request, found or not."""
    await conn.execute(
        "INSERT INTO password_reset_requests (at, account_key, client_key, sent) VALUES ($1, $2, $3, $4)",
        at,
        account_key,
        client_key,
        sent,
    )


async def lock_password_token(conn: asyncpg.Connection, token_hash: str) -> asyncpg.Record | None:
    """A set-password token with its provider, locked."""
    return await conn.fetchrow(
        """SELECT t.*, p.user_id FROM password_tokens t JOIN providers p ON p.id = t.provider_id
           WHERE t.token_hash = $1 FOR UPDATE OF t""",
        token_hash,
    )


async def set_provider_password(
    conn: asyncpg.Connection, token_hash: str, provider_id: uuid.UUID, password_hash: str, now: datetime
) -> None:
    """Store the password hash and spend the token, and any other link still open for the account."""
    await conn.execute("UPDATE providers SET password_hash = $2 WHERE id = $1", provider_id, password_hash)
    await conn.execute("UPDATE password_tokens SET used_at = $2 WHERE token_hash = $1", token_hash, now)
    await conn.execute(
        "UPDATE password_tokens SET used_at = $2 WHERE provider_id = $1 AND used_at IS NULL", provider_id, now
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


# -- agregasi ----------------------------------------------------------------------------------------------------


async def provider_of_case(conn: asyncpg.Connection, case_id: uuid.UUID) -> asyncpg.Record | None:
    """The provider activated from a case, locked, with its case."""
    return await conn.fetchrow(
        """SELECT p.*, c.application_id, c.reference, c.status_url, c.language, c.applicant_email, c.director_name,
                  c.id AS case_id, c.lpse AS case_lpse
           FROM providers p JOIN cases c ON c.id = p.case_id WHERE p.case_id = $1 FOR UPDATE OF p""",
        case_id,
    )


async def provider_by_user_id(conn: asyncpg.Connection, user_id: str) -> asyncpg.Record | None:
    """A provider by user ID (case-insensitive), locked, with its case."""
    return await conn.fetchrow(
        """SELECT p.*, c.application_id, c.reference, c.status_url, c.language, c.applicant_email, c.director_name,
                  c.id AS case_id, c.lpse AS case_lpse
           FROM providers p JOIN cases c ON c.id = p.case_id WHERE upper(p.user_id) = upper($1) FOR UPDATE OF p""",
        user_id,
    )


async def provider_by_request(conn: asyncpg.Connection, request_ref: str) -> asyncpg.Record | None:
    """The provider whose ADP request this is, locked, with its case."""
    return await conn.fetchrow(
        """SELECT p.*, c.application_id, c.reference, c.status_url, c.language, c.applicant_email, c.director_name,
                  c.id AS case_id, c.lpse AS case_lpse
           FROM providers p JOIN cases c ON c.id = p.case_id WHERE p.aggregation_ref = $1 FOR UPDATE OF p""",
        request_ref,
    )


async def save_aggregation(
    conn: asyncpg.Connection,
    provider_id: uuid.UUID,
    status: str,
    *,
    ref: str | None,
    reason: str | None,
    lkpp_ref: str | None,
    at: datetime | None,
) -> None:
    """Record where the provider stands in the aggregation."""
    await conn.execute(
        """UPDATE providers SET aggregation_status = $2, aggregation_ref = COALESCE($3, aggregation_ref),
                                aggregation_reason = $4, lkpp_ref = COALESCE($5, lkpp_ref),
                                aggregated_at = COALESCE($6, aggregated_at)
           WHERE id = $1""",
        provider_id,
        status,
        ref,
        reason,
        lkpp_ref,
        at,
    )


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
