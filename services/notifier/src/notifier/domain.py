"""The notifier's pure domain: which email each fact sends, and the delivery states."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from contracts.envelope import Event
from contracts.helpdesk import TicketOpenedV1
from contracts.registration import ApplicationSubmittedV1
from contracts.verification import AccountActivatedV1, CaseClaimedV1, CaseReturnedV1
from lpse_runtime.machine import transition


class DeliveryStatus(StrEnum):
    """Where one email stands."""

    CREATED = "created"
    SENDING = "sending"
    DELIVERED = "delivered"
    FAILED = "failed"


class Outcome(StrEnum):
    """What happened on an attempt."""

    START = "start"
    ACCEPTED = "accepted"
    REFUSED = "refused"


TRANSITIONS: dict[tuple[DeliveryStatus, Outcome], DeliveryStatus] = {
    (DeliveryStatus.CREATED, Outcome.START): DeliveryStatus.SENDING,
    (DeliveryStatus.SENDING, Outcome.START): DeliveryStatus.SENDING,
    (DeliveryStatus.SENDING, Outcome.ACCEPTED): DeliveryStatus.DELIVERED,
    (DeliveryStatus.SENDING, Outcome.REFUSED): DeliveryStatus.FAILED,
}


def decide(status: DeliveryStatus, outcome: Outcome) -> DeliveryStatus:
    """The delivery status after an outcome."""
    return transition(TRANSITIONS, status, outcome)


@dataclass(frozen=True)
class EmailTemplate:
    """A versioned email: its name, version and subject line (the body lives in templates/email)."""

    name: str
    version: int
    subject: str


TEMPLATES: dict[type[Event], EmailTemplate] = {
    ApplicationSubmittedV1: EmailTemplate("application_submitted", 1, "Permohonan {reference} diterima"),
    CaseClaimedV1: EmailTemplate("case_claimed", 1, "Permohonan {reference} sedang diverifikasi"),
    CaseReturnedV1: EmailTemplate("case_returned", 1, "Berkas permohonan {reference} perlu dilengkapi"),
    AccountActivatedV1: EmailTemplate("account_activated", 1, "Akun penyedia aktif: User ID {user_id}"),
    TicketOpenedV1: EmailTemplate("ticket_opened", 1, "Laporan {reference} diterima helpdesk"),
}


def recipient_of(event: Event) -> str:
    """The applicant's address carried by the fact."""
    if isinstance(event, ApplicationSubmittedV1):
        return str(event.email)
    if isinstance(event, TicketOpenedV1):
        return str(event.reporter_email)
    address = getattr(event, "applicant_email", None)
    if address is None:
        raise ValueError(f"{type(event).__name__} carries no recipient")
    return str(address)
