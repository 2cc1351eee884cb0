"""What each action on a case announces: one fact builder per trigger."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from contracts.envelope import Event
from contracts.verification import (
    AccountActivatedV1,
    CaseCheckedInV1,
    CaseClaimedV1,
    CaseHandedOverV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    CaseVerifiedV1,
)
from verification.domain.case import CaseStatus, Trigger
from verification.domain.guards import Attempt


def about(a: Attempt) -> dict[str, Any]:
    """What every fact about the case carries."""
    case = a.case
    return {
        "occurred_at": a.now,
        "lpse": case.lpse,
        "correlation_id": case.application_id,
        "causation_id": None,
        "actor": a.actor,
        "case_id": case.case_id,
        "application_id": case.application_id,
        "reference": case.reference,
        "applicant_email": case.applicant_email,
        "status_url": case.status_url,
        "language": case.language,
        "director_name": case.director_name,
    }


def checked_in(a: Attempt) -> tuple[Event, ...]:
    """The applicant is at the counter."""
    return (CaseCheckedInV1(**about(a), officer_id=a.actor.id),)


def handed_over(a: Attempt) -> tuple[Event, ...]:
    """The file is at the counter; its due instant is filled in once the clocks have started."""
    return (CaseHandedOverV1(**about(a), officer_id=a.actor.id),)


def claimed(a: Attempt) -> tuple[Event, ...]:
    """A queued case is taken; taking over a lapsed claim announces nothing new."""
    return (CaseClaimedV1(**about(a), verifier_id=a.actor.id),) if a.case.status is CaseStatus.QUEUED else ()


def reassigned(a: Attempt) -> tuple[Event, ...]:
    """A queued case given to a verifier is claimed for them."""
    if a.case.status is CaseStatus.QUEUED and a.new_assignee:
        return (CaseClaimedV1(**about(a), verifier_id=a.new_assignee),)
    return ()


def released(_: Attempt) -> tuple[Event, ...]:
    """Back in the queue: nothing for the applicant to hear."""
    return ()


def returned(a: Attempt) -> tuple[Event, ...]:
    """The file goes back with what is missing."""
    return (CaseReturnedV1(**about(a), verifier_id=a.actor.id, reason=a.reason.strip(), items=a.returned_items),)


def resumed(a: Attempt) -> tuple[Event, ...]:
    """The verifier works on the file again."""
    return (CaseResumedV1(**about(a), verifier_id=a.actor.id),)


def resubmitted(a: Attempt) -> tuple[Event, ...]:
    """The applicant sent what was missing: the case resumes for its verifier."""
    return (CaseResumedV1(**about(a), verifier_id=a.case.assignee or "-"),)


def rejected(a: Attempt) -> tuple[Event, ...]:
    """The application is refused, with why."""
    return (CaseRejectedV1(**about(a), verifier_id=a.actor.id, reason=a.reason.strip()),)


def verified(a: Attempt) -> tuple[Event, ...]:
    """The file is complete."""
    return (CaseVerifiedV1(**about(a), verifier_id=a.actor.id),)


def activated(a: Attempt) -> tuple[Event, ...]:
    """The account exists: the set-password link and the receipt go to the applicant."""
    if a.activation is None:
        return ()
    return (
        AccountActivatedV1(
            **about(a),
            provider_id=a.activation.provider_id,
            user_id=a.activation.user_id,
            set_password_url=a.activation.set_password_url,
            set_password_expires_at=a.activation.expires_at,
            attachments=a.activation.attachments,
        ),
    )


def approved(a: Attempt) -> tuple[Event, ...]:
    """One officer verifies and activates at once."""
    return (*verified(a), *activated(a))


FACTS: dict[Trigger, Callable[[Attempt], tuple[Event, ...]]] = {
    Trigger.CHECK_IN: checked_in,
    Trigger.HAND_OVER: handed_over,
    Trigger.CLAIM: claimed,
    Trigger.REASSIGN: reassigned,
    Trigger.RELEASE: released,
    Trigger.RETURN: returned,
    Trigger.RESUME: resumed,
    Trigger.RESUBMIT: resubmitted,
    Trigger.REJECT: rejected,
    Trigger.VERIFY: verified,
    Trigger.APPROVE: approved,
    Trigger.CONFIRM: activated,
}


def with_due(facts: tuple[Event, ...], due_at: datetime | None) -> tuple[Event, ...]:
    """Resumed-case facts carry the new due instant so the applicant's status page can show it."""
    return tuple(e.model_copy(update={"due_at": due_at}) if isinstance(e, CaseResumedV1) else e for e in facts)


def with_hand_over(facts: tuple[Event, ...], due_at: datetime | None, deadline_text: str | None) -> tuple[Event, ...]:
    """The handed-over fact carries the deadline that just started."""
    return tuple(
        e.model_copy(update={"due_at": due_at, "deadline_text": deadline_text})
        if isinstance(e, CaseHandedOverV1)
        else e
        for e in facts
    )
