"""The audit log: every decision appended in the change's own transaction, hash-chained."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import asyncpg
import nats
import nats.errors
from nats.js import JetStreamContext

from contracts.envelope import Actor
from lpse_runtime.anchor import AnchorCheck, anchor_head, check_anchors
from lpse_runtime.decision import AuditEntry as AuditEntry  # its former home: callers still import it here

GENESIS = "0" * 64


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


@dataclass(frozen=True)
class BrokenLink:
    """The first row whose stored hash is not what its content and its predecessor give."""

    table: str
    row_id: int
    column: str
    expected: str
    found: str

    def describe(self) -> str:
        """One line for an operator."""
        return (
            f"{self.table}: rantai terputus pada baris id {self.row_id}: kolom {self.column} "
            f"seharusnya {self.expected}, tersimpan {self.found}"
        )


@dataclass(frozen=True)
class ChainReport:
    """One audit table walked: how many rows held, the first broken link if any, and its anchors if checked."""

    table: str
    rows: int
    broken: BrokenLink | None
    anchor: AnchorCheck | None = None

    @property
    def intact(self) -> bool:
        """Every row's hash matches its content and the row before it, and every anchored head is still there."""
        return self.broken is None and (self.anchor is None or self.anchor.holds)

    def describe(self) -> str:
        """One line for an operator (the anchor's on a second line)."""
        held = f"{self.table}: utuh, {self.rows} baris diperiksa"
        chain = self.broken.describe() if self.broken is not None else held
        return chain if self.anchor is None else f"{chain}\n{self.anchor.describe()}"


def entry_of(row: Mapping[str, Any]) -> AuditEntry:
    """The entry a stored row records."""
    return AuditEntry(
        at=row["at"],
        actor=Actor(id=row["actor_id"], role=row["actor_role"]),
        entity=row["entity"],
        entity_id=row["entity_id"],
        action=row["action"],
        before=row["before"],
        after=row["after"],
        reason=row["reason"],
    )


def first_broken_link(
    table: str, rows: Iterable[Mapping[str, Any]], prev: str = GENESIS
) -> tuple[int, BrokenLink | None]:
    """Walk rows in id order from the hash before them: (rows that held, the first broken link or None)."""
    held = 0
    for row in rows:
        if row["prev_hash"] != prev:
            return held, BrokenLink(table, int(row["id"]), "prev_hash", prev, row["prev_hash"])
        expected = entry_of(row).digest(prev)
        if row["hash"] != expected:
            return held, BrokenLink(table, int(row["id"]), "hash", expected, row["hash"])
        prev = row["hash"]
        held += 1
    return held, None


async def check_chain(conn: asyncpg.Connection, schema: str | None = None, *, batch: int = 1000) -> ChainReport:
    """Walk one schema's audit_log (the connection's own when None) in batches, stopping at the first break."""
    table = f'"{schema}".audit_log' if schema else "audit_log"
    name = f"{schema or await conn.fetchval('SELECT current_schema()')}.audit_log"
    prev, last_id, held = GENESIS, 0, 0
    while True:
        rows = await conn.fetch(f"SELECT * FROM {table} WHERE id > $1 ORDER BY id LIMIT $2", last_id, batch)
        if not rows:
            return ChainReport(name, held, None)
        count, broken = first_broken_link(name, rows, prev)
        held += count
        if broken is not None:
            return ChainReport(name, held, broken)
        prev, last_id = rows[-1]["hash"], int(rows[-1]["id"])


async def verify_chain(conn: asyncpg.Connection) -> int | None:
    """The id of the first row whose hash does not match its content, or None when the chain holds."""
    report = await check_chain(conn)
    return None if report.broken is None else report.broken.row_id


async def audited_schemas(conn: asyncpg.Connection) -> list[str]:
    """Every schema with an audit_log this connection can read."""
    rows = await conn.fetch(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'audit_log' ORDER BY table_schema"
    )
    return [str(r["table_schema"]) for r in rows]


async def checked(conn: asyncpg.Connection, schema: str, js: JetStreamContext | None) -> ChainReport:
    """One schema's chain walked, and compared with its anchors on the bus when the bus is given."""
    report = await check_chain(conn, schema)
    if js is None:
        return report
    return replace(report, anchor=await check_anchors(conn, js, schema, f'"{schema}".audit_log'))


async def verify_command(database_url: str, schemas: list[str], nats_url: str | None = None) -> int:
    """Check the named schemas' chains (all when none is named), print one line each; 1 when one is broken."""
    conn = await asyncpg.connect(database_url)
    nc = await nats.connect(nats_url, allow_reconnect=False) if nats_url else None
    try:
        known = await audited_schemas(conn)
        unknown = [s for s in schemas if s not in known]
        if unknown:
            print(f"tidak ada audit_log di skema: {', '.join(unknown)} (ada: {', '.join(known)})", file=sys.stderr)
            return 2
        js = nc.jetstream() if nc is not None else None
        reports = [await checked(conn, schema, js) for schema in schemas or known]
    finally:
        await conn.close()
        if nc is not None:
            await nc.close()
    if nc is None:
        print("jangkar di bus tidak diperiksa: setel NATS_URL untuk mengenali tabel ditulis ulang", file=sys.stderr)
    for report in reports:
        print(report.describe(), file=sys.stdout if report.intact else sys.stderr)
    return 0 if reports and all(r.intact for r in reports) else 1


async def anchor_command(database_url: str, schema: str | None) -> int:
    """Enqueue the chain's head now in the service's outbox (its relay publishes it); print what was anchored."""
    conn = await asyncpg.connect(database_url)
    try:
        name = schema or str(await conn.fetchval("SELECT current_schema()"))
        await conn.execute(f'SET search_path = "{name}"')
        event = await anchor_head(conn, name, datetime.now(UTC))
    finally:
        await conn.close()
    if event is None:
        print(f"{name}.audit_log: tidak ada kepala baru untuk dijangkarkan (kosong, atau sudah menunggu di outbox)")
    else:
        print(f"{name}.audit_log: kepala id {event.last_id} ({event.rows} baris) masuk outbox, hash {event.last_hash}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m lpse_runtime.audit verify|anchor [schema ...]` with DATABASE_URL, and NATS_URL for the anchors."""
    parser = argparse.ArgumentParser(prog="python -m lpse_runtime.audit")
    parser.add_argument("command", choices=["verify", "anchor"])
    parser.add_argument("schemas", nargs="*", help="registration, verification, … (default: every audited schema)")
    args = parser.parse_args(argv)
    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        print("setel DATABASE_URL (URL PostgreSQL layanan, atau superuser untuk semua skema)", file=sys.stderr)
        return 2
    try:
        if args.command == "anchor":
            return asyncio.run(anchor_command(database_url, args.schemas[0] if args.schemas else None))
        return asyncio.run(verify_command(database_url, list(args.schemas), os.environ.get("NATS_URL")))
    except (OSError, asyncpg.PostgresError, nats.errors.Error) as exc:
        print(f"tidak dapat terhubung ke PostgreSQL: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
