"""The SQL of the verifiers' desk: requests, the accounts they change, the account's history, the request clocks."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import asyncpg

from lpse_runtime.worktime import ClockState
from verification.account_requests.apply import HistoryEntry
from verification.account_requests.desk import Account, AccountRequest
from verification.account_requests.domain import OPEN, RequestStatus

OPEN_STATUSES = [s.value for s in OPEN]
ACCOUNT = """SELECT p.*, c.language AS case_language FROM providers p JOIN cases c ON c.id = p.case_id"""
# The columns an approval may set on an account (never the user ID).
ACCOUNT_COLUMNS = frozenset(
    {
        "email",
        "npwp",
        "provider_type",
        "company_name",
        "address",
        "phone",
        "pkp_number",
        "director_name",
        "status",
        "deactivated_at",
        "deactivated_by",
        "deactivation_reason",
    }
)


def _json(value: Any, default: Any) -> Any:
    if value is None:
        return default
    return json.loads(value) if isinstance(value, str) else value


def returned_item(raw: Any) -> dict[str, str]:
    """A returned document as stored: an object with code, name and note (a bare code read as such)."""
    if isinstance(raw, dict):
        code = str(raw.get("code", ""))
        return {"code": code, "name": str(raw.get("name") or code), "note": str(raw.get("note", ""))}
    return {"code": str(raw), "name": str(raw), "note": ""}


def to_request(row: asyncpg.Record) -> AccountRequest:
    """The desk's view of a stored request."""
    return AccountRequest(
        request_id=row["id"],
        reference=row["reference"],
        provider_id=row["provider_id"],
        lpse=row["lpse"],
        kind=row["kind"],
        service_id=row["service_id"],
        channel=row["channel"],
        status=RequestStatus(row["status"]),
        changes={str(k): str(v) for k, v in _json(row["changes"], {}).items()},
        reason=row["reason"],
        by_proxy=row["by_proxy"],
        documents=tuple(_json(row["documents"], [])),
        checklist=_json(row["checklist"], {}),
        returned_items=tuple(returned_item(i) for i in _json(row["returned_items"], [])),
        decision_reason=row["decision_reason"],
        assignee=row["assignee"],
        lease_until=row["lease_until"],
        filed_at=row["filed_at"],
        checked_in_at=row["checked_in_at"],
        handed_over_at=row["handed_over_at"],
        decided_at=row["decided_at"],
        decided_by=row["decided_by"],
        lkpp_request_ref=row["lkpp_request_ref"],
        updated_at=row["updated_at"],
    )


def to_account(row: asyncpg.Record) -> Account:
    """The desk's view of a provider account."""
    return Account(
        provider_id=row["id"],
        user_id=row["user_id"],
        lpse=row["lpse"],
        company_name=row["company_name"],
        email=row["email"],
        director_name=row["director_name"],
        language="en" if row["case_language"] == "en" else "id",
        provider_type=row["provider_type"],
        npwp=row["npwp"],
        address=row["address"],
        phone=row["phone"],
        pkp_number=row["pkp_number"],
        status=row["status"],
        aggregation_status=row["aggregation_status"],
        deactivated_at=row["deactivated_at"],
        deactivated_by=row["deactivated_by"],
    )


async def lock_request(conn: asyncpg.Connection, request_id: uuid.UUID) -> asyncpg.Record | None:
    """A request, locked for one step."""
    return await conn.fetchrow("SELECT * FROM account_requests WHERE id = $1 FOR UPDATE", request_id)


async def get_request(conn: asyncpg.Connection, request_id: uuid.UUID) -> asyncpg.Record | None:
    """A request, to read."""
    return await conn.fetchrow("SELECT * FROM account_requests WHERE id = $1", request_id)


async def open_request_of(conn: asyncpg.Connection, provider_id: uuid.UUID, status: str) -> asyncpg.Record | None:
    """The account's request in one status, locked (agregasi waiting for LKPP)."""
    return await conn.fetchrow(
        "SELECT * FROM account_requests WHERE provider_id = $1 AND status = $2 FOR UPDATE", provider_id, status
    )


async def any_open_request(conn: asyncpg.Connection, provider_id: uuid.UUID) -> asyncpg.Record | None:
    """The account's open request, if any (one at a time)."""
    return await conn.fetchrow(
        "SELECT * FROM account_requests WHERE provider_id = $1 AND status = ANY($2::text[])",
        provider_id,
        OPEN_STATUSES,
    )


async def lock_account(conn: asyncpg.Connection, provider_id: uuid.UUID) -> Account | None:
    """A provider account, locked."""
    row = await conn.fetchrow(f"{ACCOUNT} WHERE p.id = $1 FOR UPDATE OF p", provider_id)
    return None if row is None else to_account(row)


