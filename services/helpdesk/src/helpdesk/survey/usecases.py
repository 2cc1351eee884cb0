"""The survey's use cases: a reporter answers once per case; the head of the LPSE reads a period's results."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import asyncpg

from helpdesk.survey import db
from helpdesk.survey.domain import CASE_KINDS, CaseKind, answer
from helpdesk.survey.periods import Period
from helpdesk.survey.skm import ELEMENTS, SurveyForm, index_of
from lpse_runtime.commit import commit


async def already_answered(pool: asyncpg.Pool, case_kind: CaseKind, case_id: uuid.UUID) -> bool:
    """Whether the case's survey was answered (the page then says so instead of asking again)."""
    async with pool.acquire() as conn:
        return await db.answered(conn, case_kind, case_id)


async def submit(
    pool: asyncpg.Pool, lpse: str, case_kind: CaseKind, case_id: uuid.UUID, form: SurveyForm, now: datetime
) -> bool:
    """Store the response and its fact; False, storing nothing, when the case's survey was answered before."""
    async with pool.acquire() as conn, conn.transaction():
        # Two sends of one survey at once: the second waits here, then finds the first's response.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"survey:{case_kind}:{case_id}")
        if await db.answered(conn, case_kind, case_id):
            return False
        await commit(conn, answer(lpse, case_kind, case_id, form, now), db.insert_response)
    return True


@dataclass(frozen=True)
class Summary:
    """A period's results: respondents, each element's mean and the IKM (None without respondents)."""

    respondents: int
    means: tuple[Decimal, ...] | None
    index: Decimal | None


@dataclass(frozen=True)
class KindSummary:
    """The results of one kind of case (Tiket helpdesk, Pengaduan) in the period."""

    label: str
    summary: Summary


def summary_of(row: asyncpg.Record) -> Summary:
    """The summary of one row of means."""
    respondents = int(row["respondents"])
    if respondents == 0:
        return Summary(0, None, None)
    means = tuple(Decimal(row[e.field]) for e in ELEMENTS)
    return Summary(respondents, means, index_of(means))


async def results(
    pool: asyncpg.Pool, lpse: str, period: Period, zone: str, case_kind: CaseKind | None
) -> tuple[Summary, list[KindSummary]]:
    """One LPSE's results in a period (of one kind of case, or all) and, beside them, each kind's own."""
    start, end = period.bounds(zone)
    async with pool.acquire() as conn:
        total = await db.period_means(conn, lpse, start, end, case_kind)
        per_kind = await db.means_per_kind(conn, lpse, start, end)
    return summary_of(total), [KindSummary(CASE_KINDS[r["case_kind"]], summary_of(r)) for r in per_kind]
