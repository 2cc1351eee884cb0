"""The audit chain's head anchored on the bus: a rewrite of the table, hashes and all, no longer matches it."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from contracts.audit import PLATFORM, AuditHeadAnchoredV1, anchor_subject
from contracts.envelope import Actor
from lpse_runtime.clock import Clock
from lpse_runtime.outbox import enqueue

log = logging.getLogger(__name__)

ANCHOR_STREAM = "AUDIT"
# Fixed so that the same head anchored twice carries the same event id (JetStream drops the second copy).
ANCHOR_NAMESPACE = uuid.UUID("6f1d2c64-3b0e-5a7e-9d41-8a0c2f7b5e13")


@dataclass(frozen=True)
class Anchor:
    """One published head: the chain held `rows` rows, the last `last_id` with hash `last_hash`."""

    last_id: int
    last_hash: str
    rows: int
    at: datetime


@dataclass(frozen=True)
class Rewrite:
    """The first anchor the table no longer matches, and the last one it still does (0 when none)."""

    anchor: Anchor
    found_hash: str | None
    found_rows: int
    held_up_to: int


@dataclass(frozen=True)
class AnchorCheck:
    """A table compared with every anchor of its chain."""

    table: str
    anchors: int
    latest: Anchor | None
    rewrite: Rewrite | None

    @property
    def holds(self) -> bool:
        """The table still has every anchored head (no anchor yet also holds: nothing to contradict)."""
        return self.rewrite is None

    def describe(self) -> str:
        """One line for an operator."""
        if self.rewrite is not None:
            r = self.rewrite
            found = f"hash {r.found_hash}" if r.found_hash else "baris itu tidak ada"
            return (
                f"{self.table}: ditulis ulang setelah jangkar pada id {r.anchor.last_id}: jangkar mencatat hash "
                f"{r.anchor.last_hash} ({r.anchor.rows} baris), tabel kini {found} ({r.found_rows} baris); "
                f"perubahan di antara baris id {r.held_up_to + 1} dan {r.anchor.last_id}"
            )
        if self.latest is None:
            return f"{self.table}: belum ada jangkar di bus"
        return f"{self.table}: cocok dengan {self.anchors} jangkar, terakhir pada id {self.latest.last_id}"


def first_rewrite(anchors: Sequence[Anchor], table: Mapping[int, tuple[str | None, int]]) -> Rewrite | None:
    """The earliest anchor (by id) whose row and row count the table no longer has; `table`: id → (hash, rows ≤ id)."""
    held = 0
    for anchor in sorted(anchors, key=lambda a: (a.last_id, a.at)):
        found_hash, found_rows = table.get(anchor.last_id, (None, 0))
        if found_hash != anchor.last_hash or found_rows != anchor.rows:
            return Rewrite(anchor, found_hash, found_rows, held)
        held = anchor.last_id
    return None


def head_event(schema: str, last_id: int, last_hash: str, rows: int, at: datetime) -> AuditHeadAnchoredV1:
    """The fact that anchors this head."""
    return AuditHeadAnchoredV1(
        event_id=uuid.uuid5(ANCHOR_NAMESPACE, f"{schema}:{last_id}:{last_hash}"),
        occurred_at=at,
        lpse=PLATFORM,
        correlation_id=uuid.uuid5(ANCHOR_NAMESPACE, schema),
        actor=Actor.system("audit-anchor"),
        audit_schema=schema,
        last_id=last_id,
        last_hash=last_hash,
        rows=rows,
    )


async def anchor_head(conn: asyncpg.Connection, schema: str, at: datetime) -> AuditHeadAnchoredV1 | None:
    """Enqueue the chain's current head in the outbox (None for an empty chain or a head already waiting there)."""
    async with conn.transaction():
        # The same lock as an append: the head read here is not overtaken while it is counted.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.audit_log'))")
        head = await conn.fetchrow(
            "SELECT id, hash, (SELECT count(*) FROM audit_log) AS rows FROM audit_log ORDER BY id DESC LIMIT 1"
        )
        if head is None:
            return None
        event = head_event(schema, int(head["id"]), str(head["hash"]), int(head["rows"]), at)
        if await conn.fetchval("SELECT 1 FROM outbox WHERE event_id = $1", event.event_id):
            return None
        await enqueue(conn, event)
        return event


async def anchor_loop(pool: asyncpg.Pool, schema: str, clock: Clock, every_seconds: float) -> None:
    """Anchor the head every period when it moved since this process last anchored it."""
    last: tuple[int, str] | None = None
    while True:
        try:
            async with pool.acquire() as conn:
                head = await conn.fetchrow("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
                if head is not None and (int(head["id"]), str(head["hash"])) != last:
                    event = await anchor_head(conn, schema, clock.now())
                    if event is not None:
                        last = (event.last_id, event.last_hash)
        except (OSError, asyncpg.PostgresError) as exc:
            log.warning("audit anchor for %s not written: %s", schema, type(exc).__name__)
        await asyncio.sleep(every_seconds)


async def anchors_on_bus(js: JetStreamContext, schema: str) -> list[Anchor]:
    """Every head of this schema's chain kept in the anchor stream, oldest first."""
    subject, seq = anchor_subject(schema), 1
    found: list[Anchor] = []
    while True:
        try:
            raw = await js.get_msg(ANCHOR_STREAM, seq, subject=subject, next=True)
        except NotFoundError:
            return found
        event = AuditHeadAnchoredV1.model_validate_json(raw.data or b"")
        found.append(Anchor(event.last_id, event.last_hash, event.rows, event.occurred_at))
        seq = int(raw.seq or seq) + 1


async def table_at(conn: asyncpg.Connection, table: str, ids: list[int]) -> dict[int, tuple[str | None, int]]:
    """For each anchored id: the hash the table now holds there and how many rows it has up to it."""
    rows = await conn.fetch(
        f"""SELECT a.id, l.hash, (SELECT count(*) FROM {table} c WHERE c.id <= a.id) AS upto
              FROM unnest($1::bigint[]) AS a(id) LEFT JOIN {table} l ON l.id = a.id""",
        ids,
    )
    return {int(r["id"]): (r["hash"], int(r["upto"])) for r in rows}


async def check_anchors(conn: asyncpg.Connection, js: JetStreamContext, schema: str, table: str) -> AnchorCheck:
    """Compare one schema's audit table (`table`, as the connection names it) with every anchor of its chain."""
    name = f"{schema}.audit_log"
    anchors = await anchors_on_bus(js, schema)
    if not anchors:
        return AnchorCheck(name, 0, None, None)
    now = await table_at(conn, table, sorted({a.last_id for a in anchors}))
    latest = max(anchors, key=lambda a: (a.last_id, a.at))
    return AnchorCheck(name, len(anchors), latest, first_rewrite(anchors, now))