async def account_row(conn: asyncpg.Connection, provider_id: uuid.UUID) -> asyncpg.Record | None:
    """A provider account with every column, to show."""
    return await conn.fetchrow(f"{ACCOUNT} WHERE p.id = $1", provider_id)


async def save_request(conn: asyncpg.Connection, r: AccountRequest) -> None:
    """Store where a request stands after a step."""
    await conn.execute(
        """UPDATE account_requests SET status = $2, checklist = $3::jsonb, returned_items = $4::jsonb,
                  decision_reason = $5, assignee = $6, lease_until = $7, checked_in_at = $8, handed_over_at = $9,
                  decided_at = $10, decided_by = $11, lkpp_request_ref = $12, updated_at = $13
           WHERE id = $1""",
        r.request_id,
        r.status.value,
        json.dumps(dict(r.checklist)),
        json.dumps([dict(i) for i in r.returned_items]),
        r.decision_reason,
        r.assignee,
        r.lease_until,
        r.checked_in_at,
        r.handed_over_at,
        r.decided_at,
        r.decided_by,
        r.lkpp_request_ref,
        r.updated_at,
    )


async def insert_request(conn: asyncpg.Connection, r: AccountRequest) -> None:
    """Store a new request (a reactivation recorded at the counter)."""
    await conn.execute(
        """INSERT INTO account_requests (id, reference, provider_id, lpse, kind, service_id, channel, status, changes,
                  reason, by_proxy, documents, checklist, returned_items, filed_at, checked_in_at, handed_over_at,
                  updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12::jsonb, '{}'::jsonb, '[]'::jsonb,
                   $13, $14, $15, $16)""",
        r.request_id,
        r.reference,
        r.provider_id,
        r.lpse,
        r.kind,
        r.service_id,
        r.channel,
        r.status.value,
        json.dumps(dict(r.changes)),
        r.reason,
        r.by_proxy,
        json.dumps(list(r.documents)),
        r.filed_at,
        r.checked_in_at,
        r.handed_over_at,
        r.updated_at,
    )


async def update_account(conn: asyncpg.Connection, provider_id: uuid.UUID, updates: Mapping[str, Any]) -> None:
    """Set the account's columns an approval changes (only those named in ACCOUNT_COLUMNS)."""
    columns = [c for c in updates if c in ACCOUNT_COLUMNS]
    assert len(columns) == len(updates), f"not an account column: {set(updates) - ACCOUNT_COLUMNS}"
    if not columns:
        return
    sets = ", ".join(f"{c} = ${i + 2}" for i, c in enumerate(columns))
    await conn.execute(f"UPDATE providers SET {sets} WHERE id = $1", provider_id, *[updates[c] for c in columns])


async def append_history(
    conn: asyncpg.Connection,
    provider_id: uuid.UUID,
    entries: Sequence[HistoryEntry],
    at: datetime,
    request_id: uuid.UUID | None,
) -> None:
    """Append rows to the account's history."""
    for e in entries:
        await conn.execute(
            """INSERT INTO account_history (provider_id, at, what, detail, actor, request_id)
               VALUES ($1, $2, $3, $4, $5, $6)""",
            provider_id,
            at,
            e.what,
            e.detail,
            e.actor,
            request_id,
        )


async def forget_findings(conn: asyncpg.Connection, request_id: uuid.UUID, codes: Sequence[str]) -> None:
    """The documents uploaded again are checked afresh: their findings are dropped."""
    await conn.execute(
        "UPDATE account_requests SET checklist = checklist - $2::text[] WHERE id = $1", request_id, list(codes)
    )


async def npwp_holder(conn: asyncpg.Connection, npwp: str, provider_id: uuid.UUID, request_id: uuid.UUID) -> str | None:
    """The LPSE (code) where a NPWP is already held by another account, an open registration case or another open
    request, in every LPSE; None when it is free."""
    lpse: str | None = await conn.fetchval(
        """SELECT lpse FROM providers WHERE npwp = $1 AND id <> $2
           UNION ALL
           SELECT lpse FROM cases WHERE npwp = $1 AND status NOT IN ('activated', 'rejected')
           UNION ALL
           SELECT lpse FROM account_requests
           WHERE kind = 'npwp' AND id <> $3 AND status = ANY($4::text[])
             AND (changes ->> 'npwp' = $1 OR changes ->> 'new_npwp' = $1)
           LIMIT 1""",
        npwp,
        provider_id,
        request_id,
        OPEN_STATUSES,
    )
    return lpse


async def email_taken(conn: asyncpg.Connection, email: str, provider_id: uuid.UUID) -> bool:
    """Whether another account already uses the address."""
    return bool(
        await conn.fetchval(
            "SELECT count(*) > 0 FROM providers WHERE lower(email) = lower($1) AND id <> $2", email, provider_id
        )
    )


