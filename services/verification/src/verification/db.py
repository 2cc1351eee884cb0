"""All of verification's SQL."""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import asyncpg

from contracts.lpse import VerificationMode
from contracts.registration import ApplicationSubmittedV1
from lpse_runtime.worktime import ClockState
from verification.domain import OPENING_STATUS, Case, CaseStatus, ChecklistItem, ItemResult


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
    )


async def lock_case(conn: asyncpg.Connection, case_id: uuid.UUID) -> asyncpg.Record | None:
    """Load a case for update."""
    return await conn.fetchrow("SELECT * FROM cases WHERE id = $1 FOR UPDATE", case_id)


async def get_case(conn: asyncpg.Connection, case_id: uuid.UUID) -> asyncpg.Record | None:
    """Load a case."""
    return await conn.fetchrow("SELECT * FROM cases WHERE id = $1", case_id)


async def save_case(
    conn: asyncpg.Connection,
    case_id: uuid.UUID,
    status: CaseStatus,
    assignee: str | None,
    lease_until: datetime | None,
    now: datetime,
) -> None:
    """Save the decided status, holder and lease."""
    await conn.execute(
        "UPDATE cases SET status = $2, assignee = $3, lease_until = $4, updated_at = $5 WHERE id = $1",
        case_id,
        status.value,
        assignee,
        lease_until,
        now,
    )


async def user_id_taken(conn: asyncpg.Connection, user_id: str) -> bool:
    """Whether any provider in any LPSE already has this user ID."""
    return bool(await conn.fetchval("SELECT 1 FROM providers WHERE upper(user_id) = upper($1)", user_id))


async def insert_provider(
    conn: asyncpg.Connection, *, provider_id: uuid.UUID, user_id: str, case: asyncpg.Record, now: datetime
) -> None:
    """Register the activated provider."""
    await conn.execute(
        """INSERT INTO providers (id, user_id, lpse, case_id, company_name, npwp, nib, email, status, activated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9)""",
        provider_id,
        user_id,
        case["lpse"],
        case["id"],
        case["company_name"],
        case["npwp"],
        case["nib"],
        case["applicant_email"],
        now,
    )


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


# -- clocks ------------------------------------------------------------------------------------------------------


