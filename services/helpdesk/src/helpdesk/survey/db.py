"""The survey's SQL: one response per case, and the means of a period for the head's results."""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg

from helpdesk.survey.domain import SurveyResponse
from helpdesk.survey.skm import ELEMENTS

_MEANS = ", ".join(f"avg({e.field}) AS {e.field}" for e in ELEMENTS)


async def answered(conn: asyncpg.Connection, case_kind: str, case_id: uuid.UUID) -> bool:
    """Whether this case's survey has its response already."""
    found = await conn.fetchval(
        "SELECT 1 FROM survey_responses WHERE case_kind = $1 AND case_id = $2", case_kind, case_id
    )
    return found is not None


async def insert_response(conn: asyncpg.Connection, response: SurveyResponse) -> None:
    """Store a response (the caller checked, under the case's lock, that there is none yet)."""
    await conn.execute(
        """INSERT INTO survey_responses (case_kind, case_id, lpse, u1, u2, u3, u4, u5, u6, u7, u8, u9, suggestion,
                                         submitted_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)""",
        response.case_kind,
        response.case_id,
        response.lpse,
        *response.scores,
        response.suggestion or None,
        response.submitted_at,
    )


async def period_means(
    conn: asyncpg.Connection, lpse: str, start: datetime, end: datetime, case_kind: str | None
) -> asyncpg.Record:
    """The respondents and each element's mean among one LPSE's responses in [start, end), of one kind or all."""
    return await conn.fetchrow(
        f"""SELECT count(*) AS respondents, {_MEANS} FROM survey_responses
            WHERE lpse = $1 AND submitted_at >= $2 AND submitted_at < $3 AND ($4::text IS NULL OR case_kind = $4)""",
        lpse,
        start,
        end,
        case_kind,
    )


async def means_per_kind(conn: asyncpg.Connection, lpse: str, start: datetime, end: datetime) -> list[asyncpg.Record]:
    """The same, one row per kind of case that has responses in the period."""
    rows: list[asyncpg.Record] = await conn.fetch(
        f"""SELECT case_kind, count(*) AS respondents, {_MEANS} FROM survey_responses
            WHERE lpse = $1 AND submitted_at >= $2 AND submitted_at < $3 GROUP BY case_kind ORDER BY case_kind DESC""",
        lpse,
        start,
        end,
    )
    return rows
