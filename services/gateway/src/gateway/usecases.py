"""What the gateway does for a fact or a party: record forwards to make, and record a party's signed answer once."""

from __future__ import annotations

import json
import logging
from datetime import datetime

import asyncpg

from contracts.digests import lkpp_signature_valid
from contracts.forensic import ExternalParty
from gateway import db
from gateway.domain import Forward
from gateway.forensic import PartyAnswer, Verdict, decide_answer
from gateway.settings import Settings
from lpse_runtime.commit import commit
from lpse_runtime.formmodel import parse_form

log = logging.getLogger(__name__)


async def record_forwards(conn: asyncpg.Connection, forwards: list[Forward]) -> None:
    """Record the forwards an escalation makes; one recorded before (a redelivery past the inbox) is left alone."""
    for forward in forwards:
        if not await db.insert_forward(conn, forward):
            log.info("escalation %s to %s is already recorded", forward.idempotency_key, forward.party)


async def party_answered(
    pool: asyncpg.Pool, party: ExternalParty, body: bytes, signature: str, *, settings: Settings, now: datetime
) -> Verdict:
    """Check the signature over the raw body under that party's secret, then record its answer once."""
    if not lkpp_signature_valid(settings.party_api(party).secret, body, signature):
        return Verdict.FORGED
    try:
        decoded = json.loads(body)
    except ValueError:
        return Verdict.MALFORMED
    answer, _ = parse_form(PartyAnswer, decoded) if isinstance(decoded, dict) else (None, {})
    if answer is None:
        return Verdict.MALFORMED
    async with pool.acquire() as conn, conn.transaction():
        case = await db.lock_answerable(conn, party, answer.external_ref, answer.case_ref)
        if case is None:
            return Verdict.UNKNOWN
        verdict, decided = decide_answer(case, answer.finding, now=now)
        if verdict is Verdict.ANSWERED:
            await commit(conn, decided, db.save_answered)
        return verdict
