"""One attempted step on a ticket: the trigger, who tries it, when, and what they entered; all a guard may read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from contracts.envelope import Actor
from contracts.helpdesk import LkppResult, TicketCloseReason
from contracts.lpse import LadderStep
from helpdesk.domain.ticket import Trigger


@dataclass(frozen=True)
class Attempt:
    """A step as the use case hands it to `decide`: everything impure (clock, profile, ids) already resolved."""

    trigger: Trigger
    actor: Actor
    now: datetime
    ladder: tuple[LadderStep, ...]
    lpse_name: str
    zone: ZoneInfo
    zone_label: str
    actor_lpses: tuple[str, ...] = ()  # the LPSEs the staff member's roles reach ('*': every one)
    service_id: str | None = None
    text: str | None = None
    lkpp_note: str | None = None
    lkpp_clock_note: str = ""
    close_reason: TicketCloseReason | None = None
    rating: int | None = None
    result: LkppResult | None = None
    lkpp_ref: str | None = None
    message_id: uuid.UUID | None = None
    reopen_until: datetime | None = None
    within_deadline: bool | None = None
    survey_url: str | None = None
    rating_window_days: int = 30

    @property
    def by_reporter(self) -> bool:
        """The reporter, through the status page's token."""
        return self.actor.role == "pelapor"

    @property
    def by_staff(self) -> bool:
        """A staff member of an LPSE (not the reporter, LKPP or the platform)."""
        return self.actor.role not in ("pelapor", "lkpp", "system")
