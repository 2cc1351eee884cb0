"""The staff queue's SQL: one page by keyset, and a bounded count, each using an index for its filters.

The WHERE clause is built from the filters given, so each combination is its own prepared statement with a plan
that fits it (a `($2 IS NULL OR status = $2)` predicate turns into a generic plan that can use no index).
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from verification.domain import CLOSED_STATUSES
from verification.queue import COUNT_BOUND, PAGE_SIZE, QueueFilter, QueueKey, name_query

CLOSED = frozenset(s.value for s in CLOSED_STATUSES)
ORDER = ("closed", "queue_due", "opened_at", "id")
# Only what a queue row shows: never the documents JSON, which would be sorted along with each row.
COLUMNS = "id, reference, company_name, status, assignee, opened_at, verification_mode, service_id, closed, queue_due"


@dataclass(frozen=True)
class QueuePage:
    """One page of the queue, with the keys of the pages before and after it (None at either end)."""

    rows: list[asyncpg.Record]
    previous: QueueKey | None
    next: QueueKey | None


def where(queue_filter: QueueFilter) -> tuple[list[str], list[object]]:
    """The conditions of a view and their arguments ($1 is always the LPSE)."""
    clauses: list[str] = ["lpse = $1"]
    args: list[object] = [queue_filter.lpse]
    if queue_filter.status is not None:
        # Said outright so either queue index skips the other half (the planner cannot derive it from the status).
        args.append(queue_filter.status in CLOSED)
        clauses.append(f"closed = ${len(args)}")
    for column, value in (
        ("status", queue_filter.status),
        ("reference", queue_filter.reference),
        ("npwp", queue_filter.npwp),
    ):
        if value is not None:
            args.append(value)
            clauses.append(f"{column} = ${len(args)}")
    if queue_filter.name is not None:
        args.append(name_query(queue_filter.name))
        clauses.append(f"to_tsvector('simple', company_name) @@ to_tsquery('simple', ${len(args)})")
    return clauses, args


def key_of(row: asyncpg.Record) -> QueueKey:
    """The queue key of a row."""
    return QueueKey.of(row["closed"], row["queue_due"], row["opened_at"], row["id"])


async def page(
    conn: asyncpg.Connection,
    queue_filter: QueueFilter,
    *,
    after: QueueKey | None = None,
    before: QueueKey | None = None,
    size: int = PAGE_SIZE,
) -> QueuePage:
    """The page right after `after`, right before `before`, or the first page."""
    clauses, args = where(queue_filter)
    backwards = before is not None and after is None
    anchor = before if backwards else after
    if anchor is not None:
        first = len(args) + 1
        args.extend(anchor.values())
        placeholders = ", ".join(f"${first + i}" for i in range(len(ORDER)))
        clauses.append(f"({', '.join(ORDER)}) {'<' if backwards else '>'} ({placeholders})")
    direction = " DESC" if backwards else ""
    args.append(size + 1)  # one more than shown tells whether the page has a neighbour that way
    sql = (
        f"SELECT {COLUMNS} FROM cases WHERE {' AND '.join(clauses)} "
        f"ORDER BY {', '.join(c + direction for c in ORDER)} LIMIT ${len(args)}"
    )
    rows = list(await conn.fetch(sql, *args))
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        return QueuePage(rows, key_of(rows[0]) if more and rows else None, key_of(rows[-1]) if rows else None)
    return QueuePage(rows, key_of(rows[0]) if anchor is not None and rows else None, key_of(rows[-1]) if more else None)


async def count_of(
    conn: asyncpg.Connection, queue_filter: QueueFilter, shown: QueuePage, *, first: bool
) -> tuple[int, int]:
    """The count beside a page and where it stops: a first page with no next page is the whole view; a name that
    matches more than a page is 'more than 50' (counting it would read every match again; a fuller name narrows)."""
    if first and shown.next is None:
        return len(shown.rows), COUNT_BOUND
    if queue_filter.name is not None and shown.next is not None:
        return PAGE_SIZE + 1, PAGE_SIZE
    return await count(conn, queue_filter), COUNT_BOUND


async def count(conn: asyncpg.Connection, queue_filter: QueueFilter, bound: int = COUNT_BOUND) -> int:
    """How many cases the view holds, counted up to one past the bound."""
    clauses, args = where(queue_filter)
    args.append(bound + 1)
    sql = f"SELECT count(*) FROM (SELECT 1 FROM cases WHERE {' AND '.join(clauses)} LIMIT ${len(args)}) AS shown"
    return int(await conn.fetchval(sql, *args))
