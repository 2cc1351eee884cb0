"""The SQL of filing a request: the account it is about, the registry's duplicates, the request, its proof and
the account's history."""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping

import asyncpg

from contracts.provider_account import ProviderRequestKind
from verification.account_requests.domain import OPEN, RequestStatus
from verification.account_requests.filing import (
    Account,
    AccountRequest,
    EmailProof,
    HistoryEntry,
    RequestChange,
    ReturnedItem,
    StoredDocument,
)
from verification.agregasi import AggregationStatus
from verification.domain import CLOSED_STATUSES

OPEN_STATUSES = [s.value for s in OPEN]
CLOSED_CASES = [s.value for s in CLOSED_STATUSES]
ONE_OPEN_INDEX = "account_requests_one_open"


def _account(row: asyncpg.Record) -> Account:
    return Account(
        provider_id=row["id"],
        user_id=row["user_id"],
        lpse=row["lpse"],
        company_name=row["company_name"],
        npwp=row["npwp"],
        email=row["email"],
        provider_type=row["provider_type"],
        director_name=row["director_name"] or "",
        address=row["address"],
        phone=row["phone"],
        pkp_number=row["pkp_number"],
        aggregation_status=AggregationStatus(row["aggregation_status"]),
        language="en" if row["language"] == "en" else "id",
    )


async def account(conn: asyncpg.Connection, provider_id: uuid.UUID, *, lock: bool = False) -> Account | None:
    """A provider account (locked for the step that changes its requests)."""
    row = await conn.fetchrow(
        f"""SELECT p.*, c.language FROM providers p JOIN cases c ON c.id = p.case_id
            WHERE p.id = $1 {"FOR UPDATE OF p" if lock else ""}""",
        provider_id,
    )
    return None if row is None else _account(row)


async def open_request(conn: asyncpg.Connection, provider_id: uuid.UUID) -> tuple[str, ProviderRequestKind] | None:
    """The account's open request (reference, kind), if any."""
    row = await conn.fetchrow(
        "SELECT reference, kind FROM account_requests WHERE provider_id = $1 AND status = ANY($2::text[])",
        provider_id,
        OPEN_STATUSES,
    )
    return None if row is None else (row["reference"], row["kind"])


async def npwp_holder(conn: asyncpg.Connection, npwp: str) -> str | None:
    """The LPSE where this NPWP is registered, under verification or asked by an open request (any LPSE)."""
    lpse: str | None = await conn.fetchval(
        """SELECT lpse FROM providers WHERE npwp = $1
           UNION ALL SELECT lpse FROM cases WHERE npwp = $1 AND status <> ALL($2::text[])
           UNION ALL SELECT lpse FROM account_requests
                     WHERE kind = 'npwp' AND changes->>'npwp' = $1 AND status = ANY($3::text[])
           LIMIT 1""",
        npwp,
        CLOSED_CASES,
        OPEN_STATUSES,
    )
    return lpse


async def email_in_use(conn: asyncpg.Connection, email: str, provider_id: uuid.UUID) -> bool:
    """Whether another account, an open registration case or an open email change holds this address."""
    used: bool = await conn.fetchval(
        """SELECT EXISTS (SELECT 1 FROM providers WHERE lower(email) = lower($1) AND id <> $2)
               OR EXISTS (SELECT 1 FROM cases WHERE lower(applicant_email) = lower($1) AND status <> ALL($3::text[]))
               OR EXISTS (SELECT 1 FROM account_requests WHERE kind = 'email'
                          AND lower(changes->>'email') = lower($1) AND status = ANY($4::text[]))""",
        email,
        provider_id,
        CLOSED_CASES,
        OPEN_STATUSES,
    )
    return used


