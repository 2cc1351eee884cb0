"""Verification's case state machine, its guards, the checklist, the claim lease and the user ID."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.envelope import Actor
from contracts.lpse import DocumentRule
from contracts.registration import ProviderType
from contracts.verification import (
    AccountActivatedV1,
    CaseClaimedV1,
    CaseRejectedV1,
    CaseReturnedV1,
    CaseVerifiedV1,
)
from tests.builders import depok_case
from verification.domain import (
    CLAIM_LEASE,
    PAUSED_STATUSES,
    Activation,
    Case,
    CaseStatus,
    ChecklistItem,
    ItemResult,
    Refused,
    Trigger,
    check_item,
    checklist_for,
    decide,
    gaps,
    return_list,
    user_id_base,
    user_id_candidate,
)

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
RINA = Actor(id="verifikator.depok", role="verifikator")
DEWI = Actor(id="verifikator2.depok", role="verifikator")
KEPALA = Actor(id="kepala.depok", role="kepala_lpse")


def case(
    status: CaseStatus, assignee: str | None = None, lease_until: datetime | None = None, verified_by: str | None = None
) -> Case:
    return depok_case(status, assignee, lease_until, verified_by)


def activation() -> Activation:
    return Activation(
        provider_id=uuid.uuid4(),
        user_id="MAJUJAYA",
        set_password_url="http://x/akun/sandi/t",
        expires_at=NOW + timedelta(hours=72),
    )


APPLICANT = Actor(id="direktur@contoh.co.id", role="penyedia")


def test_claim_assigns_leases_and_announces() -> None:
    decision = decide(case(CaseStatus.QUEUED), Trigger.CLAIM, actor=RINA, actor_lpse="depok", now=NOW)
    assert decision.state.assignee == RINA.id and decision.state.lease_until == NOW + CLAIM_LEASE
    assert [type(e) for e in decision.facts] == [CaseClaimedV1]


def test_two_verifiers_never_hold_one_case() -> None:
    held = case(CaseStatus.IN_REVIEW, RINA.id, NOW + timedelta(minutes=5))
    with pytest.raises(Refused, match="sedang dikerjakan"):
        decide(held, Trigger.CLAIM, actor=DEWI, actor_lpse="depok", now=NOW)
    taken = decide(
        case(CaseStatus.IN_REVIEW, RINA.id, NOW - timedelta(seconds=1)),
        Trigger.CLAIM,
        actor=DEWI,
        actor_lpse="depok",
        now=NOW,
    )
    assert taken.state.assignee == DEWI.id and taken.facts == ()


def test_only_the_head_of_the_lpse_reassigns() -> None:
    with pytest.raises(Refused, match="Kepala LPSE"):
        decide(
            case(CaseStatus.IN_REVIEW, RINA.id, NOW),
            Trigger.REASSIGN,
            actor=RINA,
            actor_lpse="depok",
            now=NOW,
            new_assignee=DEWI.id,
        )
    moved = decide(
        case(CaseStatus.IN_REVIEW, RINA.id, NOW),
        Trigger.REASSIGN,
        actor=KEPALA,
        actor_lpse="depok",
        now=NOW,
        new_assignee=DEWI.id,
    )
    assert moved.state.assignee == DEWI.id


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
    returned = decision.facts[0]
    assert isinstance(returned, CaseReturnedV1) and returned.reason == "Akta perubahan terakhir belum dibawa"
    assert decision.state.status in PAUSED_STATUSES


def test_rejecting_needs_a_reason() -> None:
    with pytest.raises(Refused, match="alasan"):
        decide(case(CaseStatus.IN_REVIEW, RINA.id), Trigger.REJECT, actor=RINA, actor_lpse="depok", now=NOW)
    decision = decide(
        case(CaseStatus.IN_REVIEW, RINA.id),
        Trigger.REJECT,
        actor=RINA,
        actor_lpse="depok",
        now=NOW,
        reason="NIB tidak terdaftar di OSS",
    )
    assert isinstance(decision.facts[0], CaseRejectedV1) and decision.state.lease_until is None


def test_approval_needs_every_mandatory_document_verified() -> None:
    with pytest.raises(Refused, match="Belum semua dokumen"):
        decide(
            case(CaseStatus.IN_REVIEW, RINA.id),
            Trigger.APPROVE,
            actor=RINA,
            actor_lpse="depok",
            now=NOW,
            activation=activation(),
            gaps_left=["KTP Direktur: belum diperiksa"],
        )
    act = activation()
    decision = decide(
        case(CaseStatus.IN_REVIEW, RINA.id), Trigger.APPROVE, actor=RINA, actor_lpse="depok", now=NOW, activation=act
    )
    assert [type(e) for e in decision.facts] == [CaseVerifiedV1, AccountActivatedV1]
    activated = decision.facts[1]
    assert isinstance(activated, AccountActivatedV1) and activated.user_id == act.user_id
    assert activated.director_name == "Ahmad Fauzi", "the activation email greets the director"


def test_four_eyes_a_second_officer_confirms_and_never_the_verifier() -> None:
    with pytest.raises(Refused, match="konfirmasi petugas kedua"):
        decide(
            case(CaseStatus.IN_REVIEW, RINA.id),
            Trigger.APPROVE,
            actor=RINA,
            actor_lpse="depok",
            now=NOW,
            activation=activation(),
            four_eyes=True,
        )
    verified = decide(
        case(CaseStatus.IN_REVIEW, RINA.id), Trigger.VERIFY, actor=RINA, actor_lpse="depok", now=NOW, four_eyes=True
    )
    assert verified.state.status is CaseStatus.AWAITING_CONFIRMATION
    assert [type(e) for e in verified.facts] == [CaseVerifiedV1]
    waiting = case(CaseStatus.AWAITING_CONFIRMATION, None, verified_by=RINA.id)
    with pytest.raises(Refused, match="petugas lain"):
        decide(waiting, Trigger.CONFIRM, actor=RINA, actor_lpse="depok", now=NOW, activation=activation())
    confirmed = decide(waiting, Trigger.CONFIRM, actor=DEWI, actor_lpse="depok", now=NOW, activation=activation())
    assert confirmed.state.status is CaseStatus.ACTIVATED
    assert [type(e) for e in confirmed.facts] == [AccountActivatedV1]


def test_only_the_applicant_resubmits_and_the_case_resumes_for_its_verifier() -> None:
    returned = case(CaseStatus.RETURNED, RINA.id)
    with pytest.raises(Refused, match="pemohon"):
        decide(returned, Trigger.RESUBMIT, actor=RINA, actor_lpse="depok", now=NOW)
    resumed = decide(returned, Trigger.RESUBMIT, actor=APPLICANT, actor_lpse="depok", now=NOW)
    assert resumed.state.status is CaseStatus.IN_REVIEW and resumed.state.assignee == RINA.id
    with pytest.raises(Refused):
        decide(case(CaseStatus.QUEUED), Trigger.CLAIM, actor=APPLICANT, actor_lpse="depok", now=NOW)


def test_staff_of_another_lpse_or_role_cannot_act() -> None:
    with pytest.raises(Refused, match="LPSE lain"):
        decide(case(CaseStatus.QUEUED), Trigger.CLAIM, actor=RINA, actor_lpse="banjarmasin", now=NOW)
    with pytest.raises(Refused):
        decide(
            case(CaseStatus.QUEUED), Trigger.CLAIM, actor=Actor(id="h", role="helpdesk"), actor_lpse="depok", now=NOW
        )


# -- checklist ---------------------------------------------------------------------------------------------------

DOCS = [
    DocumentRule(code="ktp", name="KTP Direktur"),
    DocumentRule(code="pkp", name="Surat Pengukuhan PKP", condition="jika_ada"),
    DocumentRule(code="akta", name="Akte Pendirian", condition="badan_usaha"),
    DocumentRule(code="kuasa", name="Surat kuasa", condition="jika_dikuasakan"),
]
CV, UMKM = ProviderType.BADAN_USAHA_CV, ProviderType.PERSEORANGAN_UMKM


@pytest.mark.parametrize(
    ("provider_type", "by_proxy", "expected"),
    [
        (CV, False, [("ktp", True), ("pkp", False), ("akta", True)]),
        (CV, True, [("ktp", True), ("pkp", False), ("akta", True), ("kuasa", True)]),
        # A person has no deed of a Badan Usaha: not on the checklist, so nothing to mark "tidak berlaku".
        (UMKM, False, [("ktp", True), ("pkp", False)]),
        (UMKM, True, [("ktp", True), ("pkp", False), ("kuasa", True)]),
    ],
)
def test_the_checklist_asks_what_the_standard_asks_of_this_applicant(
    provider_type: ProviderType, by_proxy: bool, expected: list[tuple[str, bool]]
) -> None:
    items = checklist_for(DOCS, provider_type, by_proxy=by_proxy)
    assert [(i.code, i.mandatory) for i in items] == expected


def test_gaps_and_the_return_list_name_exactly_what_is_wrong() -> None:
    ktp, pkp, akta, kuasa = checklist_for(DOCS, CV, by_proxy=True)
    items = [check_item(ktp, ItemResult.INVALID, "foto tidak terbaca"), pkp, check_item(akta, ItemResult.VERIFIED, "")]
    assert gaps([*items, kuasa]) == ["KTP Direktur: foto tidak terbaca", "Surat kuasa: belum diperiksa"]
    assert return_list(items) == ["KTP Direktur: foto tidak terbaca"]
    done = [check_item(ktp, ItemResult.VERIFIED, ""), check_item(pkp, ItemResult.NOT_APPLICABLE, ""), items[2]]
    assert gaps(done) == [] and return_list(done) == []
    assert return_list(checklist_for(DOCS, UMKM, by_proxy=False)) == ["KTP Direktur: belum dibawa"]
    with pytest.raises(Refused, match="wajib"):
        check_item(kuasa, ItemResult.NOT_APPLICABLE, "")


def test_a_finding_is_checked() -> None:
    ktp = ChecklistItem("ktp", "KTP Direktur", mandatory=True)
    with pytest.raises(Refused, match="alasan"):
        check_item(ktp, ItemResult.INVALID, "  ")
    with pytest.raises(Refused, match="wajib"):
        check_item(ktp, ItemResult.NOT_APPLICABLE, "")
    assert check_item(ktp, ItemResult.VERIFIED, "catatan lama").note == ""


@pytest.mark.parametrize(
    ("company", "stem"),
    [("PT Maju Jaya Abadi", "MAJUJAYAABAD"), ("CV. Sinar-Terang", "SINARTERANG"), ("PT X", "XPENYEDIA")],
)
def test_user_id_stem_drops_legal_form_and_punctuation(company: str, stem: str) -> None:
    assert user_id_base(company) == stem


@pytest.mark.parametrize(
    ("company", "stem"),
    [
        ("PT <b>Tebal</b>", "TEBAL"),
        ("PT <b>Tebal</b> Jaya", "TEBALJAYA"),
        ('CV <a href="http://x.test">Sinar</a> Terang', "SINARTERANG"),
        ("PT &lt;i&gt;Miring&lt;/i&gt; Abadi", "MIRINGABADI"),
        ("PT Tebal &amp; Tipis", "TEBALTIPIS"),
        ("<script>alert(1)</script> CV Aman", "ALERT1AMAN"),
        ("PT Karya Cipta Mandiri Sejahtera", "KARYACIPTAMA"),
        ("CV Sinar Jaya <br/>", "SINARJAYA"),
        ("PT Café Ñusantara", "CAFENUSANTAR"),
    ],
)
def test_user_id_stem_keeps_only_the_names_letters_and_digits_never_markup(company: str, stem: str) -> None:
    assert user_id_base(company) == stem


def test_later_candidates_carry_a_numeric_suffix() -> None:
    assert user_id_candidate("PT Maju", 0, 7) == "MAJU"
    assert user_id_candidate("PT Maju", 1, 7) == "MAJU0007"
