"""The audit log: every decision appended in the change's own transaction, hash-chained."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.envelope import Actor

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One decision: who, when, on what, before → after, and why."""

    at: datetime
    actor: Actor
    entity: str
    entity_id: str
    action: str
    before: str | None
    after: str | None
    reason: str | None = None

    def digest(self, prev_hash: str) -> str:
        """SHA-256 over the previous hash and this entry's content."""
        body = json.dumps(
            [
                prev_hash,
                self.at.isoformat(),
                self.actor.id,
                self.actor.role,
                self.entity,
                self.entity_id,
                self.action,
                self.before,
                self.after,
                self.reason,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(body.encode()).hexdigest()


async def append(conn: asyncpg.Connection, entry: AuditEntry) -> str:
    """Append an entry in the caller's transaction; returns its hash."""
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.audit_log'))")
    prev = await conn.fetchval("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1") or GENESIS
    digest = entry.digest(prev)
    await conn.execute(
        """INSERT INTO audit_log (at, actor_id, actor_role, entity, entity_id, action, before, after, reason,
                                  prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""",
        entry.at,
        entry.actor.id,
        entry.actor.role,
        entry.entity,
        entry.entity_id,
        entry.action,
        entry.before,
        entry.after,
        entry.reason,
        prev,
        digest,
    )
    return digest


async def verify_chain(conn: asyncpg.Connection) -> int | None:
    """The id of the first row whose hash does not match its content, or None when the chain holds."""
    prev = GENESIS
    for row in await conn.fetch("SELECT * FROM audit_log ORDER BY id"):
        entry = AuditEntry(
            at=row["at"],
            actor=Actor(id=row["actor_id"], role=row["actor_role"]),
            entity=row["entity"],
            entity_id=row["entity_id"],
            action=row["action"],
            before=row["before"],
            after=row["after"],
            reason=row["reason"],
        )
        if row["prev_hash"] != prev or row["hash"] != entry.digest(prev):
            return int(row["id"])
        prev = row["hash"]
    return None
