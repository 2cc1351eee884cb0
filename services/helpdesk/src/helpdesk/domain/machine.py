"""`decide`: a ticket and one attempted step → the ticket after it, its facts, its audit row and its clock move."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from contracts.helpdesk import TicketLevel
from helpdesk.domain.attempt import Attempt
from helpdesk.domain.facts import close_reason, facts_of
from helpdesk.domain.guards import first_refusal
from helpdesk.domain.labels import LEVEL_DEFAULT_LABEL, status_label, trigger_label
from helpdesk.domain.ladder import next_step
from helpdesk.domain.ticket import (
    CLAIM_LEASE,
    CLOCK_AFTER,
    HOLD_AFTER,
    LEVEL_AFTER,
    TRANSITIONS,
    ClockMove,
    Hold,
    LevelMove,
    Ticket,
    TicketRefused,
    TicketStatus,
    Trigger,
)
from lpse_runtime.decision import AuditEntry, Decided


@dataclass(frozen=True)
class Step:
    """A decided step: what to store and publish, and how the use case moves the clocks."""

    decided: Decided[Ticket]
    clock: ClockMove
    trigger: Trigger


def refusal_for_table(status: TicketStatus, trigger: Trigger) -> str:
    """The message for a step the table does not have."""
    return f"Tindakan '{trigger_label(trigger)}' tidak berlaku untuk tiket berstatus '{status_label(status)}'."


def check(ticket: Ticket, attempt: Attempt) -> str | None:
    """Why the step is refused (the table first, then the guards in order), or None."""
    if (ticket.status, attempt.trigger) not in TRANSITIONS:
        return refusal_for_table(ticket.status, attempt.trigger)
    return first_refusal(ticket, attempt)


def decide(ticket: Ticket, attempt: Attempt) -> Step:
    """The ticket after the step; TicketRefused with the Indonesian reason when the table or a guard refuses it."""
    refused = check(ticket, attempt)
    if refused is not None:
        raise TicketRefused(refused)
    trigger = attempt.trigger
    after = _moved(ticket, attempt)
    audit = AuditEntry(
        attempt.now,
        attempt.actor,
        "ticket",
        str(ticket.id),
        trigger.value,
        ticket.status.value,
        after.status.value,
        reason=_reason(ticket, attempt),
    )
    decided = Decided(after, facts=facts_of(ticket, after, attempt, trigger), audit=audit)
    return Step(decided, CLOCK_AFTER.get((ticket.status, trigger), ClockMove.KEEP), trigger)


def _reason(ticket: Ticket, attempt: Attempt) -> str | None:
    """The audit row's reason: a code, never free text (the closed fact's reason, LKPP's result)."""
    if attempt.trigger is Trigger.CLOSE:
        return close_reason(ticket, attempt)
    if attempt.trigger is Trigger.LKPP_ANSWER:
        return attempt.result
    return None


def _moved(ticket: Ticket, attempt: Attempt) -> Ticket:
    trigger, now = attempt.trigger, attempt.now
    status = TRANSITIONS[(ticket.status, trigger)]
    level = _level_after(ticket, attempt)
    label = next((s.label for s in attempt.ladder if s.level == level), LEVEL_DEFAULT_LABEL[level])
    holder, lease_until = _hold_after(ticket, attempt)
    after = replace(ticket, status=status, level=level, level_label=label, holder=holder, lease_until=lease_until)
    if trigger is Trigger.CLAIM and ticket.level not in ticket.claimed_levels:
        after = replace(after, claimed_levels=(*ticket.claimed_levels, ticket.level))
    if trigger is Trigger.FORWARD_TO_LKPP:
        after = replace(after, forwarded_from=ticket.level, clock_note=attempt.lkpp_clock_note)
    if trigger is Trigger.LKPP_ANSWER:
        after = replace(after, clock_note="", lkpp_ref=ticket.lkpp_ref or attempt.lkpp_ref)
    if trigger is Trigger.RESOLVE:
        after = replace(after, resolved_level=ticket.level, reopen_until=attempt.reopen_until)
    if trigger is Trigger.REOPEN:
        after = replace(after, reopen_count=ticket.reopen_count + 1, reopen_until=None, forwarded_from=None)
    if trigger is Trigger.CLOSE:
        after = replace(after, closed_at=now)
    return after


def _level_after(ticket: Ticket, attempt: Attempt) -> TicketLevel:
    move = LEVEL_AFTER.get(attempt.trigger, LevelMove.KEEP)
    if move is LevelMove.FIRST:
        return attempt.ladder[0].level
    if move is LevelMove.NEXT:
        step = next_step(attempt.ladder, ticket.level)
        return step.level if step is not None else ticket.level
    if move is LevelMove.LKPP:
        return "lkpp"
    if move is LevelMove.FORWARDED_FROM:
        return ticket.forwarded_from or ticket.level
    if move is LevelMove.RESOLVED_LEVEL:
        return ticket.resolved_level or ticket.level
    return ticket.level


def _hold_after(ticket: Ticket, attempt: Attempt) -> tuple[str | None, datetime | None]:
    hold = HOLD_AFTER.get(attempt.trigger, Hold.KEEP)
    if hold is Hold.ACTOR:
        return attempt.actor.id, attempt.now + CLAIM_LEASE
    if hold is Hold.NOBODY:
        return None, None
    if hold is Hold.RENEW and ticket.holder is not None:
        return ticket.holder, attempt.now + CLAIM_LEASE
    return ticket.holder, ticket.lease_until
