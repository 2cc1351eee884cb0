"""The complaint machine as the standard writes it: the table literally, each row with its source,
and every (state, trigger) pair outside it refused. The expected table is written out here, not read from code."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from contracts.complaints import ComplaintAcknowledgedV1, ComplaintEscalatedV1, ComplaintRespondedV1
from contracts.envelope import Actor
from contracts.lpse import load_profiles
from helpdesk.complaints.clock_plan import clock_plan
from helpdesk.complaints.domain import (
    TRANSITIONS,
    Complaint,
    ComplaintRefused,
    ComplaintStatus,
    Step,
    Trigger,
    decide,
)
from lpse_runtime.machine import TransitionRefused
from lpse_runtime.settings import REPO_ROOT

PROFILES = load_profiles(REPO_ROOT / "deploy" / "lpse")
AT = datetime(2026, 8, 18, 2, 0, tzinfo=UTC)
VERIFIER = Actor(id="verifikator.banjarmasin", role="verifikator")
PENGADU = Actor(id="pengadu@contoh.co.id", role="pelapor")
DESK = ("received", "incomplete", "acknowledged", "at_lkpp", "responded")

# (state, trigger) → state, with its row number and the standard it follows.
EXPECTED: dict[tuple[str, str], tuple[str, str]] = {
    **{(s, "claim"): (s, "row 2: desk pattern") for s in DESK},
    **{(s, "release"): (s, "row 3: desk pattern") for s in DESK},
    ("received", "acknowledge_complete"): ("acknowledged", "row 4: Perwali 67/2018 Pasal 8 ayat (5)"),
    ("received", "acknowledge_incomplete"): ("incomplete", "row 5: Pasal 8 ayat (5); §11.6 INCOMPLETE_CONTENT"),
    ("incomplete", "complainant_completes"): ("acknowledged", "row 6: §11.6 (INFERENCE)"),
    ("acknowledged", "escalate"): ("acknowledged", "row 7: Temanggung chains (§11.3)"),
    ("acknowledged", "forward_to_lkpp"): ("at_lkpp", "row 8: TMG-1 'difasilitasi untuk diselesaikan di LKPP'"),
    ("at_lkpp", "lkpp_outcome"): ("acknowledged", "row 9: TMG-1"),
    ("received", "respond"): ("responded", "row 10: lampiran item 3; Magelang 'responsif' (§11.4)"),
    ("acknowledged", "respond"): ("responded", "row 10: lampiran item 3 'Respon pengaduan paling lambat 6 hari kerja'"),
    ("responded", "resolve"): ("resolved", "row 11: lampiran item 4 'sesuai dengan kondisi dan permasalahan'"),
    **{(s, "note"): (s, "row 12: as tickets") for s in DESK},
    **{(s, "complainant_reply"): (s, "row 13: platform") for s in ("received", "acknowledged", "at_lkpp", "responded")},
}
STATES = ("received", "incomplete", "acknowledged", "at_lkpp", "responded", "resolved")
TRIGGERS = (
    "claim",
    "release",
    "acknowledge_complete",
    "acknowledge_incomplete",
    "complainant_completes",
    "escalate",
    "forward_to_lkpp",
    "lkpp_outcome",
    "respond",
    "resolve",
    "note",
    "complainant_reply",
)


def complaint(status: str, lpse: str = "banjarmasin", service: str = "BJM-1", **fields: object) -> Complaint:
    base = Complaint(
        id=uuid.uuid4(),
        lpse=lpse,
        reference="ADU-BJM-2608-ABCDEF",
        service_id=service,
        status=ComplaintStatus(status),
        level=0,
        holder=VERIFIER.id,
        complainant_email="pengadu@contoh.co.id",
        language="id",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def test_the_table_is_the_standard() -> None:
    assert {(s.value, t.value): after.value for (s, t), after in TRANSITIONS.items()} == {
        pair: after for pair, (after, _source) in EXPECTED.items()
    }


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_pair_outside_the_table_is_refused(state: str, trigger: str) -> None:
    if (state, trigger) in EXPECTED:
        return
    actor = PENGADU if trigger.startswith("complainant") else VERIFIER
    with pytest.raises(TransitionRefused):
        decide(
            complaint(state),
            Step(Trigger(trigger), missing=("a",), content_complete=True),
            at=AT,
            actor=actor,
            profile=PROFILES["banjarmasin"],
            status_url="tersegel",
        )


def test_resolved_accepts_nothing() -> None:
    assert not [t for t in TRIGGERS if ("resolved", t) in EXPECTED]


def run(c: Complaint, step: Step, actor: Actor = VERIFIER, lpse: str = "banjarmasin") -> Complaint:
    return decide(c, step, at=AT, actor=actor, profile=PROFILES[lpse], status_url="tersegel").state


def test_the_first_answer_says_complete_or_names_the_missing_items_a_to_d() -> None:
    decided = decide(
        complaint("received"),
        Step(Trigger.ACKNOWLEDGE_INCOMPLETE, missing=("d", "b")),
        at=AT,
        actor=VERIFIER,
        profile=PROFILES["banjarmasin"],
        status_url="tersegel",
    )
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintAcknowledgedV1)
    assert fact.content_complete is False and fact.missing == ("b", "d")
    assert decided.audit is not None and (decided.audit.before, decided.audit.after) == ("received", "incomplete")
    with pytest.raises(ComplaintRefused, match="sekurang-kurangnya satu"):
        run(complaint("received"), Step(Trigger.ACKNOWLEDGE_INCOMPLETE))
    with pytest.raises(ComplaintRefused, match="tidak dikenal standar"):
        run(complaint("received"), Step(Trigger.ACKNOWLEDGE_INCOMPLETE, missing=("e",)))


def test_an_lpse_whose_standard_asks_no_content_cannot_find_it_incomplete() -> None:
    c = complaint("received", lpse="magelang", service="MGL-M", holder="helpdesk.magelang")
    helpdesk = Actor(id="helpdesk.magelang", role="helpdesk")
    with pytest.raises(ComplaintRefused, match="tidak menetapkan isi wajib"):
        run(c, Step(Trigger.ACKNOWLEDGE_INCOMPLETE, missing=("a",)), helpdesk, "magelang")


def test_the_complainant_completes_every_missing_item_to_go_on() -> None:
    c = complaint("incomplete", missing=("a", "c"))
    with pytest.raises(ComplaintRefused, match="Lengkapi setiap materi"):
        run(c, Step(Trigger.COMPLAINANT_COMPLETES, filled=("a",)), PENGADU)
    assert (
        run(c, Step(Trigger.COMPLAINANT_COMPLETES, filled=("a", "c")), PENGADU).status is ComplaintStatus.ACKNOWLEDGED
    )
    with pytest.raises(ComplaintRefused, match="Hanya pengadu"):
        run(c, Step(Trigger.COMPLAINANT_COMPLETES, filled=("a", "c")), VERIFIER)


def test_only_the_role_of_the_current_level_claims_and_only_the_holder_acts() -> None:
    free = complaint("received", holder=None)
    with pytest.raises(ComplaintRefused, match="tingkat Verifikator LPSE"):
        run(free, Step(Trigger.CLAIM), Actor(id="helpdesk.banjarmasin", role="helpdesk"))
    assert run(free, Step(Trigger.CLAIM)).holder == VERIFIER.id
    other = Actor(id="verifikator2.banjarmasin", role="verifikator")
    with pytest.raises(ComplaintRefused, match=r"sedang ditangani verifikator\.banjarmasin"):
        run(complaint("received"), Step(Trigger.CLAIM), other)
    with pytest.raises(ComplaintRefused, match="Klaim pengaduan ini"):
        run(complaint("received"), Step(Trigger.ACKNOWLEDGE_COMPLETE), other)


def test_banjarmasin_responds_from_received_only_saying_the_content_is_complete() -> None:
    with pytest.raises(ComplaintRefused, match=r"Pasal 8 ayat \(5\)"):
        run(complaint("received"), Step(Trigger.RESPOND))
    decided = decide(
        complaint("acknowledged"),
        Step(Trigger.RESPOND, response_due=AT),
        at=AT,
        actor=VERIFIER,
        profile=PROFILES["banjarmasin"],
        status_url="tersegel",
    )
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintRespondedV1) and fact.within_deadline is True


def test_temanggung_climbs_front_office_verifikator_then_lkpp_and_back() -> None:
    front = Actor(id="helpdesk.temanggung", role="helpdesk")
    verifier = Actor(id="verifikator.temanggung", role="verifikator")
    c = complaint("acknowledged", lpse="temanggung", service="TMG-1", holder=front.id)
    with pytest.raises(ComplaintRefused, match="Tingkat berikutnya adalah Verifikator LPSE"):
        run(c, Step(Trigger.FORWARD_TO_LKPP), front, "temanggung")
    decided = decide(c, Step(Trigger.ESCALATE), at=AT, actor=front, profile=PROFILES["temanggung"], status_url="s")
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintEscalatedV1)
    assert (fact.from_label, fact.to_label, fact.to_role) == ("Front office", "Verifikator LPSE", "verifikator")
    up = decided.state
    assert (up.level, up.holder) == (1, None)
    up = run(up, Step(Trigger.CLAIM), verifier, "temanggung")
    with pytest.raises(ComplaintRefused, match="Tingkat berikutnya adalah LKPP"):
        run(up, Step(Trigger.ESCALATE), verifier, "temanggung")
    at_lkpp = run(up, Step(Trigger.FORWARD_TO_LKPP), verifier, "temanggung")
    assert (at_lkpp.status, at_lkpp.holder) == (ComplaintStatus.AT_LKPP, verifier.id)
    back = run(at_lkpp, Step(Trigger.LKPP_OUTCOME), verifier, "temanggung")
    assert (back.status, back.level) == (ComplaintStatus.ACKNOWLEDGED, 1)
    with pytest.raises(ComplaintRefused, match="Tidak ada tingkat penanganan berikutnya"):
        run(complaint("acknowledged"), Step(Trigger.ESCALATE))


def test_the_clocks_each_step_moves_for_banjarmasin_and_magelang() -> None:
    bjm, mgl = PROFILES["banjarmasin"].complaints, PROFILES["magelang"].complaints
    assert clock_plan(None, bjm).start
    assert clock_plan(Trigger.ACKNOWLEDGE_COMPLETE, bjm).stop == ("tanggapan",)
    incomplete = clock_plan(Trigger.ACKNOWLEDGE_INCOMPLETE, bjm)
    assert (incomplete.stop, incomplete.pause) == (("tanggapan",), ("respon",))
    assert clock_plan(Trigger.COMPLAINANT_COMPLETES, bjm).resume == ("respon",)
    assert clock_plan(Trigger.RESPOND, bjm).stop == ("tanggapan", "respon")
    assert clock_plan(Trigger.ACKNOWLEDGE_COMPLETE, mgl).stop == ("respon",)  # one clock: first answer = response
    assert clock_plan(Trigger.ESCALATE, bjm) == clock_plan(Trigger.NOTE, bjm) == clock_plan(Trigger.RESOLVE, bjm)


def test_no_fact_carries_the_complaint_text_name_or_address() -> None:
    fields = set(ComplaintAcknowledgedV1.model_fields) | set(ComplaintRespondedV1.model_fields)
    assert not fields & {"name", "address", "description", "losses", "remedy", "text", "response", "summary"}


def test_magelangs_response_counts_from_when_its_one_clock_stopped() -> None:
    # "Responsif pengaduan 2 (dua) hari kerja": the first answer is the response, so a later written response
    # is within the deadline when the first answer was.
    helpdesk = Actor(id="helpdesk.magelang", role="helpdesk")
    c = complaint("acknowledged", lpse="magelang", service="MGL-M", holder=helpdesk.id)
    due = datetime(2026, 8, 19, 7, 30, tzinfo=UTC)
    step = Step(Trigger.RESPOND, response_due=due, answered_at=datetime(2026, 8, 18, 3, 0, tzinfo=UTC))
    late_text = datetime(2026, 8, 20, 3, 0, tzinfo=UTC)
    decided = decide(c, step, at=late_text, actor=helpdesk, profile=PROFILES["magelang"], status_url="s")
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintRespondedV1) and fact.within_deadline is True
    decided = decide(
        c, replace(step, answered_at=None), at=late_text, actor=helpdesk, profile=PROFILES["magelang"], status_url="s"
    )
    (fact,) = decided.facts
    assert isinstance(fact, ComplaintRespondedV1) and fact.within_deadline is False
