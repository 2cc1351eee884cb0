"""LKPP's answers to forwarded tickets: its signed callback, and what the gateway learnt (LKPP's number, or its
outright refusal). Each answer is applied once; a repeated one changes nothing."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import ClassVar, Literal

import asyncpg
from pydantic import Field

from contracts.digests import lkpp_signature_valid
from contracts.envelope import Actor
from contracts.gateway import TicketForwardedV1, TicketForwardRefusedV1
from contracts.lpse import LpseProfile
from helpdesk import tickets_db
from helpdesk.domain import Ticket, TicketRefused, TicketStatus, Trigger
from helpdesk.settings import Settings
from helpdesk.usecases.steps import attempt_for, take
from lpse_runtime.formmodel import FormModel, parse_form

LKPP = Actor(id="lkpp", role="lkpp")
GATEWAY = Actor.system("gateway")
Profiles = Mapping[str, LpseProfile]


class Verdict(StrEnum):
    """What became of one callback; the webhook answers each with its own HTTP status."""

    FORGED = "forged"  # 401: the signature does not match the body under the shared secret
    MALFORMED = "malformed"  # 422
    UNKNOWN = "unknown"  # 404: no such ticket, or not under this LKPP number
    CONFLICT = "conflict"  # 409: no longer at LKPP, and this answer differs from the one recorded
    ANSWERED = "answered"  # 200: applied now, or the same answer again


class LkppTicketAnswer(FormModel):
    """LKPP's signed answer to a forwarded ticket (the dev stack's simulator sends the same shape)."""

    messages: ClassVar[Mapping[str, str]] = {}

    lkpp_ref: str = Field(min_length=1, max_length=60)
    ticket_ref: str = Field(min_length=4, max_length=40)
    result: Literal["selesai", "dikembalikan"]
    answer: str = Field(default="", max_length=5000)


async def lkpp_callback(
    pool: asyncpg.Pool, profiles: Profiles, body: bytes, signature: str, *, now: datetime, settings: Settings
) -> Verdict:
    """Check the signature over the raw body, then apply LKPP's answer to the ticket once."""
    if not lkpp_signature_valid(settings.lkpp_callback_secret, body, signature):
        return Verdict.FORGED
    try:
        decoded = json.loads(body)
    except ValueError:
        return Verdict.MALFORMED
    answer, _ = parse_form(LkppTicketAnswer, decoded) if isinstance(decoded, dict) else (None, {})
    if answer is None:
        return Verdict.MALFORMED
    async with pool.acquire() as conn, conn.transaction():
        ticket = await tickets_db.lock_by_reference(conn, answer.ticket_ref)
        profile = profiles.get(ticket.lpse) if ticket is not None else None
        if ticket is None or profile is None or ticket.lkpp_ref not in (None, answer.lkpp_ref):
            return Verdict.UNKNOWN
        if ticket.forwarded_from is None and ticket.status is not TicketStatus.AT_LKPP:
            return Verdict.UNKNOWN  # never forwarded: LKPP cannot have it
        if ticket.status is not TicketStatus.AT_LKPP:
            return Verdict.ANSWERED if await _same_answer(conn, ticket, answer) else Verdict.CONFLICT
        text = answer.answer or "(LKPP tidak menyertakan uraian jawaban)"
        attempt = attempt_for(
            profile,
            ticket,
            Trigger.LKPP_ANSWER,
            LKPP,
            None,
            now,
            result=answer.result,
            lkpp_ref=answer.lkpp_ref,
            text=text,
        )
        await take(conn, profile, ticket, attempt, settings)
    return Verdict.ANSWERED


async def _same_answer(conn: asyncpg.Connection, ticket: Ticket, answer: LkppTicketAnswer) -> bool:
    last = await conn.fetchval(
        """SELECT reason FROM audit_log WHERE entity = 'ticket' AND entity_id = $1 AND action = 'lkpp_answer'
           ORDER BY id DESC LIMIT 1""",
        str(ticket.id),
    )
    body = await tickets_db.last_message(conn, ticket.id, "jawaban_lkpp")
    same_text = body is not None and body["body"] == (answer.answer or "(LKPP tidak menyertakan uraian jawaban)")
    return last == answer.result and same_text


async def on_forwarded(event: TicketForwardedV1, conn: asyncpg.Connection) -> None:
    """LKPP accepted the ticket under its own number: keep it (a repeat, or a callback that came first, is kept)."""
    ticket = await tickets_db.lock_any(conn, event.ticket_id)
    if ticket is not None and ticket.lkpp_ref is None:
        await tickets_db.set_lkpp_ref(conn, ticket.id, event.lkpp_ref)


async def on_forward_refused(
    event: TicketForwardRefusedV1, conn: asyncpg.Connection, *, profiles: Profiles, settings: Settings
) -> None:
    """LKPP refused the forward outright: the ticket comes back to the level that sent it, as 'dikembalikan'."""
    ticket = await tickets_db.lock_any(conn, event.ticket_id)
    profile = profiles.get(event.lpse)
    if ticket is None or profile is None or ticket.status is not TicketStatus.AT_LKPP:
        return  # answered already (by LKPP's callback, or staff): nothing left to apply
    reason = f" ({event.reason})" if event.reason else ""
    text = f"LKPP menolak penerusan tiket (HTTP {event.http_status}){reason}."
    attempt = attempt_for(
        profile, ticket, Trigger.LKPP_ANSWER, GATEWAY, None, event.occurred_at, result="dikembalikan", text=text
    )
    try:
        await take(conn, profile, ticket, attempt, settings)
    except TicketRefused:
        return
