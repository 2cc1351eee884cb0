"""The SQL of the provider's own account pages: one-time password links and the forgotten-password request log."""

from __future__ import annotations

from datetime import datetime

import asyncpg

from contracts.envelope import Language
from verification.accounts import NewPassword, PasswordLink
from verification.recovery import ResetAccount, ResetRequest


async def account_for_reset(conn: asyncpg.Connection, identifier: str) -> ResetAccount | None:
    """The active provider whose user ID or registered email this is, with whom and in which language to write."""
    row = await conn.fetchrow(
        """SELECT p.id, p.user_id, p.email, p.lpse, c.director_name, c.language
           FROM providers p JOIN cases c ON c.id = p.case_id
           WHERE p.status = 'active' AND (lower(p.user_id) = $1 OR lower(p.email) = $1)
           ORDER BY p.activated_at DESC LIMIT 1""",
        identifier,
    )
    if row is None:
        return None
    language: Language = "en" if row["language"] == "en" else "id"
    return ResetAccount(row["id"], row["user_id"], row["email"], row["lpse"], row["director_name"], language)


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


async def save_reset_request(conn: asyncpg.Connection, request: ResetRequest) -> None:
    """Count one request, found or not, and store the link it issued (its token's digest only)."""
    await conn.execute(
        "INSERT INTO password_reset_requests (at, account_key, client_key, sent) VALUES ($1, $2, $3, $4)",
        request.at,
        request.account_key,
        request.client_key,
        request.link is not None,
    )
    if request.link is not None:
        await conn.execute(
            "INSERT INTO password_tokens (token_hash, provider_id, expires_at, purpose) VALUES ($1, $2, $3, $4)",
            request.link.token_hash,
            request.link.provider_id,
            request.link.expires_at,
            request.link.purpose,
        )


async def lock_password_link(conn: asyncpg.Connection, token_hash: str) -> PasswordLink | None:
    """A set-password link with its account's user ID, locked."""
    row = await conn.fetchrow(
        """SELECT t.*, p.user_id FROM password_tokens t JOIN providers p ON p.id = t.provider_id
           WHERE t.token_hash = $1 FOR UPDATE OF t""",
        token_hash,
    )
    if row is None:
        return None
    return PasswordLink(
        row["token_hash"], row["provider_id"], row["user_id"], row["purpose"], row["expires_at"], row["used_at"]
    )


async def save_password(conn: asyncpg.Connection, new: NewPassword) -> None:
    """Store the password hash and spend the link, and any other link still open for the account."""
    await conn.execute("UPDATE providers SET password_hash = $2 WHERE id = $1", new.provider_id, new.password_hash)
    await conn.execute("UPDATE password_tokens SET used_at = $2 WHERE token_hash = $1", new.token_hash, new.at)
    await conn.execute(
        "UPDATE password_tokens SET used_at = $2 WHERE provider_id = $1 AND used_at IS NULL", new.provider_id, new.at
    )