async def lock_value(conn: asyncpg.Connection, what: str, value: str) -> None:
    """Serialise filings asking the same NPWP or address, until the transaction ends."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"account_requests:{what}:{value.lower()}")


def _request(row: asyncpg.Record) -> AccountRequest:
    return AccountRequest(
        id=row["id"],
        reference=row["reference"],
        provider_id=row["provider_id"],
        lpse=row["lpse"],
        kind=row["kind"],
        service_id=row["service_id"],
        channel=row["channel"],
        status=RequestStatus(row["status"]),
        changes={str(k): str(v) for k, v in json.loads(row["changes"]).items()},
        reason=row["reason"],
        by_proxy=row["by_proxy"],
        documents=tuple(StoredDocument.of(d) for d in json.loads(row["documents"])),
        returned_items=tuple(ReturnedItem.of(i) for i in json.loads(row["returned_items"])),
        filed_at=row["filed_at"],
        updated_at=row["updated_at"],
        decision_reason=row["decision_reason"],
        checked_in_at=row["checked_in_at"],
        handed_over_at=row["handed_over_at"],
        decided_at=row["decided_at"],
    )


async def request_by_reference(
    conn: asyncpg.Connection, reference: str, *, lock: bool = False
) -> AccountRequest | None:
    """A request by its reference (locked for a step)."""
    row = await conn.fetchrow(
        f"SELECT * FROM account_requests WHERE reference = $1 {'FOR UPDATE' if lock else ''}", reference
    )
    return None if row is None else _request(row)


async def request_by_id(
    conn: asyncpg.Connection, request_id: uuid.UUID, *, lock: bool = False
) -> AccountRequest | None:
    """A request by its id (locked for a step)."""
    row = await conn.fetchrow(
        f"SELECT * FROM account_requests WHERE id = $1 {'FOR UPDATE' if lock else ''}", request_id
    )
    return None if row is None else _request(row)


async def proof_by_hash(conn: asyncpg.Connection, token_hash: str, *, lock: bool = False) -> EmailProof | None:
    """An email proof by its token's digest."""
    row = await conn.fetchrow(
        f"SELECT * FROM email_proofs WHERE token_hash = $1 {'FOR UPDATE' if lock else ''}", token_hash
    )
    if row is None:
        return None
    return EmailProof(row["token_hash"], row["request_id"], row["new_email"], row["expires_at"], row["proven_at"])


async def history_of_request(conn: asyncpg.Connection, request_id: uuid.UUID) -> list[asyncpg.Record]:
    """The history lines of one request, oldest first."""
    return list(
        await conn.fetch(
            "SELECT at, what, detail, actor FROM account_history WHERE request_id = $1 ORDER BY at, id", request_id
        )
    )


def _documents_json(documents: tuple[StoredDocument, ...]) -> str:
    return json.dumps([d.to_json() for d in documents])


def _changes_json(changes: Mapping[str, str]) -> str:
    return json.dumps(dict(changes), ensure_ascii=False)


async def save_change(conn: asyncpg.Connection, change: RequestChange) -> None:
    """Store a step: the request (inserted when new), its history lines, its email proof."""
    r = change.request
    if change.new:
        await conn.execute(
            """INSERT INTO account_requests (id, reference, provider_id, lpse, kind, service_id, channel, status,
                                             changes, reason, by_proxy, documents, filed_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12::jsonb, $13, $13)""",
            r.id,
            r.reference,
            r.provider_id,
            r.lpse,
            r.kind,
            r.service_id,
            r.channel,
            r.status.value,
            _changes_json(r.changes),
            r.reason,
            r.by_proxy,
            _documents_json(r.documents),
            r.filed_at,
        )
    else:
        await conn.execute(
            """UPDATE account_requests SET status = $2, documents = $3::jsonb, updated_at = $4 WHERE id = $1""",
            r.id,
            r.status.value,
            _documents_json(r.documents),
            r.updated_at,
        )
    for line in change.history:
        await insert_history(conn, line)
    if change.proof is not None:
        await save_proof(conn, change.proof)


async def insert_history(conn: asyncpg.Connection, line: HistoryEntry) -> None:
    """Append one line to the account's history."""
    await conn.execute(
        """INSERT INTO account_history (provider_id, at, what, detail, actor, request_id)
           VALUES ($1, $2, $3, $4, $5, $6)""",
        line.provider_id,
        line.at,
        line.what,
        line.detail,
        line.actor,
        line.request_id,
    )


async def save_proof(conn: asyncpg.Connection, proof: EmailProof) -> None:
    """Keep a new proof, or mark one proven."""
    await conn.execute(
        """INSERT INTO email_proofs (token_hash, request_id, new_email, expires_at, proven_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (token_hash) DO UPDATE SET proven_at = EXCLUDED.proven_at""",
        proof.token_hash,
        proof.request_id,
        proof.new_email,
        proof.expires_at,
        proof.proven_at,
    )
