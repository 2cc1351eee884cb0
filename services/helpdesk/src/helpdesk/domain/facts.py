"""The facts a ticket's steps publish: what the notifier needs to write to the reporter, and no free text but the
summary and the note to LKPP (the replies, notes and answers stay in the helpdesk's tables)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from contracts.envelope import Event
from contracts.helpdesk import (
    TicketAnsweredByLkppV1,
    TicketClaimedV1,
    TicketClosedV1,
    TicketCloseReason,
    TicketEscalatedV1,
    TicketInfoRequestedV1,
    TicketRatedV1,
    TicketReopenedV1,
    TicketRepliedV1,
    TicketResolvedV1,
)
from helpdesk.domain.attempt import Attempt
from helpdesk.domain.ticket import Ticket, TicketStatus, Trigger

T = Trigger


def envelope(ticket: Ticket, attempt: Attempt) -> dict[str, Any]:
    """Envelope fields: when, which LPSE, the ticket as correlation, who."""
    return {"occurred_at": attempt.now, "lpse": ticket.lpse, "correlation_id": ticket.id, "actor": attempt.actor}


def about(ticket: Ticket) -> dict[str, Any]:
    """What every ticket fact says about its ticket (as it stands after the step)."""
    return {
        "ticket_id": ticket.id,
        "reference": ticket.reference,
        "category": ticket.category,
        "service_id": ticket.service_id,
        "level": ticket.level,
        "reporter_email": ticket.reporter_email,
        "language": ticket.language,
        "status_url": ticket.status_url,
    }


def facts_of(before: Ticket, after: Ticket, attempt: Attempt, trigger: Trigger) -> tuple[Event, ...]:
    """The facts one step publishes (release and notes publish none)."""
    common = {**envelope(after, attempt), **about(after)}
    if trigger is T.CLAIM:
        if before.level in before.claimed_levels:
            return ()  # the reporter hears of the first claim at each level only
        return (TicketClaimedV1(**common, staff_id=attempt.actor.id, level_label=after.level_label),)
    if trigger is T.REPLY or trigger is T.REPORTER_REPLY:
        by = "pelapor" if trigger is T.REPORTER_REPLY else "petugas"
        return (TicketRepliedV1(**common, message_id=attempt.message_id, by=by),)
    if trigger is T.REQUEST_INFO:
        return (TicketInfoRequestedV1(**common, message_id=attempt.message_id),)
    if trigger is T.ESCALATE or trigger is T.FORWARD_TO_LKPP:
        return (escalated(before, after, attempt, trigger),)
    if trigger is T.LKPP_ANSWER:
        source = {"lkpp": "callback", "system": "gateway"}.get(attempt.actor.role, "petugas")
        answer = TicketAnsweredByLkppV1(
            **common, lkpp_ref=before.lkpp_ref or attempt.lkpp_ref, result=attempt.result, source=source
        )
        return (answer,)
    if trigger is T.RESOLVE:
        return (
            TicketResolvedV1(
                **common,
                resolved_level=before.level,
                within_deadline=attempt.within_deadline,
                reopen_until=attempt.reopen_until,
            ),
        )
    if trigger is T.REOPEN:
        return (TicketReopenedV1(**common, reopen_count=after.reopen_count),)
    if trigger is T.CLOSE:
        return (closed(before, attempt, common),)
    if trigger is T.RATE:
        return (TicketRatedV1(**common, rating=attempt.rating),)
    return ()


def escalated(before: Ticket, after: Ticket, attempt: Attempt, trigger: Trigger) -> TicketEscalatedV1:
    """One rung up; to LKPP it carries what the gateway sends on (summary, the note, who reported, since when)."""
    to_lkpp = trigger is T.FORWARD_TO_LKPP
    fields = about(after)
    del fields["level"]
    return TicketEscalatedV1(
        **envelope(after, attempt),
        **fields,
        from_level=before.level,
        to_level=after.level,
        to_label=after.level_label,
        clock_note=after.clock_note[:500],
        summary=before.summary if to_lkpp else None,
        lkpp_note=attempt.lkpp_note if to_lkpp else None,
        reporter_role=before.reporter_role if to_lkpp else None,
        opened_at=before.opened_at if to_lkpp else None,
    )


def closed(before: Ticket, attempt: Attempt, common: dict[str, Any]) -> TicketClosedV1:
    """Closed by the reporter, staff or the platform, with why, and the survey invitation."""
    closed_by = {"pelapor": "pelapor", "system": "sistem"}.get(attempt.actor.role, "petugas")
    reason = close_reason(before, attempt)
    return TicketClosedV1(**common, closed_by=closed_by, reason=reason, survey_url=attempt.survey_url)


def close_reason(before: Ticket, attempt: Attempt) -> TicketCloseReason:
    """Why a close happens: a resolved ticket closes as solved (by the platform: its reopen window ended)."""
    if before.status is TicketStatus.RESOLVED:
        return "batas_buka_kembali" if attempt.actor.role == "system" else "selesai"
    return attempt.close_reason or "selesai"


def with_due(facts: tuple[Event, ...], due: datetime | None) -> tuple[Event, ...]:
    """The facts with the due instant the clocks now have (known once they are moved)."""
    moved: list[Event] = []
    for fact in facts:
        if isinstance(fact, TicketRepliedV1 | TicketReopenedV1 | TicketEscalatedV1) and due is not None:
            moved.append(fact.model_copy(update={"due_at": due}))
        else:
            moved.append(fact)
    return tuple(moved)


def with_paused_seconds(facts: tuple[Event, ...], seconds: float | None) -> tuple[Event, ...]:
    """The info request with the working time the clock kept."""
    return tuple(
        f.model_copy(update={"paused_remaining_seconds": seconds}) if isinstance(f, TicketInfoRequestedV1) else f
        for f in facts
    )


__all__ = ["about", "close_reason", "envelope", "facts_of", "replace", "with_due", "with_paused_seconds"]
