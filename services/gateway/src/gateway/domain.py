"""The gateway's pure domain: a forward's state machine, what LKPP's HTTP answer means, when to try again."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from contracts.envelope import Actor, Event
from contracts.gateway import TicketForwardedV1, TicketForwardRefusedV1
from contracts.helpdesk import TicketEscalatedV1
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.machine import transition


class ForwardStatus(StrEnum):
    """Where one escalation stands on its way to LKPP."""

    PENDING = "pending"  # waiting for its (next) attempt
    SENDING = "sending"  # claimed by a forwarder under a lease, the request under way
    FORWARDED = "forwarded"  # LKPP accepted it and gave its number
    REFUSED = "refused"  # LKPP refused it outright (a 4xx retrying cannot change)


class Outcome(StrEnum):
    """What happened to a forward."""

    CLAIM = "claim"  # a forwarder takes it (again, when the one before died mid-request and its lease lapsed)
    ACCEPTED = "accepted"  # LKPP answered 2xx with its ticket number
    TEMPORARY = "temporary"  # no answer, a timeout, 408, 429 or 5xx: try again later, never giving up
    REFUSED = "refused"  # any other 4xx


TRANSITIONS: dict[tuple[ForwardStatus, Outcome], ForwardStatus] = {
    (ForwardStatus.PENDING, Outcome.CLAIM): ForwardStatus.SENDING,
    (ForwardStatus.SENDING, Outcome.CLAIM): ForwardStatus.SENDING,
    (ForwardStatus.SENDING, Outcome.ACCEPTED): ForwardStatus.FORWARDED,
    (ForwardStatus.SENDING, Outcome.TEMPORARY): ForwardStatus.PENDING,
    (ForwardStatus.SENDING, Outcome.REFUSED): ForwardStatus.REFUSED,
}

# Seconds before the next attempt after the 1st, 2nd, … failed one; the last step repeats for ever: an escalation
# is never dropped, an operator sees it overdue instead.
BACKOFF_SECONDS: tuple[int, ...] = (2, 4, 8, 16, 30, 60, 120, 300)
OVERDUE_AFTER = timedelta(hours=24)  # a forward still not accepted after a day counts in gateway_forwards_overdue
RETRYABLE_4XX = frozenset({408, 429})  # Request Timeout and Too Many Requests: LKPP asks us to come back
GATEWAY = Actor.system("gateway")
CALLBACK_PATH = "/helpdesk/lkpp/tiket/callback"


def next_status(status: ForwardStatus, outcome: Outcome) -> ForwardStatus:
    """The forward's status after an outcome (the table's lookup)."""
    return transition(TRANSITIONS, status, outcome)


def classify(http_status: int | None) -> Outcome:
    """LKPP's HTTP status as an outcome; None is no answer at all (refused connection, timeout)."""
    if http_status is None:
        return Outcome.TEMPORARY
    if 200 <= http_status < 300:
        return Outcome.ACCEPTED
    if 400 <= http_status < 500 and http_status not in RETRYABLE_4XX:
        return Outcome.REFUSED
    return Outcome.TEMPORARY


def retry_delay(failed_attempts: int) -> timedelta:
    """How long to wait after this many failed attempts (the backoff's last step from then on)."""
    step = BACKOFF_SECONDS[min(max(failed_attempts, 1), len(BACKOFF_SECONDS)) - 1]
    return timedelta(seconds=step)


DIGIT_RUN = re.compile(r"\d(?:[\d.\- ]*\d){5,}")


def masked(text: str, limit: int = 500) -> str:
    """LKPP's free text as it may go on the bus: runs of six or more digits (a NIK, an NPWP) masked, cut to size."""
    return DIGIT_RUN.sub(lambda run: "*" * len(run.group(0)), " ".join(text.split()))[:limit]


