"""The SQL of agregasi: a provider account with the case it came from, and where it stands in the aggregation."""

from __future__ import annotations

import uuid

import asyncpg

from verification.agregasi import Aggregation, AggregationStatus, ProviderAccount

WITH_CASE = """SELECT p.*, c.application_id, c.reference, c.status_url, c.language, c.applicant_email, c.director_name,
                      c.lpse AS case_lpse
               FROM providers p JOIN cases c ON c.id = p.case_id"""


def to_account(row: asyncpg.Record) -> ProviderAccount:
    """The domain's view of a provider row joined with its case."""
    return ProviderAccount(
        provider_id=row["id"],
        user_id=row["user_id"],
        lpse=row["case_lpse"],
        status=AggregationStatus(row["aggregation_status"]),
        company_name=row["company_name"],
        npwp=row["npwp"],
        nib=row["nib"],
        email=row["email"],
        case_id=row["case_id"],
        application_id=row["application_id"],
        reference=row["reference"],
        applicant_email=row["applicant_email"],
        status_url=row["status_url"],
        language="en" if row["language"] == "en" else "id",
        director_name=row["director_name"],
    )


async def _locked(conn: asyncpg.Connection, where: str, value: object) -> ProviderAccount | None:
    row = await conn.fetchrow(f"{WITH_CASE} WHERE {where} FOR UPDATE OF p", value)
    return None if row is None else to_account(row)


async def account_of_case(conn: asyncpg.Connection, case_id: uuid.UUID) -> ProviderAccount | None:
    """The provider activated from a case, locked."""
    return await _locked(conn, "p.case_id = $1", case_id)


async def account_by_request(conn: asyncpg.Connection, request_ref: str) -> ProviderAccount | None:
    """The provider whose ADP request this is, locked."""
    return await _locked(conn, "p.aggregation_ref = $1", request_ref)


async def account_by_id(conn: asyncpg.Connection, provider_id: uuid.UUID) -> ProviderAccount | None:
    """A provider by its id, locked."""
    return await _locked(conn, "p.id = $1", provider_id)


async def lpse_of_account(conn: asyncpg.Connection, case_id: uuid.UUID) -> str | None:
    """The LPSE of the case a provider account was activated from (None before activation)."""
    lpse: str | None = await conn.fetchval(
        "SELECT c.lpse FROM providers p JOIN cases c ON c.id = p.case_id WHERE p.case_id = $1", case_id
    )
    return lpse


async def account_signing_in(conn: asyncpg.Connection, user_id: str) -> tuple[ProviderAccount, str | None] | None:
    """A provider by user ID (case-insensitive), with its password hash (None until a password was set)."""
    row = await conn.fetchrow(f"{WITH_CASE} WHERE upper(p.user_id) = upper($1)", user_id)
    return None if row is None else (to_account(row), row["password_hash"])


async def save_aggregation(conn: asyncpg.Connection, state: Aggregation) -> None:
    """Record where the provider stands in the aggregation."""
    await conn.execute(
        """UPDATE providers SET aggregation_status = $2, aggregation_ref = COALESCE($3, aggregation_ref),
                                aggregation_reason = $4, lkpp_ref = COALESCE($5, lkpp_ref),
                                aggregated_at = COALESCE($6, aggregated_at)
           WHERE id = $1""",
        state.provider_id,
        state.status.value,
        state.request_ref,
        state.reason,
        state.lkpp_ref,
        state.aggregated_at,
    )
