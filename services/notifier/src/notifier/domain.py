"""The notifier's pure domain: the delivery state machine, SMTP outcomes, retries (which email a fact sends: emails)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from contracts.envelope import Actor, Language
from contracts.notifier import NotificationFailedV1, NotificationSentV1
from lpse_runtime.decision import Decided
from lpse_runtime.machine import transition
from lpse_runtime.text import mask_emails_in


class DeliveryStatus(StrEnum):
    """Where one email stands."""

    CREATED = "created"
    SENDING = "sending"
    DELIVERED = "delivered"
    TEMPORARY_FAILURE = "temporary_failure"
    EXPIRED = "expired"
    PERMANENT_FAILURE = "permanent_failure"
    TECHNICAL_FAILURE = "technical_failure"
    SUPPRESSED = "suppressed"


class Outcome(StrEnum):
    """What happened to a delivery."""

    CLAIM = "claim"  # a sender takes it (again, when a sender died mid-send and its lease ran out)
    ACCEPTED = "accepted"  # the mail server accepted the message (250)
    TEMPORARY = "temporary"  # 4xx, connection refused, timeout: try again later
    GIVE_UP = "give_up"  # temporary failures until the attempts ran out
    PERMANENT = "permanent"  # 5xx for the recipient or the message: suppress the address
    TECHNICAL = "technical"  # our side: the message could not be built, or the server refused our credentials
    SUPPRESS = "suppress"  # the address is on the suppression list: not tried


TRANSITIONS: dict[tuple[DeliveryStatus, Outcome], DeliveryStatus] = {
    (DeliveryStatus.CREATED, Outcome.CLAIM): DeliveryStatus.SENDING,
    (DeliveryStatus.TEMPORARY_FAILURE, Outcome.CLAIM): DeliveryStatus.SENDING,
    (DeliveryStatus.SENDING, Outcome.CLAIM): DeliveryStatus.SENDING,
    (DeliveryStatus.SENDING, Outcome.ACCEPTED): DeliveryStatus.DELIVERED,
    (DeliveryStatus.SENDING, Outcome.TEMPORARY): DeliveryStatus.TEMPORARY_FAILURE,
    (DeliveryStatus.SENDING, Outcome.GIVE_UP): DeliveryStatus.EXPIRED,
    (DeliveryStatus.SENDING, Outcome.PERMANENT): DeliveryStatus.PERMANENT_FAILURE,
    (DeliveryStatus.SENDING, Outcome.TECHNICAL): DeliveryStatus.TECHNICAL_FAILURE,
    (DeliveryStatus.CREATED, Outcome.TECHNICAL): DeliveryStatus.TECHNICAL_FAILURE,
    (DeliveryStatus.SENDING, Outcome.SUPPRESS): DeliveryStatus.SUPPRESSED,
}

FINAL_FAILURES = frozenset(
    {
        DeliveryStatus.EXPIRED,
        DeliveryStatus.PERMANENT_FAILURE,
        DeliveryStatus.TECHNICAL_FAILURE,
        DeliveryStatus.SUPPRESSED,
    }
)

STATUS_LABEL: dict[DeliveryStatus, str] = {
    DeliveryStatus.CREATED: "Menunggu dikirim",
    DeliveryStatus.SENDING: "Sedang dikirim",
    DeliveryStatus.DELIVERED: "Terkirim",
    DeliveryStatus.TEMPORARY_FAILURE: "Gagal sementara, dicoba lagi",
    DeliveryStatus.EXPIRED: "Gagal, batas percobaan habis",
    DeliveryStatus.PERMANENT_FAILURE: "Ditolak server penerima (alamat diblokir)",
    DeliveryStatus.TECHNICAL_FAILURE: "Gagal teknis",
    DeliveryStatus.SUPPRESSED: "Tidak dikirim: alamat diblokir",
}


def next_status(status: DeliveryStatus, outcome: Outcome) -> DeliveryStatus:
    """The delivery status after an outcome (the table's lookup)."""
    return transition(TRANSITIONS, status, outcome)


SENDER = Actor.system("notifier")


@dataclass(frozen=True)
class Delivery:
    """What the sender's decision needs to know of one claimed delivery."""

    delivery_id: uuid.UUID
    lpse: str
    correlation_id: uuid.UUID
    trigger_event_id: uuid.UUID
    template: str
    template_version: int
    status: DeliveryStatus
    attempts: int
    recipient: str


@dataclass(frozen=True)
class Recorded:
    """A delivery after an attempt, as stored: its status, when it went or is retried, the error, a suppression."""

    delivery: Delivery
    outcome: Outcome
    decided_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None
    error: str | None
    suppress: bool


def decide(
    delivery: Delivery, outcome: Outcome, *, now: datetime, detail: str, max_attempts: int, backoff: tuple[float, ...]
) -> Decided[Recorded]:
    """Where a delivery stands after one attempt, and the fact a final outcome publishes (addresses masked in it)."""
    outcome = after_failure(outcome, delivery.attempts, max_attempts)
    status = next_status(delivery.status, outcome)
    recorded = Recorded(
        delivery=replace(delivery, status=status),
        outcome=outcome,
        decided_at=now,
        sent_at=now if status is DeliveryStatus.DELIVERED else None,
        next_attempt_at=next_attempt(now, delivery.attempts, backoff)
        if status is DeliveryStatus.TEMPORARY_FAILURE
        else None,
        error=None if status is DeliveryStatus.DELIVERED else detail,
        suppress=status is DeliveryStatus.PERMANENT_FAILURE,
    )
    envelope = {
        "occurred_at": now,
        "lpse": delivery.lpse,
        "correlation_id": delivery.correlation_id,
        "causation_id": delivery.trigger_event_id,
        "actor": SENDER,
        "delivery_id": delivery.delivery_id,
        "template": delivery.template,
        "trigger_event_id": delivery.trigger_event_id,
    }
    if status is DeliveryStatus.DELIVERED:
        return Decided(
            recorded, (NotificationSentV1.model_validate({**envelope, "template_version": delivery.template_version}),)
        )
    if status in FINAL_FAILURES:
        reason = f"{status.value}: {mask_emails_in(detail)}"[:500]
        return Decided(recorded, (NotificationFailedV1.model_validate({**envelope, "reason": reason}),))
    return Decided(recorded)


def after_failure(outcome: Outcome, attempts: int, max_attempts: int) -> Outcome:
    """A temporary failure on the last allowed attempt becomes giving up."""
    return Outcome.GIVE_UP if outcome is Outcome.TEMPORARY and attempts >= max_attempts else outcome


def next_attempt(now: datetime, attempts: int, backoff_seconds: tuple[float, ...]) -> datetime:
    """When to try again after `attempts` tries: the backoff step for that try, its last step afterwards."""
    step = backoff_seconds[min(max(attempts, 1), len(backoff_seconds)) - 1] if backoff_seconds else 0.0
    return now + timedelta(seconds=step)


def capacity(sent_in_window: int, per_minute: int) -> int:
    """How many more messages the sender may hand to the server in the current minute."""
    return max(per_minute - sent_in_window, 0)


def classify_smtp_code(code: int) -> Outcome:
    """An SMTP reply code as an outcome: 2xx accepted, 4xx temporary, 5xx permanent."""
    if 200 <= code < 300:
        return Outcome.ACCEPTED
    if 400 <= code < 500:
        return Outcome.TEMPORARY
    return Outcome.PERMANENT


@dataclass(frozen=True)
class EmailTemplate:
    """A versioned email; its body lives in templates/email/<name>.<language>.{txt,html}.

    `staff_role` names the staff written to (every active holder of the role in the fact's LPSE with an official
    email, in Bahasa Indonesia only); without it the email goes to the applicant or reporter the fact names.
    """

    name: str
    version: int
    subject: dict[Language, str]
    staff_role: str | None = None


HEAD = "kepala_lpse"
# What the deliveries page shows when a fact meant for the heads of an LPSE finds none with an address on record.
NO_HEAD_EMAIL = "Kepala LPSE belum mencatat email"
NO_HEAD_RECIPIENT = "Kepala LPSE"
