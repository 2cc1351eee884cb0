"""Verification's case state machine, its guards and the user ID."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.envelope import Actor
from contracts.verification import AccountActivatedV1, CaseClaimedV1, CaseReturnedV1, CaseVerifiedV1
from verification.domain import (
    PAUSED_STATUSES,
    TRANSITIONS,
    Activation,
    Case,
    CaseStatus,
    Refused,
    Trigger,
    decide,
    user_id_base,
    user_id_candidate,
)

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
RINA = Actor(id="verifikator.depok", role="verifikator")


def case(status: CaseStatus, assignee: str | None = None) -> Case:
    return Case(
        case_id=uuid.uuid4(),
        application_id=uuid.uuid4(),
        lpse="depok",
        status=status,
        reference="DPK-2611-ABCDEF",
        applicant_email="a@contoh.co.id",
        status_url="http://x/s/t",
        assignee=assignee,
        opened_by_event=uuid.uuid4(),
    )


def activation() -> Activation:
    return Activation(
        provider_id=uuid.uuid4(),
        user_id="MAJUJAYA",
        set_password_url="http://x/akun/sandi/t",
        expires_at=NOW + timedelta(hours=72),
    )


@pytest.mark.parametrize(("pair", "target"), TRANSITIONS.items())
def test_every_transition_in_the_table_is_taken(pair: tuple[CaseStatus, Trigger], target: CaseStatus) -> None:
    status, trigger = pair
    assignee = RINA.id if status in {CaseStatus.IN_REVIEW, CaseStatus.RETURNED} else None
    decision = decide(
        case(status, assignee),
        trigger,
        actor=RINA,
        actor_lpse="depok",
        now=NOW,
        activation=activation(),
        reason="KTP direktur tidak terbaca",
    )
    assert decision.status is target


@pytest.mark.parametrize("pair", [p for p in itertools.product(CaseStatus, Trigger) if p not in TRANSITIONS])
def test_every_pair_outside_the_table_is_refused(pair: tuple[CaseStatus, Trigger]) -> None:
    status, trigger = pair
    with pytest.raises(Refused):
        decide(
            case(status, RINA.id),
            trigger,
            actor=RINA,
            actor_lpse="depok",
            now=NOW,
            activation=activation(),
            reason="KTP direktur tidak terbaca",
        )


def test_claim_assigns_and_announces() -> None:
    decision = decide(case(CaseStatus.QUEUED), Trigger.CLAIM, actor=RINA, actor_lpse="depok", now=NOW)
    assert decision.assignee == RINA.id
    assert [type(e) for e in decision.events] == [CaseClaimedV1]


def test_approval_verifies_and_activates() -> None:
    act = activation()
    decision = decide(
        case(CaseStatus.IN_REVIEW, RINA.id), Trigger.APPROVE, actor=RINA, actor_lpse="depok", now=NOW, activation=act
    )
    assert [type(e) for e in decision.events] == [CaseVerifiedV1, AccountActivatedV1]
    activated = decision.events[1]
    assert isinstance(activated, AccountActivatedV1)
    assert activated.user_id == act.user_id
    assert activated.subject == "verification.depok.account.activated.v1"


def test_returning_needs_the_list_of_what_is_missing() -> None:
    with pytest.raises(Refused, match="dokumen yang kurang"):
        decide(case(CaseStatus.IN_REVIEW, RINA.id), Trigger.RETURN, actor=RINA, actor_lpse="depok", now=NOW, reason=" ")
    decision = decide(
        case(CaseStatus.IN_REVIEW, RINA.id),
        Trigger.RETURN,
        actor=RINA,
        actor_lpse="depok",
        now=NOW,
        reason="Akta perubahan terakhir belum dibawa",
    )
    returned = decision.events[0]
    assert isinstance(returned, CaseReturnedV1) and returned.reason == "Akta perubahan terakhir belum dibawa"
    assert decision.status in PAUSED_STATUSES


def test_another_verifier_cannot_approve_a_claimed_case() -> None:
    other = Actor(id="verifikator.lain", role="verifikator")
    with pytest.raises(Refused, match="verifikator lain"):
        decide(
            case(CaseStatus.IN_REVIEW, RINA.id),
            Trigger.APPROVE,
            actor=other,
            actor_lpse="depok",
            now=NOW,
            activation=activation(),
        )


def test_staff_of_another_lpse_cannot_claim() -> None:
    with pytest.raises(Refused, match="LPSE lain"):
        decide(case(CaseStatus.QUEUED), Trigger.CLAIM, actor=RINA, actor_lpse="banjarmasin", now=NOW)


def test_helpdesk_staff_cannot_verify() -> None:
    with pytest.raises(Refused):
        decide(
            case(CaseStatus.QUEUED), Trigger.CLAIM, actor=Actor(id="h", role="helpdesk"), actor_lpse="depok", now=NOW
        )


@pytest.mark.parametrize(
    ("company", "stem"),
    [("PT Maju Jaya Abadi", "MAJUJAYAABAD"), ("CV. Sinar-Terang", "SINARTERANG"), ("PT X", "XPENYEDIA")],
)
def test_user_id_stem_drops_legal_form_and_punctuation(company: str, stem: str) -> None:
    assert user_id_base(company) == stem


def test_later_candidates_carry_a_numeric_suffix() -> None:
    assert user_id_candidate("PT Maju", 0, 7) == "MAJU"
    assert user_id_candidate("PT Maju", 1, 7) == "MAJU0007"
