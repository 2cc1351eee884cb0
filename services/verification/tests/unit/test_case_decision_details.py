"""Details of a decided case the README names and the state table does not show: who verified, what goes back, why.

README "The journey": under `four_eyes` "the verifier's approval hands the file to a second officer, who confirms"
(the receipt names both, so the first officer stays recorded); "Returning the file sends the applicant exactly the
invalid and missing items"; the audit row of an activation names the user ID created, any other step its reason.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from contracts.envelope import Actor
from contracts.verification import CaseRejectedV1, CaseReturnedV1
from tests.builders import depok_case
from verification.domain import Activation, Case, CaseStatus, Trigger, decide

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
RINA = Actor(id="verifikator.depok", role="verifikator")
DEWI = Actor(id="verifikator2.depok", role="verifikator")
ACTIVATION = Activation(
    provider_id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
    user_id="MAJUJAYA",
    set_password_url="http://x/akun/sandi/t",
    expires_at=NOW + timedelta(hours=72),
)


def held_by_rina(status: CaseStatus, verified_by: str | None = None) -> Case:
    return depok_case(status, RINA.id, NOW + timedelta(minutes=30), verified_by)


def test_the_second_officers_confirmation_keeps_the_first_officer_as_the_verifier() -> None:
    verified = decide(
        held_by_rina(CaseStatus.IN_REVIEW), Trigger.VERIFY, actor=RINA, actor_lpse="depok", now=NOW, four_eyes=True
    ).state
    assert verified.verified_by == "verifikator.depok"
    confirmed = decide(
        verified,
        Trigger.CONFIRM,
        actor=DEWI,
        actor_lpse="depok",
        now=NOW + timedelta(minutes=5),
        activation=ACTIVATION,
        four_eyes=True,
    ).state
    assert (confirmed.status, confirmed.verified_by) == (CaseStatus.ACTIVATED, "verifikator.depok")


def test_a_return_announces_exactly_the_documents_asked_again() -> None:
    decided = decide(
        held_by_rina(CaseStatus.IN_REVIEW),
        Trigger.RETURN,
        actor=RINA,
        actor_lpse="depok",
        now=NOW,
        reason="KTP direktur tidak terbaca",
        returned_items=("ktp_direktur", "akta_pendirian"),
    )
    (fact,) = decided.facts
    assert isinstance(fact, CaseReturnedV1)
    assert (fact.items, fact.reason) == (("ktp_direktur", "akta_pendirian"), "KTP direktur tidak terbaca")


def test_a_rejection_is_audited_with_its_reason_even_when_activation_data_is_at_hand() -> None:
    decided = decide(
        held_by_rina(CaseStatus.IN_REVIEW),
        Trigger.REJECT,
        actor=RINA,
        actor_lpse="depok",
        now=NOW,
        activation=ACTIVATION,
        reason="NIB tidak sesuai OSS",
    )
    assert isinstance(decided.facts[0], CaseRejectedV1)
    assert decided.audit is not None
    assert decided.audit.reason == "NIB tidak sesuai OSS"


def test_an_activation_is_audited_with_the_user_id_created() -> None:
    decided = decide(
        held_by_rina(CaseStatus.IN_REVIEW),
        Trigger.APPROVE,
        actor=RINA,
        actor_lpse="depok",
        now=NOW,
        activation=ACTIVATION,
        reason="",
    )
    assert decided.audit is not None
    assert decided.audit.reason == "user_id MAJUJAYA"
