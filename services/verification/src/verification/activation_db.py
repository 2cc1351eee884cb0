"""The SQL of an activation: a free user ID, the provider it registers and the receipt it issues."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg


async def user_id_taken(conn: asyncpg.Connection, user_id: str) -> bool:
    """Whether any provider in any LPSE already has this user ID."""
    return bool(await conn.fetchval("SELECT 1 FROM providers WHERE upper(user_id) = upper($1)", user_id))


async def insert_provider(
    conn: asyncpg.Connection, *, provider_id: uuid.UUID, user_id: str, case: asyncpg.Record, now: datetime
) -> None:
    """Register the activated provider."""
    await conn.execute(
        """INSERT INTO providers (id, user_id, lpse, case_id, company_name, npwp, nib, email, status, activated_at,
                                  provider_type, director_name)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'active', $9, $10, $11)""",
        provider_id,
        user_id,
        case["lpse"],
        case["id"],
        case["company_name"],
        case["npwp"],
        case["nib"],
        case["applicant_email"],
        now,
        case["provider_type"],
        case["director_name"],
    )


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
