"""Facts about forensic tests of bid files (uji forensik, Depok DPK-2d), owned by the helpdesk service.

The files never travel: each is hashed at intake and kept unaltered in helpdesk's object store; the facts carry
their names and SHA-256 digests, and the berita acara is lent by a signed link (`attachments`).
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.envelope import AttachmentRef, Event
from contracts.requests import (
    RequestDeadlineFact,
    RequestEscalatedFact,
    RequestFact,
    RequestOpenedFact,
    RequestRefusedFact,
    RequestResubmittedFact,
    RequestReturnedFact,
)

ExternalParty = Literal["lkpp", "bssn"]
"""The bodies outside the LPSE a forensic test is escalated to (DPK-2d: "ke LKPP dan BSSN")."""

TrialOutcome = Literal["terbuka", "tidak_terbuka"]
"""What the Admin PPE's local encryption trial found: the file opened (settled locally), or it did not."""


class ForensicFile(BaseModel):
    """One file under test, as hashed when it was received."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)


class ForensicFact(RequestFact):
    """Which tender the test is about."""

    tender_id: str = Field(min_length=1, max_length=40)


class ForensicTestRequestedV1(ForensicFact, RequestOpenedFact):
    """A Pokja asked for a forensic test of these files."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.forensic.requested.v1"

    files: tuple[ForensicFile, ...] = Field(min_length=1, max_length=10)


class ForensicTestReturnedV1(ForensicFact, RequestReturnedFact):
    """The Helpdesk returned the request: something is missing."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.forensic.returned.v1"


class ForensicTestResubmittedV1(ForensicFact, RequestResubmittedFact):
    """The Pokja completed the returned request (files added are hashed like the first)."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.forensic.resubmitted.v1"

    files: tuple[ForensicFile, ...] = Field(min_length=1, max_length=10)


class ForensicTestEscalatedV1(ForensicFact, RequestEscalatedFact):
    """The form is complete: the Helpdesk handed the request and its files to the Admin PPE."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.forensic.escalated.v1"


class ForensicTrialRecordedV1(ForensicFact):
    """The Admin PPE ran the encryption trial and recorded what was tried and what came of it."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.forensic.trial_recorded.v1"

    outcome: TrialOutcome


class ForensicEscalatedExternalV1(ForensicFact):
    """What the trial could not settle went to LKPP and BSSN; the local clock stops, their leg has no deadline.

    The gateway forwards it to each party with the files' digests (never the files' content) and the note.
    """

    subject_template: ClassVar[str] = "helpdesk.{lpse}.forensic.escalated_external.v1"

    parties: tuple[ExternalParty, ...] = Field(min_length=1, max_length=2)
    files: tuple[ForensicFile, ...] = Field(min_length=1, max_length=10)
    tender_name: str = Field(min_length=1, max_length=200)
    trial_outcome: TrialOutcome
    note: str = Field(min_length=1, max_length=2000, description="the Admin PPE's note for LKPP and BSSN")


class ForensicAnswerReceivedV1(ForensicFact):
    """LKPP or BSSN answered (their text stays in helpdesk; the Pokja reads it on the status page)."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.forensic.answer_received.v1"

    party: ExternalParty
    external_ref: str = Field(min_length=1, max_length=60)
    awaiting: tuple[ExternalParty, ...] = Field(default=(), description="parties that have not answered yet")


class ForensicReportIssuedV1(ForensicFact):
    """The Berita Acara Hasil Uji Forensik was issued: the product, lent to the notifier by a signed link."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.forensic.report_issued.v1"

    report_number: str = Field(min_length=1, max_length=80)
    files: tuple[ForensicFile, ...] = Field(min_length=1, max_length=10)
    attachments: tuple[AttachmentRef, ...] = Field(min_length=1, max_length=1)
    within_deadline: bool | None = Field(default=None, description="of the local 30 minutes; None: no clock ran")


class ForensicTestRefusedV1(ForensicFact, RequestRefusedFact):
    """The Admin PPE refused the request (not a forensic matter of DPK-2d), with a reason."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.forensic.refused.v1"


class ForensicDeadlineApproachingV1(ForensicFact, RequestDeadlineFact):
    """80 % of the 30 minutes are used."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.forensic.deadline_approaching.v1"


class ForensicDeadlineBreachedV1(ForensicFact, RequestDeadlineFact):
    """The 30 minutes passed before the trial was done and the escalation sent."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.forensic.deadline_breached.v1"


FORENSIC_EVENTS: tuple[type[Event], ...] = (
    ForensicTestRequestedV1,
    ForensicTestReturnedV1,
    ForensicTestResubmittedV1,
    ForensicTestEscalatedV1,
    ForensicTrialRecordedV1,
    ForensicEscalatedExternalV1,
    ForensicAnswerReceivedV1,
    ForensicReportIssuedV1,
    ForensicTestRefusedV1,
    ForensicDeadlineApproachingV1,
    ForensicDeadlineBreachedV1,
)
