"""The claim lease as the README states it: "Claiming a case takes a 30-minute lease renewed by each action;
another verifier can take it only once it lapses". The 30 minutes are written here, not read from the module.

A lease taken at T covers [T, T + 30 min): at T + 30 min it has lapsed, one microsecond before it has not.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.envelope import Actor
from verification.domain import (
    Case,
    CaseStatus,
    ChecklistItem,
    Finding,
    ItemResult,
    Refused,
    Trigger,
    decide,
    record_findings,
)

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
LEASE = timedelta(minutes=30)  # README, "The verifier"
TICK = timedelta(microseconds=1)
RINA = Actor(id="verifikator.depok", role="verifikator")
DEWI = Actor(id="verifikator2.depok", role="verifikator")


def queued() -> Case:
    return Case(
        case_id=uuid.uuid4(),
        application_id=uuid.uuid4(),
        lpse="depok",
        status=CaseStatus.QUEUED,
        reference="DPK-2611-ABCDEF",
        applicant_email="a@contoh.co.id",
        status_url="http://x/s/t",
        assignee=None,
        opened_by_event=uuid.uuid4(),
    )


def claimed_by_rina() -> Case:
    return decide(queued(), Trigger.CLAIM, actor=RINA, actor_lpse="depok", now=NOW).state


def test_a_claim_holds_the_case_for_thirty_minutes() -> None:
    case = claimed_by_rina()
    assert (case.assignee, case.lease_until) == (RINA.id, NOW + LEASE)


def test_recording_findings_renews_the_lease_for_thirty_minutes_from_then() -> None:
    ktp = ChecklistItem("ktp", "KTP Direktur", True, ItemResult.PENDING)
    later = NOW + timedelta(minutes=20)
    recorded = record_findings(claimed_by_rina(), [ktp], {"ktp": Finding(ItemResult.VERIFIED)}, actor=RINA, now=later)
    assert recorded.case.state.lease_until == later + LEASE


@pytest.mark.parametrize("before_lapse", [TICK, timedelta(minutes=1), LEASE])
def test_another_verifier_is_refused_while_the_lease_runs(before_lapse: timedelta) -> None:
    with pytest.raises(Refused) as refused:
        decide(claimed_by_rina(), Trigger.CLAIM, actor=DEWI, actor_lpse="depok", now=NOW + LEASE - before_lapse)
    assert str(refused.value) == "Kasus ini sedang dikerjakan verifikator.depok."


@pytest.mark.parametrize("after_lapse", [timedelta(0), TICK, timedelta(hours=5)])
def test_another_verifier_takes_the_case_once_the_lease_lapsed(after_lapse: timedelta) -> None:
    at = NOW + LEASE + after_lapse
    taken = decide(claimed_by_rina(), Trigger.CLAIM, actor=DEWI, actor_lpse="depok", now=at).state
    assert (taken.status, taken.assignee, taken.lease_until) == (CaseStatus.IN_REVIEW, DEWI.id, at + LEASE)
