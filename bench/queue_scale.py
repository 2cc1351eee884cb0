"""The staff queue at scale: synthetic cases bulk-loaded into the verification schema, the queue page timed per view.

The cases come from queue_data (bulk-loaded with COPY). Each view is requested through the real
route in-process (ASGI, no network; the signed-in officer is supplied by overriding the staff dependency), and
the same page's SQL is timed raw through asyncpg as the baseline. With LPSE_BENCH_BEFORE=1 the queue's former SQL
(500 whole rows, a per-row subquery for the sort, one generic `($2 IS NULL OR ...)` statement) is timed too.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

import asyncpg
import httpx

from bench.queue_data import synthetic
from lpse_runtime.staff import SESSION_COOKIE, Grant, StaffPrincipal
from verification import queue_db
from verification.app import create_app
from verification.queue import QueueFilter, parse_search
from verification.settings import Settings

MAX_RESPONSE_SECONDS = 0.05  # the target: p99 server time at 1,000,000 cases


@dataclass(frozen=True)
class View:
    """One way an officer looks at Depok's queue."""

    name: str
    params: dict[str, str]


def views(count: int, now: datetime) -> list[View]:
    """The default view, each status, and a search by reference, by punctuated NPWP and by name."""
    depok = [c for c in itertools.islice(synthetic(count, now), 1000) if c.lpse == "depok"]
    sample = depok[len(depok) // 2]
    npwp = sample.npwp
    statuses = ["queued", "in_review", "returned", "awaiting_confirmation", "awaiting_visit", "checked_in"]
    return [
        View("default (semua)", {}),
        *(View(f"status {s}", {"status": s}) for s in [*statuses, "activated", "rejected"]),
        View("reference", {"cari": sample.reference}),
        View(
            "NPWP with dots and dash",
            {"cari": f"{npwp[:2]}.{npwp[2:5]}.{npwp[5:8]}.{npwp[8]}-{npwp[9:12]}.{npwp[12:]}"},
        ),
        View("name, one company", {"cari": sample.company_name[3:]}),
        View("name, common words", {"cari": "sinar maju"}),
    ]


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


async def timed(call: Callable[[], Awaitable[object]], repeat: int, warm_up: int = 2) -> list[float]:
    """Seconds per call, after warm-up calls."""
    for _ in range(warm_up):
        await call()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - started)
    return samples


OLD_QUERY = """SELECT c.*, (SELECT min(k.due_at) FROM case_clocks k WHERE k.case_id = c.id AND k.status = 'running')
                      AS next_due
               FROM cases c
               WHERE c.lpse = $1 AND ($2::text IS NULL OR c.status = $2)
                 AND ($3::text IS NULL OR c.reference ILIKE '%' || $3 || '%' OR c.company_name ILIKE '%' || $3 || '%'
                      OR c.npwp = $3)
               ORDER BY (c.status IN ('activated', 'rejected')), next_due NULLS LAST, c.opened_at LIMIT 500"""


def page_sql(view: View) -> tuple[str, list[object]]:
    """The SQL the route runs for the view's first page, for the raw baseline."""
    search = parse_search(view.params.get("cari", ""))
    queue_filter = QueueFilter("depok", view.params.get("status"), search.reference, search.npwp, search.name)
    clauses, args = queue_db.where(queue_filter)
    args.append(51)
    order = ", ".join(queue_db.ORDER)
    where = " AND ".join(clauses)
    return f"SELECT {queue_db.COLUMNS} FROM cases WHERE {where} ORDER BY {order} LIMIT ${len(args)}", args


@dataclass(frozen=True)
class SignedInAs:
    """A session check that knows one officer: every request of the bench is theirs."""

    officer: StaffPrincipal

    async def principal(self, token: str) -> StaffPrincipal | None:
        """The officer, whatever the cookie."""
        return self.officer


