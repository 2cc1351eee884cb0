"""The gateway's pure domain: a forward's state machine, what a party's HTTP answer means, when to try again."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from contracts.envelope import Actor, Event
from contracts.forensic import ExternalParty
from contracts.gateway import (
    ForensicForwardedV1,
    ForensicForwardRefusedV1,
    ProviderChangeForwardedV1,
    ProviderChangeForwardRefusedV1,
    TicketForwardedV1,
    TicketForwardRefusedV1,
)
from contracts.helpdesk import TicketEscalatedV1
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.machine import transition


class ForwardKind(StrEnum):
    """What a forward carries: a helpdesk ticket (to LKPP), a forensic test (to LKPP and to BSSN), or a change of an
    aggregated provider account (to LKPP)."""

    TICKET = "ticket"
    FORENSIC = "forensic"
    PROVIDER_CHANGE = "provider_change"


class ForwardStatus(StrEnum):
    """Where one escalation stands on its way to its party."""

    PENDING = "pending"  # waiting for its (next) attempt
    SENDING = "sending"  # claimed by a forwarder under a lease, the request under way
    FORWARDED = "forwarded"  # the party accepted it and gave its number
    REFUSED = "refused"  # the party refused it outright (a 4xx retrying cannot change)


class Outcome(StrEnum):
    """What happened to a forward."""

    CLAIM = "claim"  # a forwarder takes it (again, when the one before died mid-request and its lease lapsed)
    ACCEPTED = "accepted"  # the party answered 2xx with its number
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
PARTY_LABEL: dict[ExternalParty, str] = {"lkpp": "LKPP", "bssn": "BSSN"}
# The field of a 2xx body that carries the party's number: LKPP's ticket API says `lkpp_ref`, the forensic API `ref`,
# its provider API `lkpp_ref`.
REF_FIELD: dict[ForwardKind, str] = {
    ForwardKind.TICKET: "lkpp_ref",
    ForwardKind.FORENSIC: "ref",
    ForwardKind.PROVIDER_CHANGE: "lkpp_ref",
}


def next_status(status: ForwardStatus, outcome: Outcome) -> ForwardStatus:
    """The forward's status after an outcome (the table's lookup)."""
    return transition(TRANSITIONS, status, outcome)


def classify(http_status: int | None) -> Outcome:
    """A party's HTTP status as an outcome; None is no answer at all (refused connection, timeout)."""
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
    """A party's free text as it may go on the bus: runs of six or more digits (a NIK, an NPWP) masked, cut."""
    return DIGIT_RUN.sub(lambda run: "*" * len(run.group(0)), " ".join(text.split()))[:limit]


@dataclass(frozen=True)
class Forward:
    """One escalation to one party as the gateway keeps it."""

    escalation_event_id: uuid.UUID
    case_id: uuid.UUID  # the ticket's or the forensic test's id
    reference: str
    lpse: str
    body: str  # the exact request, kept so that every attempt sends the same bytes under the same key
    status: ForwardStatus
    attempts: int
    next_attempt_at: datetime
    party: ExternalParty
    kind: ForwardKind
    target: str  # the endpoint under the party's API: `tiket`, `forensik`
    # the escalation's event id (a ticket), `<event id>:<party>` (a forensic test, a provider account's change)
    idempotency_key: str


