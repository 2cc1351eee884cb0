"""What a case decision carries besides its status: the holder and lease, the audit row, the clocks' move, the
checklist form kept all or none, the opening and the deadline facts. Expected values are written out."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contracts.envelope import Actor
from contracts.lpse import load_profiles
from contracts.registration import ProviderType
from contracts.verification import (
    CaseDeadlineApproachingV1,
    CaseDeadlineBreachedV1,
    CaseInvitedV1,
    CaseOpenedV1,
)
from tests.builders import depok_case
from tests.support import application_submitted
from verification.domain import (
    CLAIM_LEASE,
    Activation,
    Case,
    CaseStatus,
    ChecklistItem,
    ClockMove,
    Finding,
    ItemResult,
    Refused,
    Trigger,
    clock_move,
    decide,
    record_findings,
    return_reason,
)
from verification.domain.deadlines import RunningClock, deadline_reached, timer_applies
from verification.domain.forms import findings_of
from verification.domain.opening import case_id_of, opening

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
RINA = Actor(id="rina", role="verifikator")
DEWI = Actor(id="dewi", role="verifikator")
KEPALA = Actor(id="kepala", role="kepala_lpse")
APPLICANT = Actor(id="direktur@contoh.co.id", role="penyedia")
S, T = CaseStatus, Trigger


def case(status: CaseStatus, assignee: str | None = None, verified_by: str | None = None) -> Case:
    ids = (uuid.UUID(int=1), uuid.UUID(int=2), uuid.UUID(int=3))
    return depok_case(status, assignee, NOW - timedelta(minutes=1), verified_by, ids=ids)


ACTIVATION = Activation(uuid.UUID(int=4), "MAJUJAYA", "http://x/akun/sandi/t", NOW + timedelta(hours=72))

# Each action from a status it applies to, by whom: the holder after it and whether a 30-minute lease runs.
# (The README: a claim holds the case for 30 minutes, renewed by each action of its holder; counter steps, a
# release and a closing decision leave no lease.)
HOLDING = [
    (S.AWAITING_VISIT, T.CHECK_IN, Actor(id="helpdesk", role="helpdesk"), None, None, False),
    (S.CHECKED_IN, T.HAND_OVER, Actor(id="helpdesk", role="helpdesk"), None, None, False),
    (S.QUEUED, T.CLAIM, RINA, None, "rina", True),
    (S.IN_REVIEW, T.CLAIM, DEWI, "rina", "dewi", True),
    (S.IN_REVIEW, T.RELEASE, RINA, "rina", None, False),
    (S.QUEUED, T.REASSIGN, KEPALA, None, "dewi", True),
    (S.IN_REVIEW, T.REASSIGN, KEPALA, "rina", "dewi", True),
    (S.IN_REVIEW, T.RETURN, RINA, "rina", "rina", True),
    (S.RETURNED, T.RESUME, RINA, "rina", "rina", True),
    (S.RETURNED, T.RESUBMIT, APPLICANT, "rina", "rina", True),
    (S.IN_REVIEW, T.REJECT, RINA, "rina", "rina", False),
    (S.IN_REVIEW, T.APPROVE, RINA, "rina", "rina", False),
    (S.IN_REVIEW, T.VERIFY, RINA, "rina", "rina", False),
    (S.AWAITING_CONFIRMATION, T.CONFIRM, DEWI, "rina", "rina", False),
]


@pytest.mark.parametrize(("status", "trigger", "actor", "holder", "holder_after", "leased"), HOLDING)
def test_who_holds_the_case_after_each_action_and_whether_the_lease_runs(
    status: CaseStatus, trigger: Trigger, actor: Actor, holder: str | None, holder_after: str | None, leased: bool
) -> None:
    decided = decide(
        case(status, holder, verified_by="rina"),
        trigger,
        actor=actor,
        actor_lpse="depok",
        now=NOW,
        activation=ACTIVATION,
        reason="alasan",
        new_assignee="dewi",
        four_eyes=trigger is T.VERIFY,
    )
    assert decided.state.assignee == holder_after
    assert decided.state.lease_until == (NOW + CLAIM_LEASE if leased else None)
    assert decided.state.updated_at == NOW


def test_the_audit_row_says_who_before_and_after_and_why() -> None:
    claimed = decide(case(S.QUEUED), T.CLAIM, actor=RINA, actor_lpse="depok", now=NOW).audit
    assert claimed is not None
    assert (claimed.action, claimed.before, claimed.after, claimed.reason) == (
        "claim",
        "queued (-)",
        "in_review (rina)",
        None,
    )
    assert (claimed.at, claimed.actor, claimed.entity, claimed.entity_id) == (NOW, RINA, "case", str(uuid.UUID(int=1)))
    rejected = decide(
        case(S.IN_REVIEW, "rina"), T.REJECT, actor=RINA, actor_lpse="depok", now=NOW, reason="  NIB palsu "
    ).audit
    assert rejected is not None and (rejected.after, rejected.reason) == ("rejected (rina)", "NIB palsu")
    approved = decide(
        case(S.IN_REVIEW, "rina"), T.APPROVE, actor=RINA, actor_lpse="depok", now=NOW, activation=ACTIVATION
    ).audit
    assert approved is not None and approved.reason == "user_id MAJUJAYA"
    resubmitted = decide(
        case(S.RETURNED, "rina"), T.RESUBMIT, actor=APPLICANT, actor_lpse="depok", now=NOW, reuploaded=("ktp", "akta")
    ).audit
    assert resubmitted is not None
    assert (resubmitted.before, resubmitted.after, resubmitted.reason) == (
        "returned",
        "in_review",
        "dokumen diunggah ulang: ktp, akta",
    )


def test_verifying_records_the_verifier_for_the_second_officer_check() -> None:
    verified = decide(case(S.IN_REVIEW, "rina"), T.VERIFY, actor=RINA, actor_lpse="depok", now=NOW, four_eyes=True)
    assert verified.state.verified_by == "rina"
    with pytest.raises(Refused, match="petugas lain"):
        decide(verified.state, T.CONFIRM, actor=RINA, actor_lpse="depok", now=NOW, activation=ACTIVATION)


# How the clocks follow each transition (the standard's deadlines pause while the file is with the applicant
# and stop when the case is closed; at the counter they start when the file is handed over).
CLOCKS = [
    (S.AWAITING_VISIT, S.CHECKED_IN, T.CHECK_IN, ClockMove.KEEP),
    (S.CHECKED_IN, S.QUEUED, T.HAND_OVER, ClockMove.START),
    (S.QUEUED, S.IN_REVIEW, T.CLAIM, ClockMove.KEEP),
    (S.IN_REVIEW, S.QUEUED, T.RELEASE, ClockMove.KEEP),
    (S.IN_REVIEW, S.RETURNED, T.RETURN, ClockMove.PAUSE),
    (S.RETURNED, S.IN_REVIEW, T.RESUME, ClockMove.RESUME),
    (S.RETURNED, S.IN_REVIEW, T.RESUBMIT, ClockMove.RESUME),
    (S.IN_REVIEW, S.REJECTED, T.REJECT, ClockMove.STOP),
    (S.IN_REVIEW, S.ACTIVATED, T.APPROVE, ClockMove.STOP),
    (S.IN_REVIEW, S.AWAITING_CONFIRMATION, T.VERIFY, ClockMove.KEEP),
    (S.AWAITING_CONFIRMATION, S.ACTIVATED, T.CONFIRM, ClockMove.STOP),
]


@pytest.mark.parametrize(("before", "after", "trigger", "move"), CLOCKS)
def test_the_clocks_follow_the_case(before: CaseStatus, after: CaseStatus, trigger: Trigger, move: ClockMove) -> None:
    assert clock_move(before, after, trigger) is move


KTP = ChecklistItem("ktp", "KTP Direktur", mandatory=True)
PKP = ChecklistItem("pkp", "Surat Pengukuhan PKP", mandatory=False)


def test_the_checklist_is_kept_all_or_none_and_only_changes_are_audited() -> None:
    held = case(S.IN_REVIEW, "rina")
    with pytest.raises(Refused, match=r"^Klaim kasus ini untuk memeriksa dokumen\.$"):
        record_findings(case(S.IN_REVIEW, "dewi"), [KTP], {}, actor=RINA, now=NOW)
    with pytest.raises(Refused, match=r"^KTP Direktur: sebutkan alasan dokumen tidak sesuai\.$"):
        record_findings(
            held,
            [PKP, KTP],
            {"pkp": Finding(ItemResult.NOT_APPLICABLE), "ktp": Finding(ItemResult.INVALID)},
            actor=RINA,
            now=NOW,
        )
    with pytest.raises(Refused, match=r"^Surat Pengukuhan PKP: pilih hasil$"):
        record_findings(held, [KTP, PKP], {}, actor=RINA, now=NOW, unreadable={"pkp": "pilih hasil"})
    recorded = record_findings(
        held, [KTP, PKP], {"ktp": Finding(ItemResult.VERIFIED), "pkp": Finding(None, "")}, actor=RINA, now=NOW
    )
    assert [d.state for d in recorded.items] == [ChecklistItem("ktp", "KTP Direktur", True, ItemResult.VERIFIED)]
    audit = recorded.items[0].audit
    assert audit is not None and (audit.action, audit.before, audit.after) == ("check", "ktp: pending", "ktp: verified")
    assert recorded.case.state.lease_until == NOW + CLAIM_LEASE and recorded.case.facts == ()


def test_the_checklist_form_reads_each_row_and_names_a_bad_one() -> None:
    findings, unreadable = findings_of(
        {"result_ktp": "invalid", "note_ktp": "  foto buram ", "note_pkp": "catatan", "result_akta": "hilang"}
    )
    assert findings == {"ktp": Finding(ItemResult.INVALID, "foto buram"), "pkp": Finding(None, "catatan")}
    assert unreadable == {"akta": "pilih hasil pemeriksaan yang tersedia."}


def test_the_return_reason_lists_what_is_missing_then_the_verifiers_words() -> None:
    invalid = ChecklistItem("ktp", "KTP Direktur", True, ItemResult.INVALID, "foto buram")
    assert return_reason([invalid, PKP], " cap basah ") == "KTP Direktur: foto buram; cap basah"
    assert return_reason([KTP], "") == "KTP Direktur: belum dibawa"


def test_a_counter_case_is_invited_with_what_to_bring_and_an_online_one_only_opened() -> None:
    at_counter = application_submitted("banjarmasin", provider_type=ProviderType.BADAN_USAHA_CV)
    service = PROFILES["banjarmasin"].service("registrasi_penyedia")
    decided = opening(at_counter, service=service, mode="loket", now=NOW, due_at=None)
    assert decided.state is S.AWAITING_VISIT
    assert [type(f) for f in decided.facts] == [CaseOpenedV1, CaseInvitedV1]
    assert all(
        f.causation_id == at_counter.event_id and f.correlation_id == at_counter.application_id for f in decided.facts
    )
    assert decided.audit is not None and decided.audit.reason == f"event {at_counter.event_id}"
    assert decided.audit.entity_id == str(case_id_of(at_counter.application_id))
    online = application_submitted("magelang")
    due = NOW + timedelta(days=1)
    decided = opening(
        online, service=PROFILES["magelang"].service("registrasi_penyedia"), mode="unggahan", now=NOW, due_at=due
    )
    assert decided.state is S.QUEUED
    (opened,) = decided.facts
    assert isinstance(opened, CaseOpenedV1) and opened.due_at == due


def test_a_timer_announces_its_deadline_only_while_its_clock_runs_towards_it() -> None:
    due = NOW + timedelta(hours=1)
    running = RunningClock("layanan", "Layanan", "1 hari kerja", "running", due)
    assert timer_applies(running, due)
    assert not timer_applies(RunningClock("layanan", "Layanan", "1 hari kerja", "paused", due), due)
    assert not timer_applies(running, due - timedelta(minutes=5)), "the clock moved since the timer was set"
    assert not timer_applies(None, due)
    reminder = deadline_reached(case(S.IN_REVIEW, "rina"), running, breach=False, now=NOW)
    assert [type(f) for f in reminder.facts] == [CaseDeadlineApproachingV1] and reminder.audit is None
    breach = deadline_reached(case(S.IN_REVIEW, "rina"), running, breach=True, now=NOW)
    assert breach.state is True and [type(f) for f in breach.facts] == [CaseDeadlineBreachedV1]
    assert breach.audit is not None and breach.audit.reason == f"Layanan (1 hari kerja) jatuh tempo {due}"
