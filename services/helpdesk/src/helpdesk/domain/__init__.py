"""Helpdesk's pure domain: the ticket's tables (`ticket`), its guards, facts, ladder, labels and forms, and `decide`.

No I/O, no clock, no web framework or driver (a lint contract keeps it so).
"""

from __future__ import annotations

from helpdesk.domain.attempt import Attempt
from helpdesk.domain.forms import (
    CloseConfirmForm,
    CloseForm,
    EscalateForm,
    LkppAnswerForm,
    NoteForm,
    RatingForm,
    ReopenForm,
    ReplyForm,
    ReporterReplyForm,
    RequestInfoForm,
    ResolveForm,
    StaffTicketForm,
    TicketForm,
    validate_ticket,
)
from helpdesk.domain.machine import Step, check, decide, refusal_for_table
from helpdesk.domain.ticket import (
    ACTIVE,
    CLAIM_LEASE,
    HOLD_AFTER,
    LEVEL_AFTER,
    TRANSITIONS,
    ClockMove,
    Ticket,
    TicketRefused,
    TicketStatus,
    Trigger,
)

__all__ = [
    "ACTIVE",
    "CLAIM_LEASE",
    "HOLD_AFTER",
    "LEVEL_AFTER",
    "TRANSITIONS",
    "Attempt",
    "ClockMove",
    "CloseConfirmForm",
    "CloseForm",
    "EscalateForm",
    "LkppAnswerForm",
    "NoteForm",
    "RatingForm",
    "ReopenForm",
    "ReplyForm",
    "ReporterReplyForm",
    "RequestInfoForm",
    "ResolveForm",
    "StaffTicketForm",
    "Step",
    "Ticket",
    "TicketForm",
    "TicketRefused",
    "TicketStatus",
    "Trigger",
    "check",
    "decide",
    "refusal_for_table",
    "validate_ticket",
]
