"""Who may move a case, and what each refusal tells staff, from the standard and the README (written out).

README: the applicant resubmits; counter staff (verifier, head of the LPSE or helpdesk) record the visit and
receive the file; verifiers do the rest, in their own LPSE. A claim holds the case for 30 minutes; only the head
of the LPSE reassigns. A return names what is missing, a rejection says why. Where the standard asks a second
officer (four eyes), the verifier verifies and another officer confirms; every mandatory document is verified first.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.envelope import Actor
from verification.domain.case import Activation, Case, CaseStatus, Trigger
from verification.domain.guards import (
    Attempt,
    activation,
    complete,
    first_refusal,
    four_eyes,
    holder,
    lease,
    own_lpse,
    reason,
    reassignment,
    role,
    second_officer,
)

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
RINA = Actor(id="rina", role="verifikator")
BUDI = Actor(id="budi", role="verifikator")
HEAD = Actor(id="kepala", role="kepala_lpse")
HELPDESK = Actor(id="meja", role="helpdesk")
APPLICANT = Actor(id="direktur@contoh.co.id", role="penyedia")
ACTIVATION = Activation(uuid.UUID(int=3), "MAJUJAYA", "http://x/sandi/t", NOW + timedelta(hours=72))


def case(status: CaseStatus, assignee: str | None = None, **fields: object) -> Case:
    values: dict[str, object] = {
        "case_id": uuid.UUID(int=1),
        "application_id": uuid.UUID(int=2),
        "lpse": "depok",
        "status": status,
        "reference": "DPK-2612-ABCDEF",
        "applicant_email": "direktur@contoh.co.id",
        "status_url": "http://x/daftar/status/t",
        "assignee": assignee,
        "opened_by_event": uuid.UUID(int=4),
    }
    return Case(**{**values, **fields})  # type: ignore[arg-type]


def attempt(trigger: Trigger, actor: Actor, on: Case, **fields: object) -> Attempt:
    return Attempt(on, trigger, actor, str(fields.pop("actor_lpse", "depok")), NOW, **fields)  # type: ignore[arg-type]


IN_REVIEW_BY_RINA = case(CaseStatus.IN_REVIEW, "rina", lease_until=NOW + timedelta(minutes=10))


@pytest.mark.parametrize(
    ("trigger", "actor", "refusal"),
    [
        (Trigger.RESUBMIT, APPLICANT, None),
        (Trigger.RESUBMIT, RINA, "Hanya pemohon yang dapat mengirim kembali berkasnya."),
        (Trigger.CHECK_IN, HELPDESK, None),
        (Trigger.HAND_OVER, HEAD, None),
        (Trigger.HAND_OVER, RINA, None),
        (Trigger.HAND_OVER, APPLICANT, "Hanya petugas loket LPSE yang dapat mencatat kedatangan dan menerima berkas."),
        (Trigger.CLAIM, RINA, None),
        (Trigger.CLAIM, HEAD, None),
        (Trigger.CLAIM, HELPDESK, "Hanya verifikator yang dapat memproses kasus verifikasi."),
        (Trigger.APPROVE, APPLICANT, "Hanya verifikator yang dapat memproses kasus verifikasi."),
    ],
)
def test_each_action_belongs_to_its_role(trigger: Trigger, actor: Actor, refusal: str | None) -> None:
    assert role(attempt(trigger, actor, case(CaseStatus.QUEUED))) == refusal


def test_staff_act_in_their_own_lpse_and_the_applicant_anywhere() -> None:
    assert own_lpse(attempt(Trigger.CLAIM, RINA, case(CaseStatus.QUEUED), actor_lpse="magelang")) == (
        "Kasus ini milik LPSE lain."
    )
    assert own_lpse(attempt(Trigger.CLAIM, RINA, case(CaseStatus.QUEUED))) is None
    assert own_lpse(attempt(Trigger.RESUBMIT, APPLICANT, case(CaseStatus.RETURNED), actor_lpse="")) is None


def test_only_the_head_of_the_lpse_reassigns_and_names_the_verifier() -> None:
    queued = case(CaseStatus.QUEUED)
    assert reassignment(attempt(Trigger.REASSIGN, RINA, queued, new_assignee="budi")) == (
        "Hanya Kepala LPSE yang dapat mengalihkan kasus."
    )
    assert reassignment(attempt(Trigger.REASSIGN, HEAD, queued)) == "Pilih verifikator tujuan."
    assert reassignment(attempt(Trigger.REASSIGN, HEAD, queued, new_assignee="budi")) is None
    assert reassignment(attempt(Trigger.CLAIM, RINA, queued)) is None


def test_a_case_in_review_is_claimed_by_another_only_once_the_lease_ran_out() -> None:
    assert lease(attempt(Trigger.CLAIM, RINA, IN_REVIEW_BY_RINA)) == "Kasus ini sudah Anda klaim."
    assert lease(attempt(Trigger.CLAIM, BUDI, IN_REVIEW_BY_RINA)) == "Kasus ini sedang dikerjakan rina."
    at_expiry = case(CaseStatus.IN_REVIEW, "rina", lease_until=NOW)
    assert lease(attempt(Trigger.CLAIM, BUDI, at_expiry)) is None, "at the lease's end the case is free"
    expired = case(CaseStatus.IN_REVIEW, "rina", lease_until=NOW - timedelta(minutes=1))
    assert lease(attempt(Trigger.CLAIM, BUDI, expired)) is None
    assert lease(attempt(Trigger.CLAIM, BUDI, case(CaseStatus.IN_REVIEW, "rina"))) is None
    assert lease(attempt(Trigger.CLAIM, RINA, case(CaseStatus.QUEUED, "rina"))) is None
    assert lease(attempt(Trigger.RETURN, BUDI, IN_REVIEW_BY_RINA)) is None


@pytest.mark.parametrize(
    ("trigger", "actor", "held_by", "refusal"),
    [
        (Trigger.RETURN, RINA, "rina", None),
        (Trigger.RETURN, BUDI, "rina", "Kasus ini sedang dikerjakan verifikator lain."),
        (Trigger.APPROVE, BUDI, None, "Klaim kasus ini terlebih dahulu."),
        (Trigger.RELEASE, BUDI, "rina", "Kasus ini sedang dikerjakan verifikator lain."),
        (Trigger.VERIFY, RINA, None, "Klaim kasus ini terlebih dahulu."),
        (Trigger.CONFIRM, BUDI, "rina", None),  # the second officer confirms a case held by the first
        (Trigger.CLAIM, BUDI, "rina", None),
    ],
)
def test_working_on_a_case_needs_holding_it(
    trigger: Trigger, actor: Actor, held_by: str | None, refusal: str | None
) -> None:
    assert holder(attempt(trigger, actor, case(CaseStatus.IN_REVIEW, held_by))) == refusal


def test_a_return_and_a_rejection_need_their_reason() -> None:
    held = case(CaseStatus.IN_REVIEW, "rina")
    assert reason(attempt(Trigger.RETURN, RINA, held, reason="  ")) == (
        "Sebutkan dokumen yang kurang atau tidak sesuai sebelum mengembalikan berkas."
    )
    assert reason(attempt(Trigger.REJECT, RINA, held, reason="\n")) == "Penolakan memerlukan alasan."
    assert reason(attempt(Trigger.RETURN, RINA, held, reason="KTP buram")) is None
    assert reason(attempt(Trigger.REJECT, RINA, held, reason="NIB palsu")) is None
    assert reason(attempt(Trigger.APPROVE, RINA, held)) is None


def test_four_eyes_decides_between_approving_and_verifying() -> None:
    held = case(CaseStatus.IN_REVIEW, "rina")
    assert four_eyes(attempt(Trigger.APPROVE, RINA, held, four_eyes=True)) == (
        "Standar pelayanan LPSE ini mewajibkan konfirmasi petugas kedua sebelum akun diaktifkan."
    )
    assert four_eyes(attempt(Trigger.VERIFY, RINA, held, four_eyes=False)) == (
        "Standar pelayanan LPSE ini tidak memerlukan konfirmasi petugas kedua: setujui langsung."
    )
    assert four_eyes(attempt(Trigger.APPROVE, RINA, held, four_eyes=False)) is None
    assert four_eyes(attempt(Trigger.VERIFY, RINA, held, four_eyes=True)) is None


@pytest.mark.parametrize("trigger", [Trigger.APPROVE, Trigger.VERIFY, Trigger.CONFIRM])
def test_every_mandatory_document_is_verified_first(trigger: Trigger) -> None:
    held = case(CaseStatus.IN_REVIEW, "rina")
    assert complete(attempt(trigger, RINA, held, gaps_left=("KTP", "NIB"))) == (
        "Belum semua dokumen wajib terverifikasi: KTP; NIB"
    )
    assert complete(attempt(trigger, RINA, held)) is None
    assert complete(attempt(Trigger.RETURN, RINA, held, gaps_left=("KTP",))) is None


def test_the_confirming_officer_is_not_the_one_who_verified() -> None:
    waiting = case(CaseStatus.AWAITING_CONFIRMATION, "rina", verified_by="rina")
    assert second_officer(attempt(Trigger.CONFIRM, RINA, waiting)) == (
        "Konfirmasi harus dilakukan petugas lain, bukan verifikator yang memeriksa berkas."
    )
    assert second_officer(attempt(Trigger.CONFIRM, BUDI, waiting)) is None


@pytest.mark.parametrize("trigger", [Trigger.APPROVE, Trigger.CONFIRM])
def test_activating_needs_the_account_it_creates(trigger: Trigger) -> None:
    held = case(CaseStatus.IN_REVIEW, "rina")
    assert activation(attempt(trigger, RINA, held)) == "Persetujuan memerlukan data aktivasi akun."
    assert activation(attempt(trigger, RINA, held, activation=ACTIVATION)) is None
    assert activation(attempt(Trigger.VERIFY, RINA, held)) is None


def test_the_first_refusal_in_the_standards_order_is_the_one_told() -> None:
    # Another LPSE's helpdesk approving a case nobody holds, without a reason or activation: the role comes first.
    wrong_everything = attempt(Trigger.APPROVE, HELPDESK, case(CaseStatus.IN_REVIEW), actor_lpse="magelang")
    assert first_refusal(wrong_everything) == "Hanya verifikator yang dapat memproses kasus verifikasi."
    not_held = attempt(Trigger.APPROVE, BUDI, case(CaseStatus.IN_REVIEW, "rina"), gaps_left=("KTP",))
    assert first_refusal(not_held) == "Kasus ini sedang dikerjakan verifikator lain."
    ready = attempt(Trigger.APPROVE, RINA, case(CaseStatus.IN_REVIEW, "rina"), activation=ACTIVATION)
    assert first_refusal(ready) is None
