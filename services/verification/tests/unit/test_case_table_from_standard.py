"""The verification case's state machine, written out by hand from the standard and the README.

The oracle is `/work/shared/domain/lpse-service-standards.md` (§4) and README.md ("The journey", "The counter
visit", the staff permission table), never `verification.domain.case.TRANSITIONS`: every pair below is typed
literally, so a step added to or dropped from the code's table fails here.
"""

from __future__ import annotations

import itertools
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.envelope import Actor
from tests.builders import depok_case
from verification.domain import Activation, Case, CaseStatus, Refused, Trigger, decide

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
RINA = Actor(id="verifikator.depok", role="verifikator")  # the verifier who works the case
DEWI = Actor(id="verifikator2.depok", role="verifikator")  # a second verifier of the same LPSE
KEPALA = Actor(id="kepala.depok", role="kepala_lpse")
HELPDESK = Actor(id="helpdesk.depok", role="helpdesk")
APPLICANT = Actor(id="direktur@contoh.co.id", role="penyedia")
ADMIN_PPE = Actor(id="ppe.depok", role="admin_ppe")

S, T = CaseStatus, Trigger

# (status, action) → status, each from the line that allows it.
ALLOWED: dict[tuple[CaseStatus, Trigger], CaseStatus] = {
    # README "The counter visit" table: `awaiting_visit` —Catat kedatangan→ `checked_in` (BJM-1 step 7, guest book).
    (S.AWAITING_VISIT, T.CHECK_IN): S.CHECKED_IN,
    # README "The counter visit" table: `checked_in` —Terima berkas→ `queued`, clocks start (BJM-1 steps 7-8).
    (S.CHECKED_IN, T.HAND_OVER): S.QUEUED,
    # README "The journey": "Claiming a case takes a 30-minute lease" (BJM-1 step 9: the file goes to the verifier).
    (S.QUEUED, T.CLAIM): S.IN_REVIEW,
    # README "The journey": "another verifier can take it only once it lapses".
    (S.IN_REVIEW, T.CLAIM): S.IN_REVIEW,
    # README staff permission table: kasus.lepas, the holder hands the case back to the queue.
    (S.IN_REVIEW, T.RELEASE): S.QUEUED,
    # README "The journey": "the head of the LPSE reassigns" (a waiting case or one in review).
    (S.QUEUED, T.REASSIGN): S.IN_REVIEW,
    (S.IN_REVIEW, T.REASSIGN): S.IN_REVIEW,
    # README "The journey": "Returning the file sends the applicant exactly the invalid and missing items";
    # standard BJM-1 step 10, TMG-1 c.2 (RETURNED_INCOMPLETE).
    (S.IN_REVIEW, T.RETURN): S.RETURNED,
    # README "Service standards and deadlines": "the completed file resumes them" (staff's kasus.lanjutkan);
    # standard §4.5 ReturnedIncomplete → CompletenessCheck: resubmitted.
    (S.RETURNED, T.RESUME): S.IN_REVIEW,
    # README "The journey" 6: uploading the returned documents "publishes application.resubmitted and the case
    # resumes by itself".
    (S.RETURNED, T.RESUBMIT): S.IN_REVIEW,
    # README "The journey": "rejecting needs a reason"; standard DPK-1a "penolakan atas permohonan pendaftaran".
    (S.IN_REVIEW, T.REJECT): S.REJECTED,
    # Standard BJM-1 step 11, TMG-1 c.1, DPK-1a step 2: the verifier activates the user ID (no four-eyes).
    (S.IN_REVIEW, T.APPROVE): S.ACTIVATED,
    # README "The journey": "Where the profile sets `four_eyes`, the verifier's approval hands the file to a
    # second officer, who confirms".
    (S.IN_REVIEW, T.VERIFY): S.AWAITING_CONFIRMATION,
    (S.AWAITING_CONFIRMATION, T.CONFIRM): S.ACTIVATED,
}

# The refusal the domain gives for a pair its table does not have (and not a guard's refusal).
NOT_APPLICABLE = re.compile(r"^Tindakan '[^']+' tidak berlaku untuk kasus berstatus '[^']+'\.$")


def case(
    status: CaseStatus,
    assignee: str | None = RINA.id,
    lease_until: datetime | None = NOW + timedelta(minutes=30),
    verified_by: str | None = RINA.id,
) -> Case:
    return depok_case(status, assignee, lease_until, verified_by)