async def measure(
    database_url: str, nats_url: str, count: int, now: datetime, *, repeat: int, before: bool
) -> list[str]:
    """Time every view through the route and raw; returns the report lines."""
    app = create_app(Settings(database_url=database_url, nats_url=nats_url, relay_poll_seconds=60))
    officer = StaffPrincipal(username="bench", name="Bench", grants=(Grant(role="verifikator", lpse="depok"),))
    lines = [
        f"{'view':<30}{'rows':>5} {'route p50':>10} {'p99':>8} {'raw SQL p50':>12} {'raw/route':>10}"
        + (f" {'former SQL p50':>15} {'p99':>8}" if before else "")
    ]
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        # The officer's session, as identity would answer for it: the bench has no identity schema to ask.
        app.state.staff_sessions = SignedInAs(officer)
        cookies = {SESSION_COOKIE: "bench"}
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", cookies=cookies) as client:
            pool: asyncpg.Pool = app.state.runtime.pool
            former_conn = await pool.acquire() if before else None
            if former_conn is not None:
                await former_conn.execute("SET statement_timeout = '20s'")
            former_sql = await former_conn.prepare(OLD_QUERY) if former_conn is not None else None
            for view in views(count, now):

                async def route(view: View = view) -> None:
                    response = await client.get("/staf/", params=view.params)
                    response.raise_for_status()

                sql, args = page_sql(view)
                async with pool.acquire() as conn:
                    rows = len(await conn.fetch(sql, *args))

                    async def raw(conn: asyncpg.Connection = conn, sql: str = sql, args: list[object] = args) -> None:
                        await conn.fetch(sql, *args)

                    raw_samples = await timed(raw, repeat)
                route_samples = await timed(route, repeat)
                line = (
                    f"{view.name:<30}{min(rows, 50):>5} {percentile(route_samples, 50) * 1000:>8.1f}ms "
                    f"{percentile(route_samples, 99) * 1000:>6.1f}ms {percentile(raw_samples, 50) * 1000:>10.1f}ms "
                    f"{percentile(raw_samples, 50) / percentile(route_samples, 50):>10.2f}"
                )
                if former_sql is not None:
                    line += await former(former_sql, view)
                lines.append(line)
                print(line, flush=True)
            if former_conn is not None:
                await pool.release(former_conn)
            lines.append(await liveness_while_rendering(client))
    return lines


async def former(statement: asyncpg.prepared_stmt.PreparedStatement, view: View, repeat: int = 3) -> str:
    """The former queue SQL on the same data, one prepared statement for every view (past its generic-plan switch
    after the first views, as in the service); a run is cut off after 20 s."""
    status = view.params.get("status") or None
    search = view.params.get("cari") or None

    async def call() -> None:
        await statement.fetch("depok", status, search)

    try:
        samples = await timed(call, repeat, warm_up=1)
    except asyncpg.QueryCanceledError:
        return f" {'> 20000':>13}ms"
    return f" {percentile(samples, 50) * 1000:>13.0f}ms {percentile(samples, 99) * 1000:>6.0f}ms"


async def liveness_while_rendering(client: httpx.AsyncClient, pages: int = 20) -> str:
    """The slowest /health/live answer while queue pages render in the same process."""
    done = asyncio.Event()
    slowest = 0.0

    async def probe() -> None:
        nonlocal slowest
        while not done.is_set():
            started = time.perf_counter()
            (await client.get("/staf/health/live")).raise_for_status()
            slowest = max(slowest, time.perf_counter() - started)
            await asyncio.sleep(0.005)

    prober = asyncio.create_task(probe())
    for _ in range(pages):
        await client.get("/staf/")
    done.set()
    await prober
    return f"slowest /staf/health/live while {pages} default pages rendered: {slowest * 1000:.1f} ms"


def cases_from_env() -> int:
    """LPSE_BENCH_CASES (default 1,000,000)."""
    return int(os.environ.get("LPSE_BENCH_CASES", "1000000"))
