"""The case's decision: guards, then the transition table, the holder table and the facts table."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from contracts.envelope import Actor
from lpse_runtime.decision import AuditEntry, Decided
from verification.domain.case import (
    ACTIVATING_TRIGGERS,
    CLAIM_LEASE,
    HOLD_AFTER,
    TRANSITIONS,
    Activation,
    Case,
    Holder,
    Refused,
    Trigger,
)
from verification.domain.facts import FACTS
from verification.domain.guards import Attempt, first_refusal
from verification.domain.labels import STATUS_LABEL, TRIGGER_LABEL

# The applicant holds no case: their resubmission is recorded by status alone.
AUDITED_WITHOUT_HOLDER = frozenset({Trigger.RESUBMIT})


def holder_after(a: Attempt) -> str | None:
    """Who holds the case once the action is done."""
    holder, _ = HOLD_AFTER[a.trigger]
    return {
        Holder.NOBODY: None,
        Holder.KEEP: a.case.assignee,
        Holder.ACTOR: a.actor.id,
        Holder.CHOSEN: a.new_assignee,
    }[holder]


def audit_of(a: Attempt, after: Case) -> AuditEntry:
    """The audit row of a decision: before → after, and why (the user ID created, on activation)."""
    plain = a.trigger in AUDITED_WITHOUT_HOLDER
    if plain:
        why: str | None = "dokumen diunggah ulang: " + ", ".join(a.reuploaded)
    elif a.trigger in ACTIVATING_TRIGGERS and a.activation is not None:
        why = f"user_id {a.activation.user_id}"
    else:
        why = a.reason.strip() or None
    return AuditEntry(
        at=a.now,
        actor=a.actor,
        entity="case",
        entity_id=str(a.case.case_id),
        action=a.trigger.value,
        before=a.case.status.value if plain else a.case.held(),
        after=after.status.value if plain else after.held(),
        reason=why,
    )


def decide(
    case: Case,
    trigger: Trigger,
    *,
    actor: Actor,
    actor_lpse: str,
    now: datetime,
    activation: Activation | None = None,
    reason: str = "",
    gaps_left: list[str] | None = None,
    new_assignee: str | None = None,
    four_eyes: bool = False,
    returned_items: tuple[str, ...] = (),
    reuploaded: tuple[str, ...] = (),
) -> Decided[Case]:
    """Apply an action to a case: the case afterwards, the facts it announces and its audit row; or raise Refused."""
    attempt = Attempt(
        case,
        trigger,
        actor,
        actor_lpse,
        now,
        reason=reason,
        gaps_left=tuple(gaps_left or ()),
        activation=activation,
        new_assignee=new_assignee,
        four_eyes=four_eyes,
        returned_items=returned_items,
        reuploaded=reuploaded,
    )
    refusal = first_refusal(attempt)
    if refusal is not None:
        raise Refused(refusal)
    status = TRANSITIONS.get((case.status, trigger))
    if status is None:
        raise Refused(
            f"Tindakan '{TRIGGER_LABEL[trigger]}' tidak berlaku untuk kasus berstatus '{STATUS_LABEL[case.status]}'."
        )
    _, leased = HOLD_AFTER[trigger]
    after = replace(
        case,
        status=status,
        assignee=holder_after(attempt),
        lease_until=now + CLAIM_LEASE if leased else None,
        verified_by=actor.id if trigger is Trigger.VERIFY else case.verified_by,
        updated_at=now,
    )
    return Decided(after, FACTS[trigger](attempt), audit_of(attempt, after))