def forward_of(event: TicketEscalatedV1, *, public_base_url: str, now: datetime) -> Forward:
    """The forward an escalation to LKPP becomes, due at once."""
    return Forward(
        escalation_event_id=event.event_id,
        case_id=event.ticket_id,
        reference=event.reference,
        lpse=event.lpse,
        body=request_body(event, public_base_url),
        status=ForwardStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        party="lkpp",
        kind=ForwardKind.TICKET,
        target="tiket",
        idempotency_key=str(event.event_id),
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
    """A party's answer to one attempt: its HTTP status (None: none came), its number, its message."""

    http_status: int | None
    external_ref: str | None = None
    message: str = ""


@dataclass(frozen=True)
class Recorded:
    """A forward after an attempt, as stored."""

    forward: Forward
    outcome: Outcome
    decided_at: datetime
    http_status: int | None
    external_ref: str | None
    error: str | None


def decide(forward: Forward, answer: Answer, *, now: datetime) -> Decided[Recorded]:
    """Where a claimed forward stands after its party's answer, and the fact a final outcome publishes."""
    outcome = classify(answer.http_status)
    if outcome is Outcome.ACCEPTED and not answer.external_ref:
        # Accepted but unnumbered: the next attempt, same key, is answered with the number the party gave.
        unnumbered = f"jawaban {PARTY_LABEL[forward.party]} tanpa {REF_FIELD[forward.kind]}"
        outcome, answer = Outcome.TEMPORARY, replace(answer, message=unnumbered)
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
        external_ref=answer.external_ref if status is ForwardStatus.FORWARDED else None,
        error=None if status is ForwardStatus.FORWARDED else masked(answer.message) or None,
    )
    if status not in (ForwardStatus.FORWARDED, ForwardStatus.REFUSED):
        return Decided(recorded)
    audit = AuditEntry(
        at=now,
        actor=GATEWAY,
        entity="forward",
        entity_id=forward.idempotency_key,
        action=status.value,
        before=forward.status.value,
        after=status.value,
        reason=f"{audit_subject(forward)}: HTTP {answer.http_status} setelah {forward.attempts} percobaan",
    )
    return Decided(recorded, (final_fact(forward, status, answer, now),), audit)


def audit_subject(forward: Forward) -> str:
    """How the audit row names what was forwarded, and to whom when it is not a ticket to LKPP."""
    if forward.kind is ForwardKind.TICKET:
        return f"tiket {forward.reference}"
    if forward.kind is ForwardKind.PROVIDER_CHANGE:
        return f"perubahan akun {forward.reference} ke LKPP"
    return f"uji forensik {forward.reference} ke {PARTY_LABEL[forward.party]}"


def final_fact(forward: Forward, status: ForwardStatus, answer: Answer, now: datetime) -> Event:
    """The fact a forwarded or refused forward publishes, of its kind."""
    if forward.kind is ForwardKind.PROVIDER_CHANGE:
        return provider_change_fact(forward, status, answer, now)
    envelope: dict[str, object] = {
        "occurred_at": now,
        "lpse": forward.lpse,
        "correlation_id": forward.case_id,
        "causation_id": forward.escalation_event_id,
        "actor": GATEWAY,
        "reference": forward.reference,
        "escalation_event_id": forward.escalation_event_id,
        "attempts": forward.attempts,
    }
    refusal = {"http_status": answer.http_status, "reason": masked(answer.message)}
    if forward.kind is ForwardKind.TICKET:
        envelope["ticket_id"] = forward.case_id
        if status is ForwardStatus.FORWARDED:
            return TicketForwardedV1.model_validate({**envelope, "lkpp_ref": answer.external_ref})
        return TicketForwardRefusedV1.model_validate({**envelope, **refusal})
    envelope |= {"case_id": forward.case_id, "party": forward.party}
    if status is ForwardStatus.FORWARDED:
        return ForensicForwardedV1.model_validate({**envelope, "external_ref": answer.external_ref})
    return ForensicForwardRefusedV1.model_validate({**envelope, **refusal})


def provider_change_fact(forward: Forward, status: ForwardStatus, answer: Answer, now: datetime) -> Event:
    """The fact a forwarded or refused change of a provider account publishes; what changed is read from the request
    body kept on the row (the account's user ID is the forward's reference)."""
    sent = json.loads(forward.body)
    fields: dict[str, object] = {
        "occurred_at": now,
        "lpse": forward.lpse,
        "correlation_id": sent.get("request_id") or forward.case_id,
        "causation_id": forward.escalation_event_id,
        "actor": GATEWAY,
        "provider_id": forward.case_id,
        "user_id": forward.reference,
        "change": sent["kind"],
        "change_event_id": forward.escalation_event_id,
        "request_id": sent.get("request_id"),
        "request_reference": sent.get("request_ref"),
        "attempts": forward.attempts,
    }
    if status is ForwardStatus.FORWARDED:
        return ProviderChangeForwardedV1.model_validate({**fields, "lkpp_ref": answer.external_ref})
    refusal = {"http_status": answer.http_status, "reason": masked(answer.message)}
    return ProviderChangeForwardRefusedV1.model_validate({**fields, **refusal})
