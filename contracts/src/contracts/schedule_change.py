"""Facts about tender schedule changes (ubah jadwal, Depok DPK-2c), owned by the helpdesk service."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import AwareDatetime, Field

from contracts.envelope import Event
from contracts.requests import (
    RequestDeadlineFact,
    RequestEscalatedFact,
    RequestFact,
    RequestOpenedFact,
    RequestRefusedFact,
    RequestResubmittedFact,
    RequestReturnedFact,
)

ScheduleStage = Literal["batas_akhir_upload", "awal_pembukaan_penawaran"]
"""The only two stages DPK-2c lets the LPSE move: the upload deadline and the start of bid opening."""


class ScheduleChangeFact(RequestFact):
    """Which tender and stage the request is about."""

    tender_id: str = Field(min_length=1, max_length=40)
    stage: ScheduleStage


class ScheduleChangeRequestedV1(ScheduleChangeFact, RequestOpenedFact):
    """A Pokja member asked to move one stage of a tender from `old_at` to `new_at`."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.schedule_change.requested.v1"

    old_at: AwareDatetime
    new_at: AwareDatetime


class ScheduleChangeReturnedV1(ScheduleChangeFact, RequestReturnedFact):
    """The Helpdesk returned the request: something is missing."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.schedule_change.returned.v1"


class ScheduleChangeResubmittedV1(ScheduleChangeFact, RequestResubmittedFact):
    """The Pokja completed the returned request."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.schedule_change.resubmitted.v1"


class ScheduleChangeEscalatedV1(ScheduleChangeFact, RequestEscalatedFact):
    """The form is complete: the Helpdesk handed it to the Admin PPE."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.schedule_change.escalated.v1"


class ScheduleChangeApprovedV1(ScheduleChangeFact):
    """The Admin PPE changed the schedule in SPSE: the product, the changed schedule data."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.schedule_change.approved.v1"

    old_at: AwareDatetime
    new_at: AwareDatetime = Field(description="the time as set in SPSE")
    changed_in_spse_at: AwareDatetime
    within_deadline: bool | None = Field(default=None, description="None: no clock ran")


class ScheduleChangeRefusedV1(ScheduleChangeFact, RequestRefusedFact):
    """The Admin PPE refused the change, with a reason."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.schedule_change.refused.v1"


class ScheduleChangeDeadlineApproachingV1(ScheduleChangeFact, RequestDeadlineFact):
    """80 % of the 15 minutes are used."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.schedule_change.deadline_approaching.v1"


class ScheduleChangeDeadlineBreachedV1(ScheduleChangeFact, RequestDeadlineFact):
    """The deadline passed before the Admin PPE decided."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.schedule_change.deadline_breached.v1"


SCHEDULE_CHANGE_EVENTS: tuple[type[Event], ...] = (
    ScheduleChangeRequestedV1,
    ScheduleChangeReturnedV1,
    ScheduleChangeResubmittedV1,
    ScheduleChangeEscalatedV1,
    ScheduleChangeApprovedV1,
    ScheduleChangeRefusedV1,
    ScheduleChangeDeadlineApproachingV1,
    ScheduleChangeDeadlineBreachedV1,
)
