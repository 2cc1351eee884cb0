"""The audit row each ticket step leaves: when, who (with their role), on which ticket, which step, the statuses
before and after, and a reason that is a code and never free text (README *Tickets and the ladder*): a close's is the
closed fact's (`batas_buka_kembali` when the platform closes it at the end of the reopen window), an answer's LKPP's
result."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from contracts.envelope import Actor
from helpdesk.domain import ClockMove, Ticket, TicketStatus, Trigger, decide
from helpdesk.domain.attempt import Attempt
from services.helpdesk.tests.unit.ticket_kit import ADMIN, AT, HELPDESK, LKPP, REPORTER, attempt, ticket

S, T = TicketStatus, Trigger
SYSTEM = Actor(id="system", role="system")
LATER = AT + timedelta(hours=3)
AT_ADMIN = {"level": "admin_ppe", "level_label": "Admin PPE", "holder": ADMIN.id}

ROWS: list[tuple[Ticket, Attempt, tuple[str, str, str, str, str, str | None]]] = [
    (ticket(), attempt(T.CLAIM, HELPDESK), ("helpdesk.temanggung", "helpdesk", "claim", "queued", "in_progress", None)),
    (
        ticket(S.IN_PROGRESS),
        attempt(T.RELEASE, HELPDESK),
        ("helpdesk.temanggung", "helpdesk", "release", "in_progress", "queued", None),
    ),
    (
        ticket(S.IN_PROGRESS),
        attempt(T.REPLY, HELPDESK),
        ("helpdesk.temanggung", "helpdesk", "reply", "in_progress", "in_progress", None),
    ),
    (
        ticket(S.INFO_REQUESTED),
        attempt(T.REPORTER_REPLY, REPORTER),
        ("pelapor:TIK-TMG-1", "pelapor", "reporter_reply", "info_requested", "in_progress", None),
    ),
    (
        ticket(S.IN_PROGRESS, **AT_ADMIN),
        attempt(T.FORWARD_TO_LKPP, ADMIN),
        ("adminppe.temanggung", "admin_ppe", "forward_to_lkpp", "in_progress", "at_lkpp", None),
    ),
    (
        ticket(S.AT_LKPP),
        attempt(T.LKPP_ANSWER, LKPP, result="dikembalikan"),
        ("lkpp", "lkpp", "lkpp_answer", "at_lkpp", "lkpp_answered", "dikembalikan"),
    ),
    (
        ticket(S.RESOLVED),
        attempt(T.REOPEN, REPORTER),
        ("pelapor:TIK-TMG-1", "pelapor", "reopen", "resolved", "queued", None),
    ),
    (
        ticket(S.IN_PROGRESS),
        attempt(T.CLOSE, HELPDESK, close_reason="duplikat"),
        ("helpdesk.temanggung", "helpdesk", "close", "in_progress", "closed", "duplikat"),
    ),
    (
        ticket(S.RESOLVED),
        attempt(T.CLOSE, REPORTER, close_reason=None),
        ("pelapor:TIK-TMG-1", "pelapor", "close", "resolved", "closed", "selesai"),
    ),
    (
        ticket(S.RESOLVED),
        attempt(T.CLOSE, SYSTEM, close_reason=None),
        ("system", "system", "close", "resolved", "closed", "batas_buka_kembali"),
    ),
    (
        ticket(S.RESOLVED),
        attempt(T.CLOSE, HELPDESK, close_reason="duplikat"),
        ("helpdesk.temanggung", "helpdesk", "close", "resolved", "closed", "selesai"),
    ),
    (
        ticket(S.CLOSED),
        attempt(T.RATE, REPORTER, rating=3),
        ("pelapor:TIK-TMG-1", "pelapor", "rate", "closed", "rated", None),
    ),
]


@pytest.mark.parametrize(("before", "step", "row"), ROWS, ids=[f"{r[2]}-{r[3]}-{r[1]}" for _, _, r in ROWS])
def test_each_step_leaves_one_row_naming_who_and_what(
    before: Ticket, step: Attempt, row: tuple[str, str, str, str, str, str | None]
) -> None:
    audit = decide(before, replace_now(step)).decided.audit
    assert audit is not None
    got = (audit.actor.id, audit.actor.role, audit.action, audit.before, audit.after, audit.reason)
    assert got == row  # a close's reason is the one its closed fact carries
    assert (audit.at, audit.entity, audit.entity_id) == (LATER, "ticket", "00000000-0000-0000-0000-000000000009")


def replace_now(step: Attempt) -> Attempt:
    """The step three hours after the kit's instant (so the row's time is the step's, not the ticket's)."""
    return replace(step, now=LATER)


@pytest.mark.parametrize(
    ("status", "trigger", "actor", "clock"),
    [
        (S.QUEUED, T.CLAIM, HELPDESK, ClockMove.KEEP),
        (S.IN_PROGRESS, T.REQUEST_INFO, HELPDESK, ClockMove.PAUSE),
        (S.INFO_REQUESTED, T.REPORTER_REPLY, REPORTER, ClockMove.RESUME),
        (S.IN_PROGRESS, T.REPORTER_REPLY, REPORTER, ClockMove.KEEP),
        (S.IN_PROGRESS, T.RESOLVE, HELPDESK, ClockMove.STOP),
        (S.RESOLVED, T.REOPEN, REPORTER, ClockMove.RESTART),
        (S.RESOLVED, T.CLOSE, REPORTER, ClockMove.STOP),
        (S.QUEUED, T.CLOSE, HELPDESK, ClockMove.STOP),
    ],
)
def test_each_step_says_what_it_does_to_the_clocks(
    status: TicketStatus, trigger: Trigger, actor: Actor, clock: ClockMove
) -> None:
    step = decide(ticket(status), attempt(trigger, actor))
    assert (step.clock, step.trigger) == (clock, trigger)


def test_a_closed_ticket_remembers_when_it_closed() -> None:
    closed = decide(ticket(S.RESOLVED), attempt(T.CLOSE, REPORTER, close_reason=None, now=LATER)).decided.state
    assert (closed.status, closed.closed_at) == (S.CLOSED, LATER)
