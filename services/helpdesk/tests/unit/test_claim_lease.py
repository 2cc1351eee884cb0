"""The claim and its 30-minute lease, as at the verifiers' desk (README): a held ticket is taken over only once the
lease ran out; only the holder works it; replying renews the lease; escalating lets it go."""

from __future__ import annotations

from datetime import timedelta

import pytest

from contracts.envelope import Actor
from helpdesk.domain import TicketRefused, TicketStatus, Trigger, decide
from services.helpdesk.tests.unit.ticket_kit import AT, HELPDESK, attempt, ticket

OTHER = Actor(id="helpdesk2.temanggung", role="helpdesk")
HELD = ticket(TicketStatus.IN_PROGRESS)  # held by HELPDESK until AT + 30 min


def test_a_claim_holds_the_ticket_for_thirty_minutes() -> None:
    after = decide(ticket(), attempt(Trigger.CLAIM, HELPDESK)).decided.state
    assert (after.holder, after.lease_until) == (HELPDESK.id, AT + timedelta(minutes=30))


def test_a_held_ticket_is_not_claimed_by_another_before_the_lease_ends() -> None:
    with pytest.raises(TicketRefused, match=r"^Tiket ini sedang dikerjakan helpdesk\.temanggung\.$"):
        decide(HELD, attempt(Trigger.CLAIM, OTHER, now=AT + timedelta(minutes=29)))


def test_once_the_lease_ran_out_another_takes_it_over_without_a_second_claimed_fact() -> None:
    held = ticket(TicketStatus.IN_PROGRESS, claimed_levels=("helpdesk",))
    step = decide(held, attempt(Trigger.CLAIM, OTHER, now=AT + timedelta(minutes=30)))
    assert step.decided.state.holder == OTHER.id
    assert step.decided.facts == ()  # the reporter heard of the first claim at this level only


@pytest.mark.parametrize("trigger", [Trigger.REPLY, Trigger.REQUEST_INFO, Trigger.RESOLVE, Trigger.RELEASE])
def test_only_the_holder_works_a_claimed_ticket(trigger: Trigger) -> None:
    with pytest.raises(TicketRefused, match=r"^Tiket ini sedang dikerjakan helpdesk\.temanggung\.$"):
        decide(HELD, attempt(trigger, OTHER))


def test_an_unclaimed_ticket_is_claimed_first() -> None:
    unheld = ticket(TicketStatus.IN_PROGRESS, holder=None, lease_until=None)
    with pytest.raises(TicketRefused, match=r"^Klaim tiket ini terlebih dahulu\.$"):
        decide(unheld, attempt(Trigger.REPLY, HELPDESK))


def test_a_reply_renews_the_lease_and_an_escalation_lets_the_ticket_go() -> None:
    later = AT + timedelta(minutes=20)
    replied = decide(HELD, attempt(Trigger.REPLY, HELPDESK, now=later)).decided.state
    assert replied.lease_until == later + timedelta(minutes=30)
    escalated = decide(HELD, attempt(Trigger.ESCALATE, HELPDESK, now=later)).decided.state
    assert (escalated.status, escalated.level, escalated.holder) == (TicketStatus.QUEUED, "admin_ppe", None)