async def insert_clock(conn: asyncpg.Connection, case_id: uuid.UUID, state: ClockState, deadline_text: str) -> None:
    """Store a started clock."""
    await conn.execute(
        """INSERT INTO case_clocks (case_id, name, label, deadline_text, working, status, started_at, due_at,
                                    remaining_seconds)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
        case_id,
        state.name,
        state.label,
        deadline_text,
        state.working,
        state.status,
        state.started_at,
        state.due,
        state.remaining_seconds,
    )


def clock_state(row: asyncpg.Record) -> ClockState:
    """The calculator's view of a stored clock."""
    return ClockState(
        name=row["name"],
        label=row["label"],
        working=row["working"],
        status=row["status"],
        started_at=row["started_at"],
        due=row["due_at"],
        remaining_seconds=row["remaining_seconds"],
        stopped_at=row["stopped_at"],
    )


async def lock_clock(conn: asyncpg.Connection, case_id: uuid.UUID, name: str) -> asyncpg.Record | None:
    """A clock, locked."""
    return await conn.fetchrow("SELECT * FROM case_clocks WHERE case_id = $1 AND name = $2 FOR UPDATE", case_id, name)


async def stop_clocks(conn: asyncpg.Connection, case_id: uuid.UUID, at: datetime) -> None:
    """Stop every clock still counting on a case."""
    await conn.execute(
        "UPDATE case_clocks SET status = 'stopped', stopped_at = $2 WHERE case_id = $1 AND status <> 'stopped'",
        case_id,
        at,
    )


async def mark_breached(conn: asyncpg.Connection, case_id: uuid.UUID, name: str, at: datetime) -> None:
    """Record that a clock's deadline passed."""
    await conn.execute("UPDATE case_clocks SET breached_at = $3 WHERE case_id = $1 AND name = $2", case_id, name, at)


async def clocks_of(conn: asyncpg.Connection, case_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[asyncpg.Record]]:
    """The clocks of several cases, by case."""
    rows = await conn.fetch("SELECT * FROM case_clocks WHERE case_id = ANY($1::uuid[]) ORDER BY name", case_ids)
    result: dict[uuid.UUID, list[asyncpg.Record]] = {}
    for row in rows:
        result.setdefault(row["case_id"], []).append(row)
    return result


async def save_clock(conn: asyncpg.Connection, case_id: uuid.UUID, state: ClockState) -> None:
    """Save a clock after a pause or a resume."""
    await conn.execute(
        """UPDATE case_clocks SET status = $3, due_at = $4, remaining_seconds = $5, stopped_at = $6
           WHERE case_id = $1 AND name = $2""",
        case_id,
        state.name,
        state.status,
        state.due,
        state.remaining_seconds,
        state.stopped_at,
    )


# -- checklist ---------------------------------------------------------------------------------------------------


async def insert_checklist(conn: asyncpg.Connection, case_id: uuid.UUID, items: list[ChecklistItem]) -> None:
    """Store a case's starting checklist."""
    await conn.executemany(
        "INSERT INTO checklist_items (case_id, position, code, name, mandatory) VALUES ($1, $2, $3, $4, $5)",
        [(case_id, i, item.code, item.name, item.mandatory) for i, item in enumerate(items)],
    )


async def checklist(conn: asyncpg.Connection, case_id: uuid.UUID) -> list[ChecklistItem]:
    """A case's checklist, in the standard's order."""
    rows = await conn.fetch("SELECT * FROM checklist_items WHERE case_id = $1 ORDER BY position", case_id)
    return [ChecklistItem(r["code"], r["name"], r["mandatory"], ItemResult(r["result"]), r["note"]) for r in rows]


async def save_item(conn: asyncpg.Connection, case_id: uuid.UUID, item: ChecklistItem, by: str, at: datetime) -> None:
    """Record one finding."""
    await conn.execute(
        """UPDATE checklist_items SET result = $3, note = $4, checked_by = $5, checked_at = $6
           WHERE case_id = $1 AND code = $2""",
        case_id,
        item.code,
        item.result.value,
        item.note,
        by,
        at,
    )


async def verifiers_of(conn: asyncpg.Connection, lpse: str) -> list[asyncpg.Record]:
    """The verifiers of an LPSE (for reassignment), from identity's staff directory."""
    return list(await conn.fetch("SELECT username, name FROM identity.staff_directory($1, 'verifikator')", lpse))


async def set_verified_by(conn: asyncpg.Connection, case_id: uuid.UUID, verifier: str) -> None:
    """Remember who verified the file."""
    await conn.execute("UPDATE cases SET verified_by = $2 WHERE id = $1", case_id, verifier)


async def save_receipt(
    conn: asyncpg.Connection, case_id: uuid.UUID, title: str, filename: str, content: bytes, sha256: str, at: datetime
) -> None:
    """Keep the receipt issued at activation."""
    await conn.execute(
        """INSERT INTO receipts (case_id, title, filename, content, sha256, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)""",
        case_id,
        title,
        filename,
        content,
        sha256,
        at,
    )


async def receipt(conn: asyncpg.Connection, case_id: uuid.UUID) -> asyncpg.Record | None:
    """The receipt of a case, if one was issued."""
    return await conn.fetchrow("SELECT * FROM receipts WHERE case_id = $1", case_id)


async def set_documents(conn: asyncpg.Connection, case_id: uuid.UUID, documents: list[dict[str, object]]) -> None:
    """Remember which documents were uploaded with the application (references only)."""
    await conn.execute("UPDATE cases SET documents = $2::jsonb WHERE id = $1", case_id, json.dumps(documents))


async def lock_case_of_application(conn: asyncpg.Connection, application_id: uuid.UUID) -> asyncpg.Record | None:
    """The case of an application, locked."""
    return await conn.fetchrow("SELECT * FROM cases WHERE application_id = $1 FOR UPDATE", application_id)


async def reset_items(conn: asyncpg.Connection, case_id: uuid.UUID, codes: list[str]) -> None:
    """Documents uploaded again are to be checked again."""
    await conn.execute(
        """UPDATE checklist_items SET result = 'pending', note = '', checked_by = NULL, checked_at = NULL
           WHERE case_id = $1 AND code = ANY($2::text[])""",
        case_id,
        codes,
    )


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