def activation() -> Activation:
    return Activation(
        provider_id=uuid.uuid4(),
        user_id="MAJUJAYA",
        set_password_url="http://x/akun/sandi/t",
        expires_at=NOW + timedelta(hours=72),
    )


ACTIVATION = activation()


def rightful(status: CaseStatus, trigger: Trigger) -> tuple[Case, Actor, bool]:
    """The case and the person for whom every guard passes: only the table can refuse what is left."""
    if trigger is T.CLAIM:  # another verifier's claim whose lease ran out a minute ago
        return case(status, assignee=DEWI.id, lease_until=NOW - timedelta(minutes=1)), RINA, False
    if trigger is T.CONFIRM:  # the second officer confirms what Rina verified
        return case(status), DEWI, True
    actor = {T.REASSIGN: KEPALA, T.RESUBMIT: APPLICANT}.get(trigger, RINA)
    return case(status), actor, trigger is T.VERIFY


def attempt(status: CaseStatus, trigger: Trigger) -> CaseStatus:
    """The status after a rightful attempt of the action, through the public decide()."""
    before, actor, four_eyes = rightful(status, trigger)
    return decide(
        before,
        trigger,
        actor=actor,
        actor_lpse="depok",
        now=NOW,
        activation=activation(),
        reason="KTP direktur tidak terbaca",
        new_assignee=DEWI.id,
        four_eyes=four_eyes,
        reuploaded=("ktp",),
    ).state.status


# Who holds the case after each allowed step, and whether a lease runs to 30 minutes from now. README "The journey":
# "Claiming a case takes a 30-minute lease renewed by each action; another verifier can take it only once it lapses;
# the head of the LPSE reassigns"; a closed case or one handed to the second officer is leased to nobody.
LEASED = NOW + timedelta(minutes=30)
HELD_AFTER: dict[tuple[CaseStatus, Trigger], tuple[str | None, datetime | None]] = {
    (S.AWAITING_VISIT, T.CHECK_IN): (None, None),  # the counter does not claim the case (README "The counter visit")
    (S.CHECKED_IN, T.HAND_OVER): (None, None),  # handed over into the queue, held by nobody
    (S.QUEUED, T.CLAIM): (RINA.id, LEASED),
    (S.IN_REVIEW, T.CLAIM): (RINA.id, LEASED),  # taken over from Dewi, whose lease ran out
    (S.IN_REVIEW, T.RELEASE): (None, None),
    (S.QUEUED, T.REASSIGN): (DEWI.id, LEASED),  # the verifier the head of the LPSE chose
    (S.IN_REVIEW, T.REASSIGN): (DEWI.id, LEASED),
    (S.IN_REVIEW, T.RETURN): (RINA.id, LEASED),  # renewed by the action
    (S.RETURNED, T.RESUME): (RINA.id, LEASED),
    (S.RETURNED, T.RESUBMIT): (RINA.id, LEASED),  # back with the verifier who returned it
    (S.IN_REVIEW, T.REJECT): (RINA.id, None),
    (S.IN_REVIEW, T.APPROVE): (RINA.id, None),
    (S.IN_REVIEW, T.VERIFY): (RINA.id, None),
    (S.AWAITING_CONFIRMATION, T.CONFIRM): (RINA.id, None),
}


@pytest.mark.parametrize(("pair", "target"), list(ALLOWED.items()))
def test_each_step_the_standard_allows_leads_where_it_says(
    pair: tuple[CaseStatus, Trigger], target: CaseStatus
) -> None:
    assert attempt(*pair) is target


@pytest.mark.parametrize(("pair", "held"), list(HELD_AFTER.items()))
def test_each_step_leaves_the_case_with_the_holder_and_lease_the_readme_says(
    pair: tuple[CaseStatus, Trigger], held: tuple[str | None, datetime | None]
) -> None:
    before, actor, four_eyes = rightful(*pair)
    after = decide(
        before,
        pair[1],
        actor=actor,
        actor_lpse="depok",
        now=NOW,
        activation=ACTIVATION,
        reason="KTP direktur tidak terbaca",
        new_assignee=DEWI.id,
        four_eyes=four_eyes,
        reuploaded=("ktp",),
    ).state
    assert (after.assignee, after.lease_until) == held


