"""Helpdesk's pure domain: the ticket intake rules and the ticket state machine."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from contracts.envelope import Actor
from contracts.helpdesk import TicketCategory, TicketOpenedV1
from contracts.lpse import LpseProfile
from lpse_runtime.machine import transition
from lpse_runtime.text import normalized_email, one_line


class TicketStatus(StrEnum):
    """Where a ticket stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    RESOLVED = "resolved"


class Trigger(StrEnum):
    """What helpdesk staff do to a ticket."""

    TAKE = "take"
    RESOLVE = "resolve"


TRANSITIONS: dict[tuple[TicketStatus, Trigger], TicketStatus] = {
    (TicketStatus.OPEN, Trigger.TAKE): TicketStatus.IN_PROGRESS,
    (TicketStatus.IN_PROGRESS, Trigger.RESOLVE): TicketStatus.RESOLVED,
}

CATEGORY_LABEL: dict[TicketCategory, str] = {
    TicketCategory.SPSE_PROBLEM: "Permasalahan aplikasi SPSE",
    TicketCategory.ACCOUNT: "Akun penyedia (lupa kata sandi, user ID)",
    TicketCategory.OTHER: "Lainnya",
}


def decide(status: TicketStatus, trigger: Trigger) -> TicketStatus:
    """The status after a trigger, or TransitionRefused."""
    return transition(TRANSITIONS, status, trigger)


@dataclass(frozen=True)
class TicketForm:
    """A validated ticket."""

    category: TicketCategory
    summary: str
    description: str
    email: str


def validate_ticket(raw: dict[str, str]) -> tuple[TicketForm | None, dict[str, str]]:
    """Check the entered fields; clear Indonesian messages per bad field."""
    errors: dict[str, str] = {}
    category = raw.get("category", "")
    if category not in {c.value for c in TicketCategory}:
        errors["category"] = "Pilih jenis permasalahan."
    summary = one_line(raw.get("summary", ""))
    if not summary or len(summary) > 200:
        errors["summary"] = "Ringkasan wajib diisi, paling banyak 200 karakter."
    description = raw.get("description", "").strip()
    if len(description) < 10 or len(description) > 5000:
        errors["description"] = "Uraikan permasalahan dalam 10 sampai 5000 karakter."
    email = normalized_email(raw.get("email", ""))
    if email is None:
        errors["email"] = "Alamat email tidak valid, contoh: nama@perusahaan.co.id."
    if errors or email is None:
        return None, errors
    return TicketForm(TicketCategory(category), summary, description, email), {}


def opened_event(
    form: TicketForm, *, profile: LpseProfile, ticket_id: uuid.UUID, reference: str, now: datetime
) -> TicketOpenedV1:
    """The fact a new ticket publishes."""
    return TicketOpenedV1(
        occurred_at=now,
        lpse=profile.code,
        correlation_id=ticket_id,
        actor=Actor(id=form.email, role="penyedia"),
        ticket_id=ticket_id,
        reference=reference,
        category=form.category,
        summary=form.summary,
        reporter_email=form.email,
    )
