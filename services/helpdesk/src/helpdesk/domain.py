"""Helpdesk's pure domain: the ticket intake form and the ticket state machine, each decision a `Decided`."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from pydantic import Field, field_validator

from contracts.envelope import Actor
from contracts.helpdesk import TicketCategory, TicketOpenedV1
from contracts.lpse import LpseProfile
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.formmodel import FieldErrors, FormModel, parse_form, refuse
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


@dataclass(frozen=True)
class Ticket:
    """A ticket as its state machine sees it."""

    id: uuid.UUID
    status: TicketStatus


def decide(ticket: Ticket, trigger: Trigger, *, at: datetime, actor: Actor) -> Decided[Ticket]:
    """The ticket after a staff member's step, audited; TransitionRefused when the table has no such pair (the
    steps publish no fact yet: nobody outside the helpdesk follows them)."""
    after = transition(TRANSITIONS, ticket.status, trigger)
    audit = AuditEntry(at, actor, "ticket", str(ticket.id), trigger.value, ticket.status.value, after.value)
    return Decided(Ticket(ticket.id, after), audit=audit)


class TicketForm(FormModel):
    """A ticket as reported: what it is about, in a line and in full, and where the answer goes."""

    messages: ClassVar[Mapping[str, str]] = {
        "category": "Pilih jenis permasalahan.",
        "summary": "Ringkasan wajib diisi, paling banyak 200 karakter.",
        "description": "Uraikan permasalahan dalam 10 sampai 5000 karakter.",
        "email": "Alamat email tidak valid, contoh: nama@perusahaan.co.id.",
    }

    category: TicketCategory
    summary: str
    description: str
    email: str = Field(max_length=254)  # the longest address SMTP carries

    @field_validator("summary")
    @classmethod
    def valid_summary(cls, value: str) -> str:
        summary = one_line(value)
        if not summary or len(summary) > 200:
            raise refuse(cls.messages["summary"])
        return summary

    @field_validator("description")
    @classmethod
    def valid_description(cls, value: str) -> str:
        description = value.strip()  # what Python counts as white space, as the length rule always has
        if not 10 <= len(description) <= 5000:
            raise refuse(cls.messages["description"])
        return description

    @field_validator("email")
    @classmethod
    def valid_email(cls, value: str) -> str:
        email = normalized_email(value)
        if email is None:
            raise refuse(cls.messages["email"])
        return email


def validate_ticket(raw: Mapping[str, str]) -> tuple[TicketForm | None, FieldErrors]:
    """Check the entered fields; clear Indonesian messages per bad field."""
    return parse_form(TicketForm, raw)


@dataclass(frozen=True)
class NewTicket:
    """A reported ticket as it is stored: open, under the key of the form that sent it."""

    id: uuid.UUID
    lpse: str
    reference: str
    submission_key: uuid.UUID
    form: TicketForm
    opened_at: datetime


def open_ticket(
    form: TicketForm,
    *,
    profile: LpseProfile,
    ticket_id: uuid.UUID,
    reference: str,
    submission_key: uuid.UUID,
    now: datetime,
) -> Decided[NewTicket]:
    """A valid report opens a ticket: stored, announced (the reporter's confirmation email), audited as opened."""
    fact = opened_event(form, profile=profile, ticket_id=ticket_id, reference=reference, now=now)
    ticket = NewTicket(ticket_id, profile.code, reference, submission_key, form, now)
    audit = AuditEntry(now, fact.actor, "ticket", str(ticket_id), "open", None, TicketStatus.OPEN.value)
    return Decided(ticket, facts=(fact,), audit=audit)


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