@pytest.mark.parametrize("pair", [p for p in itertools.product(S, T) if p not in ALLOWED])
def test_every_other_step_is_refused_as_not_applicable_to_the_status(pair: tuple[CaseStatus, Trigger]) -> None:
    with pytest.raises(Refused) as refused:
        attempt(*pair)
    assert NOT_APPLICABLE.match(str(refused.value)), str(refused.value)


@pytest.mark.parametrize(("closed", "trigger"), list(itertools.product((S.ACTIVATED, S.REJECTED), T)))
def test_a_closed_case_stays_closed_whatever_is_done_to_it(closed: CaseStatus, trigger: Trigger) -> None:
    with pytest.raises(Refused, match=NOT_APPLICABLE):
        attempt(closed, trigger)


@pytest.mark.parametrize("status", [s for s in S if s is not S.RETURNED])
def test_the_applicant_resubmits_only_a_returned_file(status: CaseStatus) -> None:
    with pytest.raises(Refused, match=NOT_APPLICABLE):
        attempt(status, T.RESUBMIT)


def test_the_status_names_in_the_refusal_are_the_consoles_words() -> None:
    with pytest.raises(Refused) as refused:
        attempt(S.REJECTED, T.CLAIM)
    assert str(refused.value) == "Tindakan 'Klaim kasus' tidak berlaku untuk kasus berstatus 'Ditolak'."


FOUR_EYES_ON = "Standar pelayanan LPSE ini mewajibkan konfirmasi petugas kedua sebelum akun diaktifkan."
FOUR_EYES_OFF = "Standar pelayanan LPSE ini tidak memerlukan konfirmasi petugas kedua: setujui langsung."
SAME_OFFICER = "Konfirmasi harus dilakukan petugas lain, bukan verifikator yang memeriksa berkas."


def act(before: Case, trigger: Trigger, actor: Actor, *, four_eyes: bool) -> Case:
    return decide(
        before, trigger, actor=actor, actor_lpse="depok", now=NOW, activation=activation(), four_eyes=four_eyes
    ).state


def test_with_four_eyes_on_only_a_second_officer_activates() -> None:
    in_review = case(S.IN_REVIEW, verified_by=None)
    with pytest.raises(Refused) as direct:
        act(in_review, T.APPROVE, RINA, four_eyes=True)
    assert str(direct.value) == FOUR_EYES_ON
    verified = act(in_review, T.VERIFY, RINA, four_eyes=True)
    assert (verified.status, verified.verified_by) == (S.AWAITING_CONFIRMATION, RINA.id)
    with pytest.raises(Refused) as own:
        act(verified, T.CONFIRM, RINA, four_eyes=True)
    assert str(own.value) == SAME_OFFICER
    assert act(verified, T.CONFIRM, DEWI, four_eyes=True).status is S.ACTIVATED


def test_with_four_eyes_off_the_verifier_activates_and_cannot_hand_on() -> None:
    in_review = case(S.IN_REVIEW, verified_by=None)
    with pytest.raises(Refused) as handed:
        act(in_review, T.VERIFY, RINA, four_eyes=False)
    assert str(handed.value) == FOUR_EYES_OFF
    assert act(in_review, T.APPROVE, RINA, four_eyes=False).status is S.ACTIVATED


@pytest.mark.parametrize("status", list(S))
def test_nothing_but_the_second_officers_confirmation_activates_under_four_eyes(status: CaseStatus) -> None:
    for trigger in T:
        if (status, trigger) == (S.AWAITING_CONFIRMATION, T.CONFIRM):
            continue
        before, actor, _ = rightful(status, trigger)
        try:
            after = act(before, trigger, actor, four_eyes=True)
        except Refused:
            continue
        assert after.status is not S.ACTIVATED, (status, trigger)


def refusal(
    before: Case,
    trigger: Trigger,
    actor: Actor,
    *,
    now: datetime = NOW,
    actor_lpse: str = "depok",
    reason: str = "alasan",
    activation: Activation | None = ACTIVATION,
    gaps_left: list[str] | None = None,
    new_assignee: str | None = None,
    four_eyes: bool = False,
) -> str:
    """The reason the domain gives for refusing this attempt."""
    with pytest.raises(Refused) as refused:
        decide(
            before,
            trigger,
            actor=actor,
            actor_lpse=actor_lpse,
            now=now,
            reason=reason,
            activation=activation,
            gaps_left=gaps_left,
            new_assignee=new_assignee,
            four_eyes=four_eyes,
        )
    return str(refused.value)


