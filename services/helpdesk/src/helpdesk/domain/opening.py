"""A report opens a ticket: queued at the ladder's first level, announced to the reporter, audited as opened."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from contracts.envelope import Actor
from contracts.helpdesk import TicketOpenedV1
from contracts.lpse import LpseProfile
from helpdesk.domain.forms import StaffTicketForm, TicketForm
from helpdesk.domain.labels import category_label
from helpdesk.domain.ticket import Ticket, TicketStatus
from lpse_runtime.decision import AuditEntry, Decided


@dataclass(frozen=True)
class Opening:
    """Who opens the ticket, under which ids and link (resolved by the use case)."""

    ticket_id: uuid.UUID
    reference: str
    status_url: str
    actor: Actor
    now: datetime
    attachment_count: int = 0


def service_id_of(profile: LpseProfile, category: str) -> str | None:
    """The service whose clocks run on a ticket of this category (None: no clock)."""
    rule = profile.helpdesk.category(category)
    return rule.service if rule is not None else None


def deadline_text(profile: LpseProfile, category: str) -> str:
    """What the reporter is promised: the service's deadline as written, or why there is none."""
    service = next((s for s in profile.services if s.id == service_id_of(profile, category)), None)
    if service is None:
        return profile.helpdesk.deadline_note
    if not service.clocks:
        return service.deadline_note or profile.helpdesk.deadline_note
    deadline = service.clocks[0].deadline
    return (
        f"{deadline.text} ({service.id})"
        if not deadline.condition
        else f"{deadline.text}, {deadline.condition} ({service.id})"
    )


def open_ticket(profile: LpseProfile, form: TicketForm, opening: Opening) -> Decided[Ticket]:
    """A valid report opens a ticket at the ladder's first level, with its fact and its audit row."""
    ladder = profile.helpdesk.ladder_for(form.category)
    first = ladder[0]
    ticket = Ticket(
        id=opening.ticket_id,
        lpse=profile.code,
        reference=opening.reference,
        category=form.category,
        category_label=category_label(profile.helpdesk, form.category),
        service_id=service_id_of(profile, form.category),
        status=TicketStatus.QUEUED,
        level=first.level,
        level_label=first.label,
        summary=form.summary,
        reporter_role=form.reporter_role,
        reporter_email=form.email or None,
        language=form.language,
        status_url=opening.status_url,
        opened_at=opening.now,
    )
    channel = form.channel if isinstance(form, StaffTicketForm) else "web"
    fact = TicketOpenedV1(
        occurred_at=opening.now,
        lpse=profile.code,
        correlation_id=ticket.id,
        actor=opening.actor,
        ticket_id=ticket.id,
        reference=ticket.reference,
        category=ticket.category,
        summary=ticket.summary,
        reporter_email=ticket.reporter_email,
        language=form.language,
        service_id=ticket.service_id,
        level=ticket.level,
        status_url=ticket.status_url,
        reporter_role=form.reporter_role,
        channel=channel,
        opened_by="pelapor" if opening.actor.role == "pelapor" else opening.actor.id,
        deadline_text=deadline_text(profile, form.category)[:500],
        attachment_count=opening.attachment_count,
    )
    audit = AuditEntry(opening.now, opening.actor, "ticket", str(ticket.id), "open", None, TicketStatus.QUEUED.value)
    return Decided(ticket, facts=(fact,), audit=audit)
