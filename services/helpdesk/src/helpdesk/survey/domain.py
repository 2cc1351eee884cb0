"""Answering the survey: a response of nine scores becomes one stored row and one fact, its suggestion in neither
the fact nor any log. Pure."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from contracts.envelope import Actor
from contracts.skm import SurveySubmittedV1
from helpdesk.survey.skm import SurveyForm, response_index
from lpse_runtime.decision import Decided

CaseKind = Literal["tiket", "pengaduan"]
CASE_KINDS: dict[str, str] = {"tiket": "Tiket helpdesk", "pengaduan": "Pengaduan"}
"""The survey's 'jenis layanan': what the answered case was, as the results page names it."""

# The respondent holds only the link: the fact names the role, never the reporter's address.
RESPONDENT = Actor(id="responden-skm", role="pelapor")


@dataclass(frozen=True)
class SurveyResponse:
    """One answered survey: the case it is about, its LPSE, the nine scores and the optional suggestion."""

    lpse: str
    case_kind: CaseKind
    case_id: uuid.UUID
    scores: tuple[int, ...]
    suggestion: str
    submitted_at: datetime


def answer(
    lpse: str, case_kind: CaseKind, case_id: uuid.UUID, form: SurveyForm, now: datetime
) -> Decided[SurveyResponse]:
    """The response to store and the fact that says a survey was answered (scores and index, no text)."""
    response = SurveyResponse(lpse, case_kind, case_id, form.scores, form.saran, now)
    fact = SurveySubmittedV1(
        occurred_at=now,
        lpse=lpse,
        correlation_id=case_id,
        actor=RESPONDENT,
        case_kind=case_kind,
        case_id=case_id,
        scores=form.scores,
        index=float(response_index(form.scores)),
    )
    return Decided(state=response, facts=(fact,))
