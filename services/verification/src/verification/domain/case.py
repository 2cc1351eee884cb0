"""The verification case: its statuses, what staff do to it, and the tables that say where each action leads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from contracts.envelope import AttachmentRef, Language
from contracts.lpse import VerificationMode

SET_PASSWORD_VALIDITY = timedelta(hours=72)
CLAIM_LEASE = timedelta(minutes=30)


class CaseStatus(StrEnum):
    """Where a verification case stands."""

    AWAITING_VISIT = "awaiting_visit"  # counter mode: invited, the applicant has not come yet
    CHECKED_IN = "checked_in"  # counter mode: at the counter (guest book), the file not handed over yet
    QUEUED = "queued"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    REJECTED = "rejected"
    ACTIVATED = "activated"


class Trigger(StrEnum):
    """What staff do to a case."""

    CHECK_IN = "check_in"  # counter staff record the applicant's arrival
    HAND_OVER = "hand_over"  # counter staff receive the file: the service clock starts
    CLAIM = "claim"
    RELEASE = "release"
    REASSIGN = "reassign"
    RETURN = "return"
    RESUME = "resume"
    REJECT = "reject"
    RESUBMIT = "resubmit"  # the applicant uploaded again what was returned
    APPROVE = "approve"  # activates at once, where the standard needs no second officer
    VERIFY = "verify"  # hands the verified file to a second officer, where the standard needs one
    CONFIRM = "confirm"  # the second officer confirms and the account is activated


TRANSITIONS: dict[tuple[CaseStatus, Trigger], CaseStatus] = {
    (CaseStatus.AWAITING_VISIT, Trigger.CHECK_IN): CaseStatus.CHECKED_IN,
    (CaseStatus.CHECKED_IN, Trigger.HAND_OVER): CaseStatus.QUEUED,
    (CaseStatus.QUEUED, Trigger.CLAIM): CaseStatus.IN_REVIEW,
    (CaseStatus.IN_REVIEW, Trigger.CLAIM): CaseStatus.IN_REVIEW,  # only once the holder's lease ran out
    (CaseStatus.IN_REVIEW, Trigger.RELEASE): CaseStatus.QUEUED,
    (CaseStatus.QUEUED, Trigger.REASSIGN): CaseStatus.IN_REVIEW,
    (CaseStatus.IN_REVIEW, Trigger.REASSIGN): CaseStatus.IN_REVIEW,
    (CaseStatus.IN_REVIEW, Trigger.RETURN): CaseStatus.RETURNED,
    (CaseStatus.RETURNED, Trigger.RESUME): CaseStatus.IN_REVIEW,
    (CaseStatus.RETURNED, Trigger.RESUBMIT): CaseStatus.IN_REVIEW,
    (CaseStatus.IN_REVIEW, Trigger.REJECT): CaseStatus.REJECTED,
    (CaseStatus.IN_REVIEW, Trigger.APPROVE): CaseStatus.ACTIVATED,
    (CaseStatus.IN_REVIEW, Trigger.VERIFY): CaseStatus.AWAITING_CONFIRMATION,
    (CaseStatus.AWAITING_CONFIRMATION, Trigger.CONFIRM): CaseStatus.ACTIVATED,
}


class Holder(StrEnum):
    """Who holds a case after an action."""

    NOBODY = "nobody"
    KEEP = "keep"  # whoever held it before
    ACTOR = "actor"  # the staff member who acted
    CHOSEN = "chosen"  # the verifier the head of the LPSE chose


# Who holds the case after each action, and whether a claim lease runs (the holder keeps it while working on it).
HOLD_AFTER: dict[Trigger, tuple[Holder, bool]] = {
    Trigger.CHECK_IN: (Holder.NOBODY, False),
    Trigger.HAND_OVER: (Holder.NOBODY, False),
    Trigger.CLAIM: (Holder.ACTOR, True),
    Trigger.REASSIGN: (Holder.CHOSEN, True),
    Trigger.RELEASE: (Holder.NOBODY, False),
    Trigger.RETURN: (Holder.KEEP, True),
    Trigger.RESUME: (Holder.KEEP, True),
    Trigger.RESUBMIT: (Holder.KEEP, True),
    Trigger.REJECT: (Holder.KEEP, False),
    Trigger.APPROVE: (Holder.KEEP, False),
    Trigger.VERIFY: (Holder.KEEP, False),
    Trigger.CONFIRM: (Holder.KEEP, False),
}

# While the file is back with the applicant, the case's clocks do not count; a closed case's clocks stop.
PAUSED_STATUSES = frozenset({CaseStatus.RETURNED})
CLOSED_STATUSES = frozenset({CaseStatus.ACTIVATED, CaseStatus.REJECTED})

# A case opens here: in counter mode it waits for the visit; online, the uploads go straight to the queue.
OPENING_STATUS: dict[VerificationMode, CaseStatus] = {
    "loket": CaseStatus.AWAITING_VISIT,
    "unggahan": CaseStatus.QUEUED,
}

VERIFIER_ROLES = frozenset({"verifikator", "kepala_lpse"})
# At the counter the helpdesk receives the file too (Banjarmasin BJM-1 steps 7-8).
COUNTER_ROLES = VERIFIER_ROLES | {"helpdesk"}
COUNTER_TRIGGERS = frozenset({Trigger.CHECK_IN, Trigger.HAND_OVER})
HOLDER_TRIGGERS = frozenset(
    {Trigger.RELEASE, Trigger.RETURN, Trigger.RESUME, Trigger.REJECT, Trigger.APPROVE, Trigger.VERIFY}
)
ACTIVATING_TRIGGERS = frozenset({Trigger.APPROVE, Trigger.CONFIRM})


class Refused(Exception):
    """The action is not allowed: the message says why, in Indonesian, for the staff console."""


@dataclass(frozen=True)
class Case:
    """The part of a case the state machine decides on."""

    case_id: uuid.UUID
    application_id: uuid.UUID
    lpse: str
    status: CaseStatus
    reference: str
    applicant_email: str
    status_url: str
    assignee: str | None
    opened_by_event: uuid.UUID
    language: Language = "id"
    lease_until: datetime | None = None
    verified_by: str | None = None
    director_name: str | None = None
    updated_at: datetime | None = None

    def held(self) -> str:
        """The status with its holder, as the audit log keeps it: 'in_review (rina)', 'queued (-)'."""
        return f"{self.status.value} ({self.assignee or '-'})"


@dataclass(frozen=True)
class Activation:
    """What approving a case creates: the provider and the one-time set-password link."""

    provider_id: uuid.UUID
    user_id: str
    set_password_url: str
    expires_at: datetime
    attachments: tuple[AttachmentRef, ...] = ()


class ClockMove(StrEnum):
    """What an action does to the case's clocks."""

    KEEP = "keep"
    START = "start"  # counter mode: the file is handed over, the service clock starts
    PAUSE = "pause"  # the file goes back to the applicant
    RESUME = "resume"  # the file is back: count on with the time left
    STOP = "stop"  # the case is closed


def clock_move(before: CaseStatus, after: CaseStatus, trigger: Trigger) -> ClockMove:
    """How the clocks follow the case from one status to the next."""
    if after in CLOSED_STATUSES:
        return ClockMove.STOP
    if after in PAUSED_STATUSES and before not in PAUSED_STATUSES:
        return ClockMove.PAUSE
    if before in PAUSED_STATUSES and after not in PAUSED_STATUSES:
        return ClockMove.RESUME
    return ClockMove.START if trigger is Trigger.HAND_OVER else ClockMove.KEEP
