"""A ticket's statuses, triggers and tables: where each step leads, which level and holder follow, how the clocks move.

The tables are the README's *Tickets and the ladder* row by row; the unit test writes them out again from the standard.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from contracts.helpdesk import ReporterRole, TicketCategory, TicketLevel


class TicketStatus(StrEnum):
    """Where a ticket stands."""

    QUEUED = "queued"
    IN_PROGRESS = "in_progress"
    INFO_REQUESTED = "info_requested"
    AT_LKPP = "at_lkpp"
    LKPP_ANSWERED = "lkpp_answered"
    RESOLVED = "resolved"
    CLOSED = "closed"
    RATED = "rated"


class Trigger(StrEnum):
    """What a desk, the reporter, LKPP or the platform does to a ticket."""

    OPEN = "open"
    CLAIM = "claim"
    RELEASE = "release"
    REPLY = "reply"
    NOTE = "note"
    REQUEST_INFO = "request_info"
    REPORTER_REPLY = "reporter_reply"
    ESCALATE = "escalate"
    FORWARD_TO_LKPP = "forward_to_lkpp"
    LKPP_ANSWER = "lkpp_answer"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    CLOSE = "close"
    RATE = "rate"


class ClockMove(StrEnum):
    """What a step does to the ticket's clocks."""

    START = "start"
    KEEP = "keep"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    RESTART = "restart"  # reopen: cancel the auto-close, start fresh clocks


class LevelMove(StrEnum):
    """Where the ticket's level goes after a step."""

    FIRST = "first"  # the ladder's first step
    NEXT = "next"  # the ladder's next step
    LKPP = "lkpp"
    FORWARDED_FROM = "forwarded_from"  # back to the level that forwarded it to LKPP
    RESOLVED_LEVEL = "resolved_level"  # back to the level that resolved it
    KEEP = "keep"


class Hold(StrEnum):
    """Who holds the ticket after a step."""

    ACTOR = "actor"  # the claimant, with a fresh lease
    NOBODY = "nobody"
    KEEP = "keep"
    RENEW = "renew"  # the holder keeps it, the lease starts again


S, T = TicketStatus, Trigger
ACTIVE = (S.QUEUED, S.IN_PROGRESS, S.INFO_REQUESTED, S.AT_LKPP, S.LKPP_ANSWERED)

TRANSITIONS: dict[tuple[TicketStatus, Trigger], TicketStatus] = {
    (S.QUEUED, T.CLAIM): S.IN_PROGRESS,  # row 2
    (S.IN_PROGRESS, T.CLAIM): S.IN_PROGRESS,  # row 3 (the lease ran out)
    (S.IN_PROGRESS, T.RELEASE): S.QUEUED,  # row 4
    (S.IN_PROGRESS, T.REPLY): S.IN_PROGRESS,  # row 5
    **{(s, T.NOTE): s for s in (*ACTIVE, S.RESOLVED)},  # row 6
    (S.IN_PROGRESS, T.REQUEST_INFO): S.INFO_REQUESTED,  # row 7
    (S.INFO_REQUESTED, T.REPORTER_REPLY): S.IN_PROGRESS,  # row 8
    **{(s, T.REPORTER_REPLY): s for s in (S.QUEUED, S.IN_PROGRESS, S.AT_LKPP, S.LKPP_ANSWERED)},  # row 9
    (S.IN_PROGRESS, T.ESCALATE): S.QUEUED,  # row 10
    (S.IN_PROGRESS, T.FORWARD_TO_LKPP): S.AT_LKPP,  # row 11
    (S.AT_LKPP, T.LKPP_ANSWER): S.LKPP_ANSWERED,  # row 12
    (S.LKPP_ANSWERED, T.CLAIM): S.IN_PROGRESS,  # row 13
    (S.IN_PROGRESS, T.RESOLVE): S.RESOLVED,  # row 14
    (S.RESOLVED, T.REOPEN): S.QUEUED,  # row 15
    (S.RESOLVED, T.CLOSE): S.CLOSED,  # row 16
    **{(s, T.CLOSE): S.CLOSED for s in (S.QUEUED, S.IN_PROGRESS, S.INFO_REQUESTED, S.LKPP_ANSWERED)},  # row 17
    (S.CLOSED, T.RATE): S.RATED,  # row 18
}

