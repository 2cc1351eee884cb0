"""A clock's reminder or breach timer is due: announced while the clock still runs towards that deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from contracts.envelope import Actor
from contracts.verification import CaseDeadlineApproachingV1, CaseDeadlineBreachedV1
from lpse_runtime.decision import AuditEntry, Decided
from verification.domain.case import Case

TIMER_ACTOR = Actor.system("verification-timers")


@dataclass(frozen=True)
class RunningClock:
    """A case's clock as its timer finds it."""

    name: str
    label: str
    deadline_text: str
    status: str
    due_at: datetime | None


def timer_applies(clock: RunningClock | None, timer_due: datetime) -> bool:
    """Whether the clock still runs towards the instant the timer was set for (not stopped, paused or moved)."""
    return clock is not None and clock.status == "running" and clock.due_at == timer_due


def deadline_reached(case: Case, clock: RunningClock, *, breach: bool, now: datetime) -> Decided[bool]:
    """The reminder (approaching) or the breach fact; a breach is also marked on the clock and audited."""
    fact = CaseDeadlineBreachedV1 if breach else CaseDeadlineApproachingV1
    announced = fact(
        occurred_at=now,
        lpse=case.lpse,
        correlation_id=case.application_id,
        actor=TIMER_ACTOR,
        case_id=case.case_id,
        reference=case.reference,
        clock=clock.name,
        clock_label=clock.label,
        due_at=clock.due_at,
    )
    audit = AuditEntry(
        at=now,
        actor=TIMER_ACTOR,
        entity="case",
        entity_id=str(case.case_id),
        action="deadline_breached",
        before=case.status.value,
        after=case.status.value,
        reason=f"{clock.label} ({clock.deadline_text}) jatuh tempo {clock.due_at}",
    )
    return Decided(breach, (announced,), audit if breach else None)