def test_only_the_holder_works_on_a_case_in_review() -> None:
    assert refusal(case(S.IN_REVIEW), T.RETURN, DEWI) == "Kasus ini sedang dikerjakan verifikator lain."
    assert refusal(case(S.IN_REVIEW, assignee=None), T.REJECT, RINA) == "Klaim kasus ini terlebih dahulu."
    assert refusal(case(S.IN_REVIEW), T.RELEASE, DEWI) == "Kasus ini sedang dikerjakan verifikator lain."


def test_a_leased_case_is_taken_over_only_once_the_lease_ran_out() -> None:
    until = NOW + timedelta(minutes=5)
    held = case(S.IN_REVIEW, assignee=RINA.id, lease_until=until)
    assert refusal(held, T.CLAIM, DEWI) == f"Kasus ini sedang dikerjakan {RINA.id}."
    assert refusal(held, T.CLAIM, DEWI, now=until - timedelta(seconds=1)) == f"Kasus ini sedang dikerjakan {RINA.id}."
    assert refusal(held, T.CLAIM, RINA) == "Kasus ini sudah Anda klaim."
    # At the instant the lease ends it has lapsed: the lease runs up to, not through, its end.
    taken = decide(held, T.CLAIM, actor=DEWI, actor_lpse="depok", now=until)
    assert (taken.state.status, taken.state.assignee) == (S.IN_REVIEW, DEWI.id)


def test_who_may_act_is_refused_by_name() -> None:
    assert refusal(case(S.IN_REVIEW), T.RETURN, ADMIN_PPE) == "Hanya verifikator yang dapat memproses kasus verifikasi."
    assert refusal(case(S.RETURNED), T.RESUBMIT, RINA) == "Hanya pemohon yang dapat mengirim kembali berkasnya."
    assert (
        refusal(case(S.AWAITING_VISIT), T.CHECK_IN, ADMIN_PPE)
        == "Hanya petugas loket LPSE yang dapat mencatat kedatangan dan menerima berkas."
    )
    assert refusal(case(S.IN_REVIEW), T.RETURN, RINA, actor_lpse="banjarmasin") == "Kasus ini milik LPSE lain."
    assert (
        refusal(case(S.QUEUED), T.REASSIGN, RINA, new_assignee=DEWI.id)
        == "Hanya Kepala LPSE yang dapat mengalihkan kasus."
    )
    assert refusal(case(S.QUEUED), T.REASSIGN, KEPALA) == "Pilih verifikator tujuan."


def test_the_counter_helpdesk_receives_the_file_but_does_not_verify_it() -> None:
    checked_in = decide(case(S.AWAITING_VISIT), T.CHECK_IN, actor=HELPDESK, actor_lpse="depok", now=NOW)
    assert checked_in.state.status is S.CHECKED_IN
    assert refusal(case(S.QUEUED), T.CLAIM, HELPDESK) == "Hanya verifikator yang dapat memproses kasus verifikasi."


def test_what_an_action_must_bring_is_refused_by_name() -> None:
    in_review = case(S.IN_REVIEW)
    assert (
        refusal(in_review, T.RETURN, RINA, reason=" ")
        == "Sebutkan dokumen yang kurang atau tidak sesuai sebelum mengembalikan berkas."
    )
    assert refusal(in_review, T.REJECT, RINA, reason="") == "Penolakan memerlukan alasan."
    assert (
        refusal(in_review, T.APPROVE, RINA, gaps_left=["NIB belum diperiksa"])
        == "Belum semua dokumen wajib terverifikasi: NIB belum diperiksa"
    )
    assert refusal(in_review, T.APPROVE, RINA, activation=None) == "Persetujuan memerlukan data aktivasi akun."
    awaiting = case(S.AWAITING_CONFIRMATION)
    assert (
        refusal(awaiting, T.CONFIRM, DEWI, four_eyes=True, activation=None)
        == "Persetujuan memerlukan data aktivasi akun."
    )