LEVEL_AFTER: dict[Trigger, LevelMove] = {
    T.OPEN: LevelMove.FIRST,
    T.ESCALATE: LevelMove.NEXT,
    T.FORWARD_TO_LKPP: LevelMove.LKPP,
    T.LKPP_ANSWER: LevelMove.FORWARDED_FROM,
    T.REOPEN: LevelMove.RESOLVED_LEVEL,
}

HOLD_AFTER: dict[Trigger, Hold] = {
    T.CLAIM: Hold.ACTOR,
    T.RELEASE: Hold.NOBODY,
    T.ESCALATE: Hold.NOBODY,
    T.FORWARD_TO_LKPP: Hold.NOBODY,
    T.LKPP_ANSWER: Hold.NOBODY,
    T.REOPEN: Hold.NOBODY,
    T.REPLY: Hold.RENEW,
    T.REQUEST_INFO: Hold.RENEW,
    T.NOTE: Hold.RENEW,
    T.REPORTER_REPLY: Hold.RENEW,  # row 8: the holder keeps it, the lease starts again
}

CLOCK_AFTER: dict[tuple[TicketStatus, Trigger], ClockMove] = {
    (S.IN_PROGRESS, T.REQUEST_INFO): ClockMove.PAUSE,
    (S.INFO_REQUESTED, T.REPORTER_REPLY): ClockMove.RESUME,
    (S.IN_PROGRESS, T.FORWARD_TO_LKPP): ClockMove.STOP,
    (S.IN_PROGRESS, T.RESOLVE): ClockMove.STOP,
    (S.RESOLVED, T.REOPEN): ClockMove.RESTART,
    (S.RESOLVED, T.CLOSE): ClockMove.STOP,
    **{(s, T.CLOSE): ClockMove.STOP for s in (S.QUEUED, S.IN_PROGRESS, S.INFO_REQUESTED, S.LKPP_ANSWERED)},
}

CLAIM_LEASE = timedelta(minutes=30)
LEVEL_ROLE: dict[str, str] = {"helpdesk": "helpdesk", "admin_ppe": "admin_ppe"}
"""The staff role that serves each local level (Banjarmasin's Admin Sistem works as `admin_ppe`)."""

REPORTER_TRIGGERS = frozenset({T.REPORTER_REPLY, T.REOPEN, T.RATE})
DESK_TRIGGERS = frozenset(
    {T.CLAIM, T.RELEASE, T.REPLY, T.REQUEST_INFO, T.ESCALATE, T.FORWARD_TO_LKPP, T.RESOLVE, T.LKPP_ANSWER}
)
HOLDER_TRIGGERS = frozenset({T.RELEASE, T.REPLY, T.REQUEST_INFO, T.ESCALATE, T.FORWARD_TO_LKPP, T.RESOLVE})


class TicketRefused(Exception):
    """A step the ticket's table or guards refuse; the message is the Indonesian text staff or the reporter read."""


@dataclass(frozen=True)
class Ticket:
    """A ticket as its state machine sees it (the description and messages stay in their tables)."""

    id: uuid.UUID
    lpse: str
    reference: str
    category: TicketCategory
    category_label: str
    service_id: str | None
    status: TicketStatus
    level: TicketLevel
    level_label: str
    summary: str
    reporter_role: ReporterRole
    reporter_email: str | None
    language: str
    status_url: str
    opened_at: datetime
    holder: str | None = None
    lease_until: datetime | None = None
    forwarded_from: TicketLevel | None = None
    resolved_level: TicketLevel | None = None
    lkpp_ref: str | None = None
    reopen_until: datetime | None = None
    reopen_count: int = 0
    closed_at: datetime | None = None
    claimed_levels: tuple[str, ...] = ()
    clock_note: str = ""  # what the reporter reads about the deadline at this level (the LKPP note, once there)
