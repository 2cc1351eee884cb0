"""Forensic tests to LKPP and BSSN, pure: the request each party receives, and what its signed answer becomes.

A forensic test escalated "ke LKPP dan BSSN" (DPK-2d) is one forward per party, each under its own key, so each
party opens one case whatever is retried. The files never travel: the request names them with their SHA-256 digests
and sizes. A party answers once by a signed callback; the first answer is the fact, an exact repeat changes nothing,
a different second answer is refused.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from contracts.envelope import Actor
from contracts.forensic import ExternalParty, ForensicEscalatedExternalV1
from contracts.gateway import ForensicAnsweredV1
from gateway.domain import DIGIT_RUN, PARTY_LABEL, Forward, ForwardKind, ForwardStatus
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.formmodel import FormModel
from lpse_runtime.text import TEXT_CEILING

TARGET = "forensik"  # the endpoint under each party's API: `LKPP_API_URL/forensik`, `BSSN_API_URL/forensik`
FINDING_LIMIT = 4000  # ForensicAnsweredV1.finding's bound
PARTY_ACTOR: dict[ExternalParty, Actor] = {"lkpp": Actor(id="lkpp", role="lkpp"), "bssn": Actor(id="bssn", role="bssn")}


def callback_path(party: ExternalParty) -> str:
    """Where a party posts its answers on the gateway (behind the front door, like `/gateway/health`)."""
    return f"/gateway/{party}/forensik/callback"


def idempotency_key(event_id: uuid.UUID, party: ExternalParty) -> str:
    """The key one party receives for one escalation: the same on every attempt, different for the other party."""
    return f"{event_id}:{party}"


def forensic_forwards(event: ForensicEscalatedExternalV1, *, public_base_url: str, now: datetime) -> list[Forward]:
    """The forwards an escalation becomes, one per party it names (a party named twice is one), due at once."""
    return [
        Forward(
            escalation_event_id=event.event_id,
            case_id=event.case_id,
            reference=event.reference,
            lpse=event.lpse,
            body=request_body(event, party, public_base_url),
            status=ForwardStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            party=party,
            kind=ForwardKind.FORENSIC,
            target=TARGET,
            idempotency_key=idempotency_key(event.event_id, party),
        )
        for party in dict.fromkeys(event.parties)
    ]


def request_body(event: ForensicEscalatedExternalV1, party: ExternalParty, public_base_url: str) -> str:
    """The JSON a party's forensic API receives: the case, the files' digests (never their bytes), where to answer."""
    return json.dumps(
        {
            "case_ref": event.reference,
            "lpse": event.lpse,
            "tender_id": event.tender_id,
            "tender_name": event.tender_name,
            "files": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in event.files],
            "trial_outcome": event.trial_outcome,
            "note": event.note,
            "callback_url": public_base_url.rstrip("/") + callback_path(party),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def finding_text(text: str) -> str:
    """A party's finding as it may go on the bus: its lines kept, runs of six or more digits masked, cut to 4000."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    kept = "\n".join(line for line in lines if line)
    return DIGIT_RUN.sub(lambda run: "*" * len(run.group(0)), kept)[:FINDING_LIMIT]


class PartyAnswer(FormModel):
    """A party's signed answer to a forensic test (the dev stack's simulators send the same shape)."""

    messages: ClassVar[Mapping[str, str]] = {}

    external_ref: str = Field(min_length=1, max_length=60)
    case_ref: str = Field(min_length=4, max_length=40)
    # Up to the platform's ceiling for any free text (5000, lpse_runtime.text); cut to 4000 when kept.
    finding: str = Field(min_length=1, max_length=TEXT_CEILING)


class Verdict(StrEnum):
    """What became of one callback; the web route answers each with its own HTTP status."""

    FORGED = "forged"  # 401: the signature does not match the body under that party's secret
    MALFORMED = "malformed"  # 422: not JSON, or not {external_ref, case_ref, finding}
    UNKNOWN = "unknown"  # 404: this party was sent no such case under that number
    CONFLICT = "conflict"  # 409: the party answered before, differently
    ANSWERED = "answered"  # 200: recorded now
    REPEATED = "repeated"  # 200: the same answer again, nothing new


@dataclass(frozen=True)
class Answered:
    """A forwarded forensic test as its party's callback finds it, and the finding recorded (None: none yet)."""

    escalation_event_id: uuid.UUID
    party: ExternalParty
    case_id: uuid.UUID
    reference: str
    lpse: str
    external_ref: str
    idempotency_key: str
    finding: str | None
    answered_at: datetime | None


def decide_answer(case: Answered, finding: str, *, now: datetime) -> tuple[Verdict, Decided[Answered]]:
    """The first answer is recorded and published; the same again is a repeat; another is a conflict."""
    text = finding_text(finding)
    if case.finding is not None:
        return (Verdict.REPEATED if case.finding == text else Verdict.CONFLICT), Decided(case)
    if not text:  # only blanks: no answer at all
        return Verdict.MALFORMED, Decided(case)
    after = replace(case, finding=text, answered_at=now)
    actor = PARTY_ACTOR[case.party]
    fact = ForensicAnsweredV1(
        occurred_at=now,
        lpse=case.lpse,
        correlation_id=case.case_id,
        causation_id=case.escalation_event_id,
        actor=actor,
        case_id=case.case_id,
        reference=case.reference,
        party=case.party,
        external_ref=case.external_ref,
        finding=text,
    )
    audit = AuditEntry(
        at=now,
        actor=actor,
        entity="forward",
        entity_id=case.idempotency_key,
        action="answered",
        before=ForwardStatus.FORWARDED.value,
        after="answered",
        reason=f"uji forensik {case.reference}: jawaban {PARTY_LABEL[case.party]} {case.external_ref}",
    )
    return Verdict.ANSWERED, Decided(after, (fact,), audit)
