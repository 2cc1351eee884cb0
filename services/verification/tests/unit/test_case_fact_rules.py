"""What the applicant hears of a case: the facts an action announces, field by field (README, "The journey").

A queued case handed to a verifier reads as claimed; a return carries what is missing; the applicant's resubmission
resumes the case for its verifier; the activation carries the set-password link and the receipt; a resumed case
and a handed-over file carry the due instant of the clock that (re)started.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from contracts.envelope import Actor, AttachmentRef
from contracts.verification import AccountActivatedV1, CaseClaimedV1, CaseHandedOverV1, CaseResumedV1, CaseReturnedV1
from verification.domain.case import Activation, Case, CaseStatus, Trigger
from verification.domain.facts import activated, reassigned, resubmitted, returned, with_due, with_hand_over
from verification.domain.guards import Attempt
from verification.domain.user_id import user_id_base

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
DUE = NOW + timedelta(hours=4)
RINA = Actor(id="rina", role="verifikator")
HEAD = Actor(id="kepala", role="kepala_lpse")
APPLICANT = Actor(id="direktur@contoh.co.id", role="penyedia")
RECEIPT = AttachmentRef(filename="Tanda terima.pdf", content_type="application/pdf", url="sealed", sha256="0" * 64)


def case(status: CaseStatus, assignee: str | None) -> Case:
    return Case(
        uuid.UUID(int=1),
        uuid.UUID(int=2),
        "depok",
        status,
        "DPK-2612-ABCDEF",
        "direktur@contoh.co.id",
        "http://x/daftar/status/t",
        assignee,
        uuid.UUID(int=4),
    )


def test_a_queued_case_reassigned_reads_as_claimed_by_the_chosen_verifier() -> None:
    (claimed,) = reassigned(
        Attempt(case(CaseStatus.QUEUED, None), Trigger.REASSIGN, HEAD, "depok", NOW, new_assignee="rina")
    )
    assert isinstance(claimed, CaseClaimedV1) and claimed.verifier_id == "rina" and claimed.actor == HEAD
    held = Attempt(case(CaseStatus.IN_REVIEW, "budi"), Trigger.REASSIGN, HEAD, "depok", NOW, new_assignee="rina")
    assert reassigned(held) == (), "the applicant already heard that the file is being verified"
    assert reassigned(Attempt(case(CaseStatus.QUEUED, None), Trigger.REASSIGN, HEAD, "depok", NOW)) == ()


def test_a_return_carries_the_documents_asked_again_and_the_reason_trimmed() -> None:
    attempt = Attempt(
        case(CaseStatus.IN_REVIEW, "rina"),
        Trigger.RETURN,
        RINA,
        "depok",
        NOW,
        reason="  KTP buram ",
        returned_items=("ktp",),
    )
    (fact,) = returned(attempt)
    assert isinstance(fact, CaseReturnedV1)
    assert (fact.items, fact.reason, fact.verifier_id) == (("ktp",), "KTP buram", "rina")


def test_a_resubmission_resumes_the_case_for_its_verifier_or_nobody_named() -> None:
    (fact,) = resubmitted(Attempt(case(CaseStatus.RETURNED, "rina"), Trigger.RESUBMIT, APPLICANT, "", NOW))
    assert isinstance(fact, CaseResumedV1) and fact.verifier_id == "rina" and fact.actor == APPLICANT
    (unheld,) = resubmitted(Attempt(case(CaseStatus.RETURNED, None), Trigger.RESUBMIT, APPLICANT, "", NOW))
    assert isinstance(unheld, CaseResumedV1) and unheld.verifier_id == "-"


def test_the_activation_carries_the_set_password_link_and_the_receipt() -> None:
    activation = Activation(uuid.UUID(int=9), "MAJUJAYA", "sealed-link", NOW + timedelta(hours=72), (RECEIPT,))
    attempt = Attempt(case(CaseStatus.IN_REVIEW, "rina"), Trigger.APPROVE, RINA, "depok", NOW, activation=activation)
    (fact,) = activated(attempt)
    assert isinstance(fact, AccountActivatedV1)
    assert (fact.provider_id, fact.user_id, fact.set_password_url) == (uuid.UUID(int=9), "MAJUJAYA", "sealed-link")
    assert fact.set_password_expires_at == NOW + timedelta(hours=72) and fact.attachments == (RECEIPT,)
    assert activated(Attempt(case(CaseStatus.IN_REVIEW, "rina"), Trigger.APPROVE, RINA, "depok", NOW)) == ()


def test_the_restarted_clock_fills_the_due_instant_of_its_fact_only() -> None:
    held = Attempt(
        case(CaseStatus.RETURNED, "rina"), Trigger.RESUME, RINA, "depok", NOW, reason="x", returned_items=("ktp",)
    )
    (resumed_fact,) = resubmitted(held)
    (other,) = returned(held)
    assert with_due((resumed_fact, other), DUE) == (resumed_fact.model_copy(update={"due_at": DUE}), other)
    handed = CaseHandedOverV1(
        **resumed_fact.model_dump(exclude={"verifier_id", "due_at", "event_id"}), officer_id="rina"
    )
    filled = with_hand_over((handed, other), DUE, "30 menit")
    assert filled[1] is other
    assert isinstance(filled[0], CaseHandedOverV1)
    assert (filled[0].due_at, filled[0].deadline_text, filled[0].officer_id) == (DUE, "30 menit", "rina")


def test_a_user_id_stem_of_three_letters_is_kept_and_a_shorter_one_is_filled() -> None:
    assert user_id_base("PT ABC") == "ABC"
    assert user_id_base("CV AB") == "ABPENYEDIA"
    assert user_id_base("PT Maju Jaya Sentosa Abadi") == "MAJUJAYASENT"
