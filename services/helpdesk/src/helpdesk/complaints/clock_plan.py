"""Which complaint clocks each step starts, stops, pauses and resumes (the complaint table's clocks). Pure."""

from __future__ import annotations

from dataclasses import dataclass

from contracts.complaints import ClockDue, ComplaintCompletedV1, ComplaintReceivedV1
from contracts.envelope import Event
from contracts.lpse import ComplaintRules
from helpdesk.complaints.domain import Trigger

T = Trigger


@dataclass(frozen=True)
class ClockPlan:
    """Which complaint clocks a step starts, stops, pauses and resumes (by name)."""

    start: bool = False
    stop: tuple[str, ...] = ()
    pause: tuple[str, ...] = ()
    resume: tuple[str, ...] = ()


KEEP = ClockPlan()


def clock_plan(trigger: Trigger | None, rules: ComplaintRules) -> ClockPlan:
    """The complaint table's clocks: submit starts every clock; the first answer stops its clock; an incomplete
    finding pauses the response clock until the complainant completes; the response stops both."""
    first = (rules.first_answer_clock,) if rules.first_answer_clock else ()
    response = (rules.response_clock,) if rules.response_clock else ()
    if trigger is None:
        return ClockPlan(start=True)
    if trigger is T.ACKNOWLEDGE_COMPLETE:
        return ClockPlan(stop=first)
    if trigger is T.ACKNOWLEDGE_INCOMPLETE:
        return ClockPlan(stop=first, pause=tuple(n for n in response if n not in first))
    if trigger is T.COMPLAINANT_COMPLETES:
        return ClockPlan(resume=response)
    if trigger is T.RESPOND:
        return ClockPlan(stop=tuple(dict.fromkeys(first + response)))
    return KEEP


def with_dues(facts: tuple[Event, ...], dues: tuple[ClockDue, ...]) -> tuple[Event, ...]:
    """The facts with the due instants the started (or resumed) clocks now carry."""
    return tuple(
        f.model_copy(update={"dues": dues}) if isinstance(f, ComplaintReceivedV1 | ComplaintCompletedV1) else f
        for f in facts
    )