async def history_of(conn: asyncpg.Connection, provider_id: uuid.UUID, limit: int = 100) -> list[asyncpg.Record]:
    """The account's history, newest first."""
    return list(
        await conn.fetch(
            "SELECT * FROM account_history WHERE provider_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
            provider_id,
            limit,
        )
    )


async def requests_of(conn: asyncpg.Connection, provider_id: uuid.UUID) -> list[asyncpg.Record]:
    """The account's requests, newest first."""
    return list(
        await conn.fetch(
            "SELECT * FROM account_requests WHERE provider_id = $1 ORDER BY filed_at DESC LIMIT 100", provider_id
        )
    )


async def audit_of(conn: asyncpg.Connection, request_id: uuid.UUID) -> list[asyncpg.Record]:
    """The request's audit rows, oldest first."""
    return list(
        await conn.fetch(
            """SELECT at, actor_id, action, before, after, reason FROM audit_log
               WHERE entity = 'account_request' AND entity_id = $1 ORDER BY id""",
            str(request_id),
        )
    )


async def queue(conn: asyncpg.Connection, lpse: str, status: str | None, limit: int = 200) -> list[asyncpg.Record]:
    """The LPSE's open requests (or those of one status), nearest running deadline first, then the oldest."""
    statuses = [status] if status else OPEN_STATUSES
    return list(
        await conn.fetch(
            """SELECT r.*, p.company_name, p.user_id,
                      (SELECT min(k.due_at) FROM account_request_clocks k
                       WHERE k.request_id = r.id AND k.status = 'running') AS next_due
               FROM account_requests r JOIN providers p ON p.id = r.provider_id
               WHERE r.lpse = $1 AND r.status = ANY($2::text[])
               ORDER BY next_due ASC NULLS LAST, r.filed_at ASC, r.id
               LIMIT $3""",
            lpse,
            statuses,
            limit,
        )
    )


async def lpse_of_provider(conn: asyncpg.Connection, provider_id: uuid.UUID) -> str | None:
    """The LPSE that holds an account."""
    lpse: str | None = await conn.fetchval("SELECT lpse FROM providers WHERE id = $1", provider_id)
    return lpse


# --- the request clocks --------------------------------------------------------------------------------------------


async def insert_clock(conn: asyncpg.Connection, request_id: uuid.UUID, state: ClockState, text: str) -> None:
    """Store a started clock."""
    await conn.execute(
        """INSERT INTO account_request_clocks (request_id, name, label, deadline_text, working, status, started_at,
                                               due_at, remaining_seconds)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
        request_id,
        state.name,
        state.label,
        text,
        state.working,
        state.status,
        state.started_at,
        state.due,
        state.remaining_seconds,
    )


async def clocks_of(conn: asyncpg.Connection, request_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[asyncpg.Record]]:
    """The clocks of several requests, by request."""
    rows = await conn.fetch(
        "SELECT * FROM account_request_clocks WHERE request_id = ANY($1::uuid[]) ORDER BY name", request_ids
    )
    result: dict[uuid.UUID, list[asyncpg.Record]] = {}
    for row in rows:
        result.setdefault(row["request_id"], []).append(row)
    return result


async def save_clock(conn: asyncpg.Connection, request_id: uuid.UUID, state: ClockState) -> None:
    """Save a clock after a pause or a resume."""
    await conn.execute(
        """UPDATE account_request_clocks SET status = $3, due_at = $4, remaining_seconds = $5, stopped_at = $6
           WHERE request_id = $1 AND name = $2""",
        request_id,
        state.name,
        state.status,
        state.due,
        state.remaining_seconds,
        state.stopped_at,
    )


async def stop_clocks(conn: asyncpg.Connection, request_id: uuid.UUID, at: datetime) -> None:
    """Stop every clock of a request still counting."""
    await conn.execute(
        """UPDATE account_request_clocks SET status = 'stopped', stopped_at = $2
           WHERE request_id = $1 AND status <> 'stopped'""",
        request_id,
        at,
    )


async def lock_clock(conn: asyncpg.Connection, request_id: uuid.UUID, name: str) -> asyncpg.Record | None:
    """A clock, locked."""
    return await conn.fetchrow(
        "SELECT * FROM account_request_clocks WHERE request_id = $1 AND name = $2 FOR UPDATE", request_id, name
    )


async def mark_breached(conn: asyncpg.Connection, request_id: uuid.UUID, name: str, at: datetime) -> None:
    """Record that a clock's deadline passed."""
    await conn.execute(
        "UPDATE account_request_clocks SET breached_at = $3 WHERE request_id = $1 AND name = $2", request_id, name, at
    )
