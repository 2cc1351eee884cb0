"""Synthetic verification cases for the queue benchmark, bulk-loaded with COPY.

Cases are spread over four LPSEs (half of them Depok's) and five years: about 85 % activated, 7 % rejected, the
rest open, with a running, paused or stopped clock as their status has. Company names are two of twenty common
words and a number, so a pair of words matches 1 case in 400 (names harder to search than real ones).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

LPSES: tuple[tuple[str, str, str, int], ...] = (
    ("depok", "DPK", "DPK-1a", 50),
    ("banjarmasin", "BJM", "BJM-1a", 20),
    ("magelang", "MGL", "MGL-1a", 15),
    ("temanggung", "TMG", "TMG-1a", 15),
)
OPEN = ("queued", "in_review", "returned", "awaiting_confirmation", "awaiting_visit", "checked_in")
WORDS: tuple[str, ...] = tuple(
    [
        "Maju",
        "Jaya",
        "Sinar",
        "Abadi",
        "Karya",
        "Mandiri",
        "Sentosa",
        "Bangun",
        "Cipta",
        "Makmur",
        "Nusa",
        "Bumi",
        "Utama",
        "Prima",
        "Mulia",
        "Sejahtera",
        "Teknik",
        "Perkasa",
        "Agung",
        "Lestari",
    ]
)
DOCUMENTS = json.dumps(
    [{"code": c, "filename": f"{c}.pdf", "sha256": "0" * 64, "size": 123456} for c in ("akta", "nib", "npwp", "ktp")]
)
CASE_COLUMNS = [
    "id",
    "application_id",
    "lpse",
    "status",
    "reference",
    "provider_type",
    "company_name",
    "npwp",
    "nib",
    "applicant_email",
    "director_name",
    "status_url",
    "opened_by_event",
    "opened_at",
    "updated_at",
    "service_id",
    "language",
    "verification_mode",
    "documents",
    "queue_due",
]
CLOCK_COLUMNS = [
    "case_id",
    "name",
    "label",
    "deadline_text",
    "working",
    "status",
    "started_at",
    "due_at",
    "remaining_seconds",
    "stopped_at",
]
INFINITY = datetime.max  # asyncpg writes it as 'infinity'


@dataclass(frozen=True)
class SyntheticCase:
    """What the loader writes for case n."""

    number: int
    lpse: str
    status: str
    opened_at: datetime
    due: datetime | None

    @property
    def reference(self) -> str:
        """A reference in the platform's format, unique by n."""
        short = next(s for code, s, _, _ in LPSES if code == self.lpse)
        return f"{short}-{self.opened_at:%y%m}-{self.number:06X}"

    @property
    def npwp(self) -> str:
        """Fifteen digits, unique by n."""
        return f"{900_000_000_000_000 + self.number:015d}"

    @property
    def company_name(self) -> str:
        """Two words of twenty and a number: a given pair of words matches 1 case in 400."""
        n = self.number
        return f"PT {WORDS[n % 20]} {WORDS[(n // 20) % 20]} {n}"


def synthetic(count: int, now: datetime) -> Iterator[SyntheticCase]:
    """Deterministic cases: spread over LPSEs by weight, opened over five years, open ones the most recent."""
    weights = [w for *_, w in LPSES]
    for n in range(count):
        slot = n % 100
        lpse = next(code for (code, *_), edge in zip(LPSES, _edges(weights), strict=True) if slot < edge)
        age = timedelta(minutes=(count - n) * (5 * 365 * 24 * 60) // count)
        opened = now - age
        recent = age < timedelta(days=30)
        kind = n % 97
        closed_status = "rejected" if kind % 13 == 0 else "activated"
        status = OPEN[kind % len(OPEN)] if recent and kind < 40 else closed_status
        running = status in ("queued", "in_review", "awaiting_confirmation")
        yield SyntheticCase(n, lpse, status, opened, opened + timedelta(days=3 + n % 5) if running else None)


def _edges(weights: list[int]) -> list[int]:
    total, edges = 0, []
    for weight in weights:
        total += weight
        edges.append(total)
    return edges


def _case_record(case: SyntheticCase) -> tuple[object, ...]:
    service = next(s for code, _, s, _ in LPSES if code == case.lpse)
    return (
        uuid.UUID(int=(1 << 64) | case.number),
        uuid.UUID(int=(2 << 64) | case.number),
        case.lpse,
        case.status,
        case.reference,
        "badan_usaha_pt",
        case.company_name,
        case.npwp,
        f"{1_000_000_000_000 + case.number:013d}",
        f"direktur{case.number}@contoh.co.id",
        "Dewi Lestari",
        f"http://127.0.0.1/status/{case.number}",
        uuid.UUID(int=(3 << 64) | case.number),
        case.opened_at,
        case.opened_at,
        service,
        "id",
        "loket" if case.lpse == "depok" else "unggahan",
        DOCUMENTS,
        case.due or INFINITY,
    )


def _clock_record(case: SyntheticCase) -> tuple[object, ...] | None:
    if case.status in ("awaiting_visit", "checked_in"):
        return None  # a counter case's clock starts when the file is handed over
    status = "running" if case.due else "paused" if case.status == "returned" else "stopped"
    return (
        uuid.UUID(int=(1 << 64) | case.number),
        "verifikasi",
        "Verifikasi dokumen",
        "3 hari kerja",
        True,
        status,
        case.opened_at,
        case.due,
        3600.0 if status == "paused" else None,
        case.opened_at + timedelta(days=2) if status == "stopped" else None,
    )


async def bulk_load(conn: asyncpg.Connection, count: int, now: datetime, chunk: int = 100_000) -> None:
    """COPY the cases and their clocks with the indexes dropped, then build the indexes and analyze."""
    indexes = [
        r["indexdef"]
        for r in await conn.fetch(
            """SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
               AND tablename IN ('cases', 'case_clocks') AND indexname NOT LIKE '%pkey'"""
        )
    ]
    for name in await conn.fetch(
        """SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
           AND tablename IN ('cases', 'case_clocks') AND indexname NOT LIKE '%pkey' AND indexdef NOT LIKE '%UNIQUE%'"""
    ):
        await conn.execute(f'DROP INDEX "{name["indexname"]}"')
    # queue_due is written by the loader directly: the trigger would update each case once per clock row.
    await conn.execute("ALTER TABLE case_clocks DISABLE TRIGGER case_clocks_queue_due")
    cases = synthetic(count, now)
    loaded = 0
    while batch := [c for _, c in zip(range(chunk), cases, strict=False)]:
        await conn.copy_records_to_table("cases", records=[_case_record(c) for c in batch], columns=CASE_COLUMNS)
        clocks = [r for c in batch if (r := _clock_record(c)) is not None]
        await conn.copy_records_to_table("case_clocks", records=clocks, columns=CLOCK_COLUMNS)
        loaded += len(batch)
        print(f"\rloading cases (COPY)               {loaded}/{count}", end="", flush=True)
    await conn.execute("ALTER TABLE case_clocks ENABLE TRIGGER case_clocks_queue_due")
    print("\nbuilding indexes and statistics…", flush=True)
    await conn.execute("SET maintenance_work_mem = '256MB'")
    for definition in indexes:
        if "UNIQUE" not in definition:
            await conn.execute(definition)
    await conn.execute("VACUUM ANALYZE cases")
    await conn.execute("VACUUM ANALYZE case_clocks")
