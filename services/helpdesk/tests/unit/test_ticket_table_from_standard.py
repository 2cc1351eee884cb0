"""The ticket's state machine, written by hand from the standard's consolidated ticket machine (§7.4).

The oracle is the standard, never `helpdesk.domain.TRANSITIONS`. The desk models the helpdesk's own leg: a ticket is
taken up (§7.4 OPEN → TRIAGED, "Helpdesk analyses") and solved (§7.4 TRIAGED → RESOLVED, TMG-9 b.1; DPK-1c's
product "Terselesaikannya Penanganan Permasalahan"); escalation to Admin PPE / LKPP is not built yet.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

import pytest

from contracts.envelope import Actor
from helpdesk.domain import Ticket, TicketStatus, Trigger, decide
from lpse_runtime.machine import TransitionRefused

AT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
STAFF = Actor(id="helpdesk.depok", role="helpdesk")
S, T = TicketStatus, Trigger

ALLOWED: dict[tuple[TicketStatus, Trigger], TicketStatus] = {
    # Standard §7.4: OPEN —Helpdesk analyses and classifies→ TRIAGED (TMG-9 b; BJM-7 step 3).
    (S.OPEN, T.TAKE): S.IN_PROGRESS,
    # Standard §7.4: TRIAGED —solved by Helpdesk→ RESOLVED (TMG-9 b.1).
    (S.IN_PROGRESS, T.RESOLVE): S.RESOLVED,
}


@pytest.mark.parametrize(("pair", "target"), list(ALLOWED.items()))
def test_each_step_the_standard_allows_leads_where_it_says(
    pair: tuple[TicketStatus, Trigger], target: TicketStatus
) -> None:
    assert decide(Ticket(uuid.uuid4(), pair[0]), pair[1], at=AT, actor=STAFF).state.status is target


@pytest.mark.parametrize("pair", [p for p in itertools.product(S, T) if p not in ALLOWED])
def test_every_other_step_is_refused_naming_the_step_and_the_status(pair: tuple[TicketStatus, Trigger]) -> None:
    status, trigger = pair
    with pytest.raises(TransitionRefused) as refused:
        decide(Ticket(uuid.uuid4(), status), trigger, at=AT, actor=STAFF)
    assert str(refused.value) == f"{trigger.value} does not apply in state {status.value}"


@pytest.mark.parametrize("trigger", list(T))
def test_a_resolved_ticket_stays_resolved(trigger: Trigger) -> None:
    with pytest.raises(TransitionRefused, match=f"^{trigger.value} does not apply in state resolved$"):
        decide(Ticket(uuid.uuid4(), S.RESOLVED), trigger, at=AT, actor=STAFF)


def test_a_ticket_nobody_took_up_is_not_resolved() -> None:
    with pytest.raises(TransitionRefused, match=r"^resolve does not apply in state open$"):
        decide(Ticket(uuid.uuid4(), S.OPEN), T.RESOLVE, at=AT, actor=STAFF)
