"""Facts of the satisfaction survey (Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017), owned by the helpdesk."""

from __future__ import annotations

import uuid
from typing import Annotated, ClassVar, Literal

from pydantic import Field

from contracts.envelope import Event

SurveyCaseKind = Literal["tiket", "pengaduan"]
"""What the answered survey was about: a helpdesk ticket or a complaint."""

Score = Annotated[int, Field(ge=1, le=4)]
"""One element's answer on the regulation's scale: 1 (tidak baik) … 4 (sangat baik)."""


class SurveySubmittedV1(Event):
    """A reporter answered the satisfaction survey of a closed case: nine scores, never their suggestion text."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.survey.submitted.v1"

    case_kind: SurveyCaseKind
    case_id: uuid.UUID
    scores: tuple[Score, ...] = Field(
        min_length=9, max_length=9, description="the answers to U1–U9, in the order of the regulation's elements"
    )
    index: float = Field(ge=25, le=100, description="this response's index: the mean of its scores × 25, 2 decimals")