@dataclass(frozen=True)
class Forward:
    """One escalation to LKPP as the gateway keeps it."""

    escalation_event_id: uuid.UUID
    ticket_id: uuid.UUID
    reference: str
    lpse: str
    body: str  # the exact request, kept so that every attempt sends the same bytes under the same key
    status: ForwardStatus
    attempts: int
    next_attempt_at: datetime


def forward_of(event: TicketEscalatedV1, *, public_base_url: str, now: datetime) -> Forward:
    """The forward an escalation to LKPP becomes, due at once."""
    return Forward(
        escalation_event_id=event.event_id,
        ticket_id=event.ticket_id,
        reference=event.reference,
        lpse=event.lpse,
        body=request_body(event, public_base_url),
        status=ForwardStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
    )


def request_body(event: TicketEscalatedV1, public_base_url: str) -> str:
    """The JSON LKPP's ticket API receives: the ticket as the LPSE describes it and where to answer."""
    return json.dumps(
        {
            "ticket_ref": event.reference,
            "lpse": event.lpse,
            "category": event.category.value,
            "reporter_role": event.reporter_role,
            "summary": event.summary or "",
            "lkpp_note": event.lkpp_note or "",
            "opened_at": event.opened_at.isoformat() if event.opened_at else None,
            "callback_url": public_base_url.rstrip("/") + CALLBACK_PATH,
        },
        ensure_ascii=False,
        sort_keys=True,
    )


@dataclass(frozen=True)
class Answer:
    """LKPP's answer to one attempt: its HTTP status (None: none came), its ticket number, its message."""

    http_status: int | None
    lkpp_ref: str | None = None
    message: str = ""


@dataclass(frozen=True)
class Recorded:
    """A forward after an attempt, as stored."""

    forward: Forward
    outcome: Outcome
    decided_at: datetime
    http_status: int | None
    lkpp_ref: str | None
    error: str | None


def decide(forward: Forward, answer: Answer, *, now: datetime) -> Decided[Recorded]:
    """Where a claimed forward stands after LKPP's answer, and the fact a final outcome publishes."""
    outcome = classify(answer.http_status)
    if outcome is Outcome.ACCEPTED and not answer.lkpp_ref:
        # Accepted but unnumbered: the next attempt, same key, is answered with the number LKPP gave.
        outcome, answer = Outcome.TEMPORARY, replace(answer, message="jawaban LKPP tanpa lkpp_ref")
    status = next_status(forward.status, outcome)
    after = replace(
        forward,
        status=status,
        next_attempt_at=now + retry_delay(forward.attempts) if status is ForwardStatus.PENDING else now,
    )
    recorded = Recorded(
        forward=after,
        outcome=outcome,
        decided_at=now,
        http_status=answer.http_status,
        lkpp_ref=answer.lkpp_ref if status is ForwardStatus.FORWARDED else None,
        error=None if status is ForwardStatus.FORWARDED else masked(answer.message) or None,
    )
    envelope = {
        "occurred_at": now,
        "lpse": forward.lpse,
        "correlation_id": forward.ticket_id,
        "causation_id": forward.escalation_event_id,
        "actor": GATEWAY,
        "ticket_id": forward.ticket_id,
        "reference": forward.reference,
        "escalation_event_id": forward.escalation_event_id,
        "attempts": forward.attempts,
    }
    fact: Event
    if status is ForwardStatus.FORWARDED:
        fact = TicketForwardedV1.model_validate({**envelope, "lkpp_ref": answer.lkpp_ref})
    elif status is ForwardStatus.REFUSED:
        fact = TicketForwardRefusedV1.model_validate(
            {**envelope, "http_status": answer.http_status, "reason": masked(answer.message)}
        )
    else:
        return Decided(recorded)
    audit = AuditEntry(
        at=now,
        actor=GATEWAY,
        entity="forward",
        entity_id=str(forward.escalation_event_id),
        action=status.value,
        before=forward.status.value,
        after=status.value,
        reason=f"tiket {forward.reference}: HTTP {answer.http_status} setelah {forward.attempts} percobaan",
    )
    return Decided(recorded, (fact,), audit)
