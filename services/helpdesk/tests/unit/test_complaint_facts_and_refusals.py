"""What each complaint step publishes, refuses and audits, written out from the README's *Complaints*, the standard
(Perwali 67/2018 Pasal 8) and the shipped profiles: Banjarmasin (Verifikator LPSE, content items a–d, a first
answer before the response), Magelang (Petugas LPSE, no content items), Temanggung (Front office → Verifikator
LPSE → LKPP; TMG-2 its own Front office → Admin Agency; TMG-3 no chain of its own)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from contracts.complaints import (
    ComplaintAcknowledgedV1,
    ComplaintCompletedV1,
    ComplaintEscalatedV1,
    ComplaintFact,
    ComplaintReceivedV1,
    ComplaintResolvedV1,
    ComplaintRespondedV1,
)
from contracts.envelope import Actor
from contracts.lpse import load_profiles
from helpdesk.complaints.domain import (
    Complaint,
    ComplaintRefused,
    ComplaintStatus,
    Received,
    Step,
    Trigger,
    decide,
    receive,
    rules_for,
)
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.machine import TransitionRefused
from lpse_runtime.settings import REPO_ROOT

PROFILES = load_profiles(REPO_ROOT / "deploy" / "lpse")
AT = datetime(2026, 8, 18, 2, 0, tzinfo=UTC)
ID = uuid.UUID("0b5e1c2d-0000-4000-8000-00000000c001")
STATUS_URL = "https://lpse.example/pengaduan/status/ADU-BJM-2608-ABCDEF?t=segel"
SURVEY_URL = "https://lpse.example/survei/skm?t=segel"
EMAIL = "pengadu@contoh.co.id"
PENGADU = Actor(id=EMAIL, role="pelapor")
VERIFIKATOR = Actor(id="verifikator.banjarmasin", role="verifikator")
FRONT = Actor(id="fo.temanggung", role="helpdesk")


def complaint(status: str, *, lpse: str = "banjarmasin", service: str = "BJM-1", **fields: object) -> Complaint:
    base = Complaint(
        id=ID,
        lpse=lpse,
        reference="ADU-BJM-2608-ABCDEF",
        service_id=service,
        status=ComplaintStatus(status),
        level=0,
        holder=VERIFIKATOR.id,
        complainant_email=EMAIL,
        language="id",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def step(c: Complaint, s: Step, actor: Actor = VERIFIKATOR) -> Decided[Complaint]:
    return decide(c, s, at=AT, actor=actor, profile=PROFILES[c.lpse], status_url=STATUS_URL)


def refusal(c: Complaint, s: Step, actor: Actor = VERIFIKATOR) -> str:
    with pytest.raises(ComplaintRefused) as refused:
        step(c, s, actor)
    return str(refused.value)


def about(fact: object, actor: Actor, lpse: str = "banjarmasin", service: str = "BJM-1") -> None:
    """The fields every complaint fact carries, each one as the complaint and the step gave it."""
    assert isinstance(fact, ComplaintFact)
    assert (fact.occurred_at, fact.lpse, fact.correlation_id, fact.actor) == (AT, lpse, ID, actor)
    assert (fact.complaint_id, fact.reference, fact.service_id) == (ID, "ADU-BJM-2608-ABCDEF", service)
    assert (fact.complainant_email, fact.language, fact.status_url) == (EMAIL, "id", STATUS_URL)


def audit_row(decided: Decided[Complaint], actor: Actor, action: str, before: str, after: str) -> None:
    assert decided.audit == AuditEntry(
        AT, actor, "complaint", "0b5e1c2d-0000-4000-8000-00000000c001", action, before, after
    )


# -- row 1: the submission -------------------------------------------------------------------------------------


def test_a_late_complaint_is_received_flagged_with_its_days_and_window_and_audited_terlambat() -> None:
    c = complaint("received", holder=None)
    # Served on 1 July, complained on 18 August: 48 days, past Banjarmasin's 30 (Pasal 8(3)); flagged, not refused.
    decided = receive(Received(c, date(2026, 7, 1), True, 48, 30), at=AT, status_url=STATUS_URL)
    assert decided.state == c
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintReceivedV1)
    about(fact, PENGADU)
    assert (fact.service_received_on, fact.late, fact.days_since_service, fact.window_days) == (
        date(2026, 7, 1),
        True,
        48,
        30,
    )
    assert fact.subject == "helpdesk.banjarmasin.complaint.received.v1"
    assert decided.audit == AuditEntry(AT, PENGADU, "complaint", str(ID), "submit", None, "received", "terlambat")


def test_a_timely_anonymous_complaint_is_received_by_pengadu_with_an_empty_audit_reason() -> None:
    c = complaint("received", lpse="magelang", service="MGL-M", holder=None, complainant_email=None)
    decided = receive(Received(c, date(2026, 8, 11), False, 7, None), at=AT, status_url=STATUS_URL)
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintReceivedV1)
    assert (fact.actor, fact.complainant_email, fact.late, fact.days_since_service, fact.window_days) == (
        Actor(id="pengadu", role="pelapor"),
        None,
        False,
        7,
        None,
    )
    assert decided.audit is not None and (decided.audit.actor.id, decided.audit.reason) == ("pengadu", "")


# -- desk steps: no fact, an audit row -------------------------------------------------------------------------


def test_claim_and_release_move_the_holder_publish_nothing_and_are_audited() -> None:
    claimed = step(complaint("received", holder=None), Step(Trigger.CLAIM))
    assert (claimed.state.holder, claimed.state.status, claimed.facts) == (VERIFIKATOR.id, ComplaintStatus.RECEIVED, ())
    audit_row(claimed, VERIFIKATOR, "claim", "received", "received")
    released = step(complaint("acknowledged"), Step(Trigger.RELEASE))
    assert (released.state.holder, released.facts) == (None, ())
    audit_row(released, VERIFIKATOR, "release", "acknowledged", "acknowledged")


def test_a_note_publishes_nothing_even_from_someone_not_holding_it() -> None:
    noted = step(complaint("received", holder="lain.banjarmasin"), Step(Trigger.NOTE))
    assert (noted.state, noted.facts) == (complaint("received", holder="lain.banjarmasin"), ())
    audit_row(noted, VERIFIKATOR, "note", "received", "received")


# -- Pasal 8(5): the first answer states whether the content is complete ---------------------------------------


def test_acknowledging_complete_content_publishes_it_complete_with_nothing_missing() -> None:
    decided = step(complaint("received"), Step(Trigger.ACKNOWLEDGE_COMPLETE))
    assert (decided.state.status, decided.state.content_complete, decided.state.missing) == (
        ComplaintStatus.ACKNOWLEDGED,
        True,
        (),
    )
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintAcknowledgedV1)
    about(fact, VERIFIKATOR)
    assert (fact.content_complete, fact.missing) == (True, ())
    audit_row(decided, VERIFIKATOR, "acknowledge_complete", "received", "acknowledged")


def test_acknowledging_incomplete_content_names_the_missing_items_once_in_the_standards_order() -> None:
    decided = step(complaint("received"), Step(Trigger.ACKNOWLEDGE_INCOMPLETE, missing=("d", "b", "d")))
    assert (decided.state.status, decided.state.content_complete, decided.state.missing) == (
        ComplaintStatus.INCOMPLETE,
        False,
        ("b", "d"),
    )
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintAcknowledgedV1)
    about(fact, VERIFIKATOR)
    assert (fact.content_complete, fact.missing) == (False, ("b", "d"))
    audit_row(decided, VERIFIKATOR, "acknowledge_incomplete", "received", "incomplete")


def test_every_item_of_pasal_8_4_a_to_d_may_be_missing_at_once() -> None:
    decided = step(complaint("received"), Step(Trigger.ACKNOWLEDGE_INCOMPLETE, missing=("a", "b", "c", "d")))
    assert decided.state.missing == ("a", "b", "c", "d")


def test_the_complainant_completing_the_content_publishes_completed_and_clears_the_missing_items() -> None:
    c = complaint("incomplete", missing=("b", "d"), content_complete=False)
    decided = step(c, Step(Trigger.COMPLAINANT_COMPLETES, filled=("b", "d")), PENGADU)
    assert (decided.state.status, decided.state.content_complete, decided.state.missing) == (
        ComplaintStatus.ACKNOWLEDGED,
        True,
        (),
    )
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintCompletedV1)
    about(fact, PENGADU)
    audit_row(decided, PENGADU, "complainant_completes", "incomplete", "acknowledged")


# -- the chains of levels --------------------------------------------------------------------------------------


def test_temanggungs_front_office_escalates_to_the_verifikator_who_then_claims_it() -> None:
    c = complaint("acknowledged", lpse="temanggung", service="TMG-1", holder=FRONT.id)
    decided = step(c, Step(Trigger.ESCALATE), FRONT)
    assert (decided.state.status, decided.state.level, decided.state.holder) == (ComplaintStatus.ACKNOWLEDGED, 1, None)
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintEscalatedV1)
    about(fact, FRONT, "temanggung", "TMG-1")
    assert (fact.from_label, fact.to_label, fact.to_role) == ("Front office", "Verifikator LPSE", "verifikator")
    audit_row(decided, FRONT, "escalate", "acknowledged", "acknowledged")


def test_temanggungs_verifikator_forwards_to_lkpp_and_keeps_the_complaint_at_its_level() -> None:
    verifikator = Actor(id="verifikator.temanggung", role="verifikator")
    c = complaint("acknowledged", lpse="temanggung", service="TMG-1", level=1, holder=verifikator.id)
    decided = step(c, Step(Trigger.FORWARD_TO_LKPP), verifikator)
    assert (decided.state.status, decided.state.level, decided.state.holder) == (
        ComplaintStatus.AT_LKPP,
        1,
        verifikator.id,
    )
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintEscalatedV1)
    assert (fact.from_label, fact.to_label, fact.to_role) == ("Verifikator LPSE", "LKPP", "lkpp")
    audit_row(decided, verifikator, "forward_to_lkpp", "acknowledged", "at_lkpp")


def test_tmg_2_climbs_its_own_chain_to_the_admin_agency() -> None:
    c = complaint("acknowledged", lpse="temanggung", service="TMG-2", holder=FRONT.id)
    (fact,) = step(c, Step(Trigger.ESCALATE), FRONT).facts
    assert isinstance(fact, ComplaintEscalatedV1)
    assert (fact.from_label, fact.to_label, fact.to_role) == ("Front office", "Admin Agency", "admin_agency")


def test_tmg_3_names_no_levels_so_it_climbs_temanggungs_chain() -> None:
    c = complaint("acknowledged", lpse="temanggung", service="TMG-3", holder=FRONT.id)
    (fact,) = step(c, Step(Trigger.ESCALATE), FRONT).facts
    assert isinstance(fact, ComplaintEscalatedV1)
    assert (fact.from_label, fact.to_label, fact.to_role) == ("Front office", "Verifikator LPSE", "verifikator")


def test_a_service_the_standard_does_not_list_follows_the_lpses_own_complaint_rules() -> None:
    assert rules_for(PROFILES["temanggung"], "TMG-99").escalation == ("Front office", "Verifikator LPSE", "LKPP")
    assert rules_for(PROFILES["temanggung"], "TMG-2").escalation == ("Front office", "Admin Agency")


def test_tmg_2s_admin_agency_is_the_last_level() -> None:
    admin = Actor(id="agency.temanggung", role="admin_agency")
    c = complaint("acknowledged", lpse="temanggung", service="TMG-2", level=1, holder=admin.id)
    assert (
        refusal(c, Step(Trigger.ESCALATE), admin) == "Tidak ada tingkat penanganan berikutnya dalam standar LPSE ini."
    )


# -- the response and the resolution ---------------------------------------------------------------------------


def test_a_response_by_the_due_instant_is_within_after_it_is_not_and_without_a_clock_is_unknown() -> None:
    c = complaint("acknowledged", content_complete=True)
    on_time = step(c, Step(Trigger.RESPOND, response_due=AT))
    late = step(c, Step(Trigger.RESPOND, response_due=AT - timedelta(minutes=1)))
    untimed = step(c, Step(Trigger.RESPOND))
    facts = [d.facts[0] for d in (on_time, late, untimed)]
    assert all(isinstance(f, ComplaintRespondedV1) for f in facts)
    assert [f.within_deadline for f in facts if isinstance(f, ComplaintRespondedV1)] == [True, False, None]
    about(facts[0], VERIFIKATOR)
    assert on_time.state.status is ComplaintStatus.RESPONDED
    audit_row(on_time, VERIFIKATOR, "respond", "acknowledged", "responded")


def test_a_response_counts_from_when_the_clock_was_stopped_not_from_the_click() -> None:
    # Magelang's one clock ("Responsif pengaduan 2 hari kerja") stopped at the first answer, before its due instant.
    c = complaint("acknowledged", lpse="magelang", service="MGL-M", holder="helpdesk.magelang")
    helpdesk = Actor(id="helpdesk.magelang", role="helpdesk")
    s = Step(Trigger.RESPOND, response_due=AT - timedelta(hours=1), answered_at=AT - timedelta(hours=2))
    (fact,) = step(c, s, helpdesk).facts
    assert isinstance(fact, ComplaintRespondedV1) and fact.within_deadline is True


def test_magelang_responds_straight_from_received_and_the_content_counts_as_complete() -> None:
    helpdesk = Actor(id="helpdesk.magelang", role="helpdesk")
    c = complaint("received", lpse="magelang", service="MGL-M", holder=helpdesk.id)
    decided = step(c, Step(Trigger.RESPOND, content_complete=True), helpdesk)
    assert (decided.state.status, decided.state.content_complete) == (ComplaintStatus.RESPONDED, True)


def test_a_response_after_acknowledgement_leaves_the_content_flag_as_it_was() -> None:
    c = complaint("acknowledged", content_complete=None)
    assert step(c, Step(Trigger.RESPOND)).state.content_complete is None


def test_resolving_publishes_the_sealed_survey_link() -> None:
    decided = step(complaint("responded"), Step(Trigger.RESOLVE, survey_url=SURVEY_URL))
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintResolvedV1)
    about(fact, VERIFIKATOR)
    assert fact.survey_url == SURVEY_URL
    assert decided.state.status is ComplaintStatus.RESOLVED
    audit_row(decided, VERIFIKATOR, "resolve", "responded", "resolved")


def test_the_complainants_reply_publishes_nothing_and_is_audited() -> None:
    decided = step(complaint("responded"), Step(Trigger.COMPLAINANT_REPLY), PENGADU)
    assert decided.facts == ()
    audit_row(decided, PENGADU, "complainant_reply", "responded", "responded")


# -- the guards, each with the sentence a person reads ---------------------------------------------------------


def test_only_the_complainant_completes_or_replies() -> None:
    c = complaint("incomplete", missing=("a",))
    expected = "Hanya pengadu yang dapat melakukan ini dari halaman statusnya."
    assert refusal(c, Step(Trigger.COMPLAINANT_COMPLETES, filled=("a",))) == expected
    assert refusal(complaint("received"), Step(Trigger.COMPLAINANT_REPLY)) == expected


def test_a_claim_from_another_level_or_while_someone_holds_it_is_refused() -> None:
    helpdesk = Actor(id="helpdesk.banjarmasin", role="helpdesk")
    assert refusal(complaint("received", holder=None), Step(Trigger.CLAIM), helpdesk) == (
        "Pengaduan ini sedang di tingkat Verifikator LPSE."
    )
    other = Actor(id="verifikator2.banjarmasin", role="verifikator")
    assert refusal(complaint("received"), Step(Trigger.CLAIM), other) == (
        "Pengaduan sedang ditangani verifikator.banjarmasin."
    )


def test_every_other_staff_step_needs_the_claim_first() -> None:
    assert refusal(complaint("received", holder=None), Step(Trigger.ACKNOWLEDGE_COMPLETE)) == (
        "Klaim pengaduan ini terlebih dahulu."
    )


def test_the_missing_items_are_ticked_from_the_standards_list() -> None:
    helpdesk = Actor(id="helpdesk.magelang", role="helpdesk")
    magelang = complaint("received", lpse="magelang", service="MGL-M", holder=helpdesk.id)
    assert refusal(magelang, Step(Trigger.ACKNOWLEDGE_INCOMPLETE, missing=("a",)), helpdesk) == (
        "Standar pelayanan LPSE ini tidak menetapkan isi wajib pengaduan."
    )
    assert refusal(complaint("received"), Step(Trigger.ACKNOWLEDGE_INCOMPLETE)) == (
        "Centang sekurang-kurangnya satu materi yang belum lengkap."
    )
    assert refusal(complaint("received"), Step(Trigger.ACKNOWLEDGE_INCOMPLETE, missing=("a", "e"))) == (
        "Materi yang dicentang tidak dikenal standar."
    )


def test_the_complainant_fills_every_item_asked_for() -> None:
    c = complaint("incomplete", missing=("b", "d"))
    assert refusal(c, Step(Trigger.COMPLAINANT_COMPLETES, filled=("b",)), PENGADU) == (
        "Lengkapi setiap materi yang diminta."
    )


def test_banjarmasin_has_no_level_above_its_verifikator() -> None:
    assert refusal(complaint("acknowledged"), Step(Trigger.ESCALATE)) == (
        "Tidak ada tingkat penanganan berikutnya dalam standar LPSE ini."
    )


def test_the_step_must_match_the_next_level_inside_the_lpse_or_to_lkpp() -> None:
    verifikator = Actor(id="verifikator.temanggung", role="verifikator")
    at_verifikator = complaint("acknowledged", lpse="temanggung", service="TMG-1", level=1, holder=verifikator.id)
    assert refusal(at_verifikator, Step(Trigger.ESCALATE), verifikator) == "Tingkat berikutnya adalah LKPP."
    at_front = complaint("acknowledged", lpse="temanggung", service="TMG-1", holder=FRONT.id)
    assert refusal(at_front, Step(Trigger.FORWARD_TO_LKPP), FRONT) == "Tingkat berikutnya adalah Verifikator LPSE."


def test_banjarmasin_answers_the_content_question_before_a_response_from_received() -> None:
    assert refusal(complaint("received"), Step(Trigger.RESPOND)) == (
        "Nyatakan kelengkapan materi pengaduan (Pasal 8 ayat (5)) sebelum merespon."
    )
    decided = step(complaint("received"), Step(Trigger.RESPOND, content_complete=True))
    assert (decided.state.status, decided.state.content_complete) == (ComplaintStatus.RESPONDED, True)


def test_a_pair_outside_the_table_names_the_trigger_and_the_state() -> None:
    with pytest.raises(TransitionRefused, match=r"^resolve does not apply in state received$"):
        step(complaint("received"), Step(Trigger.RESOLVE))


def test_a_service_with_its_own_rules_is_guarded_by_them_not_by_its_lpses() -> None:
    # No shipped service states content items of its own; one whose own rules list none is refused the ticking of
    # Banjarmasin's a–d, as Temanggung's TMG-2 climbs its own chain rather than its LPSE's.
    banjarmasin = PROFILES["banjarmasin"]
    own = banjarmasin.complaints.model_copy(update={"content_codes": ()})
    services = tuple(s.model_copy(update={"complaints": own}) if s.id == "BJM-1" else s for s in banjarmasin.services)
    profile = banjarmasin.model_copy(update={"services": services})
    with pytest.raises(ComplaintRefused, match=r"^Standar pelayanan LPSE ini tidak menetapkan isi wajib pengaduan\.$"):
        decide(
            complaint("received"),
            Step(Trigger.ACKNOWLEDGE_INCOMPLETE, missing=("a",)),
            at=AT,
            actor=VERIFIKATOR,
            profile=profile,
            status_url=STATUS_URL,
        )
