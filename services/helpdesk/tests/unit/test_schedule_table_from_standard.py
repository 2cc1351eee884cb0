"""The ubah-jadwal machine as §9.1 and the Depok escalation pattern (§8.4) write it: the table literally, every
other (state, trigger) pair refused, and what each decision publishes and records. The expected table is written
out here, not read from code."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.envelope import Actor
from contracts.schedule_change import (
    ScheduleChangeApprovedV1,
    ScheduleChangeEscalatedV1,
    ScheduleChangeRefusedV1,
    ScheduleChangeResubmittedV1,
    ScheduleChangeReturnedV1,
)
from helpdesk.schedule.domain import (
    TRANSITIONS,
    ScheduleChange,
    ScheduleRefused,
    ScheduleStatus,
    Step,
    Trigger,
    decide,
)
from lpse_runtime.machine import TransitionRefused

AT = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday 10.00 WIB
HELPDESK = Actor(id="helpdesk.depok", role="helpdesk")
ADMIN_PPE = Actor(id="adminppe.depok", role="admin_ppe")
POKJA = Actor(id="pokja.depok", role="pokja")

# (from, trigger) -> to, as the standard's procedure reads (the claim and release rows are the desk's own).
EXPECTED = {
    ("diajukan", "klaim"): "diajukan",
    ("diajukan", "lepas"): "diajukan",
    ("diajukan", "kembalikan"): "dikembalikan",
    ("diajukan", "eskalasi"): "dieskalasi",
    ("dikembalikan", "ajukan_ulang"): "diajukan",
    ("dieskalasi", "klaim"): "dieskalasi",
    ("dieskalasi", "lepas"): "dieskalasi",
    ("dieskalasi", "setujui"): "disetujui",
    ("dieskalasi", "tolak"): "ditolak",
}
STATES = ("diajukan", "dikembalikan", "dieskalasi", "disetujui", "ditolak")
TRIGGERS = ("klaim", "lepas", "kembalikan", "eskalasi", "ajukan_ulang", "setujui", "tolak")


def change(status: str, holder: str | None = None, **kw: object) -> ScheduleChange:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "lpse": "depok",
        "reference": "JDW-DPK-2612-AAAA",
        "service_id": "DPK-2c",
        "tender_id": "10012345000",
        "stage": "batas_akhir_upload",
        "old_at": AT + timedelta(days=2),
        "new_at": AT + timedelta(days=4),
        "status": ScheduleStatus(status),
        "requester_email": "pokja.depok@contoh.go.id",
        "holder": holder,
        "lease_until": AT + timedelta(minutes=30) if holder else None,
        **kw,
    }
    return ScheduleChange(**values)  # type: ignore[arg-type]


def full_step(trigger: str) -> tuple[Step, Actor]:
    """A step that satisfies every guard of its trigger, with who takes it."""
    t = Trigger(trigger)
    if t is Trigger.AJUKAN_ULANG:
        return Step(t, due_at=AT + timedelta(minutes=15)), POKJA
    if t is Trigger.KEMBALIKAN:
        return Step(t, missing=("surat_tidak_terbaca",)), HELPDESK
    if t is Trigger.SETUJUI:
        return Step(t, set_at=AT + timedelta(days=4), changed_in_spse_at=AT), ADMIN_PPE
    if t is Trigger.TOLAK:
        return Step(t, reason="Tahapan sudah lewat."), ADMIN_PPE
    return Step(t), HELPDESK


def holder_for(status: str) -> str:
    return ADMIN_PPE.id if status == "dieskalasi" else HELPDESK.id


def test_the_table_is_the_standards_and_nothing_more() -> None:
    assert {(s.value, t.value): to.value for (s, t), to in TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize(("pair", "to"), EXPECTED.items(), ids=lambda v: "-".join(v) if isinstance(v, tuple) else v)
def test_each_allowed_pair_moves_to_its_state(pair: tuple[str, str], to: str) -> None:
    status, trigger = pair
    step, actor = full_step(trigger)
    if status == "dieskalasi":
        actor = POKJA if trigger == "ajukan_ulang" else ADMIN_PPE
    holder = None if trigger == "klaim" else actor.id
    decided = decide(change(status, holder), step, at=AT, actor=actor, status_url="sealed")
    assert decided.state.status.value == to
    assert decided.audit is not None
    assert (decided.audit.action, decided.audit.before, decided.audit.after) == (trigger, status, to)


@pytest.mark.parametrize("status", STATES)
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_every_other_pair_is_refused(status: str, trigger: str) -> None:
    if (status, trigger) in EXPECTED:
        return
    step, actor = full_step(trigger)
    with pytest.raises(TransitionRefused):
        decide(change(status, holder_for(status)), step, at=AT, actor=actor, status_url="sealed")


def test_returning_lists_what_is_missing_in_words_and_stops_the_desks_hold() -> None:
    step = Step(Trigger.KEMBALIKAN, missing=("surat_tidak_terbaca", "formulir_belum_ditandatangani"))
    decided = decide(change("diajukan", HELPDESK.id), step, at=AT, actor=HELPDESK, status_url="sealed")
    (fact,) = decided.facts
    assert isinstance(fact, ScheduleChangeReturnedV1)
    assert fact.missing == ("Formulir belum ditandatangani", "Surat tidak terbaca")
    assert fact.requester_email == "pokja.depok@contoh.go.id"
    assert decided.state.holder is None
    assert decided.state.missing == ("formulir_belum_ditandatangani", "surat_tidak_terbaca")


def test_escalation_goes_to_the_admin_ppe() -> None:
    decided = decide(change("diajukan", HELPDESK.id), Step(Trigger.ESKALASI), at=AT, actor=HELPDESK, status_url="s")
    (fact,) = decided.facts
    assert isinstance(fact, ScheduleChangeEscalatedV1)
    assert (fact.to_role, fact.to_label) == ("admin_ppe", "Admin PPE")
    assert fact.subject == "helpdesk.depok.schedule_change.escalated.v1"


def test_approval_carries_the_changed_schedule_and_whether_it_was_in_time() -> None:
    set_at = datetime(2026, 12, 6, 7, 0, tzinfo=UTC)
    due = AT + timedelta(minutes=15)
    step = Step(Trigger.SETUJUI, set_at=set_at, changed_in_spse_at=AT + timedelta(minutes=16), due_at=due)
    decided = decide(change("dieskalasi", ADMIN_PPE.id), step, at=AT + timedelta(minutes=20), actor=ADMIN_PPE,
                     status_url="s")  # fmt: skip
    (fact,) = decided.facts
    assert isinstance(fact, ScheduleChangeApprovedV1)
    assert (fact.old_at, fact.new_at, fact.changed_in_spse_at) == (
        AT + timedelta(days=2),
        set_at,
        AT + timedelta(minutes=16),
    )
    assert fact.within_deadline is False
    assert decided.state.new_at == set_at


def test_refusal_carries_its_reason_to_the_pokja() -> None:
    step = Step(Trigger.TOLAK, reason="Tahapan pembukaan sudah dimulai.")
    decided = decide(change("dieskalasi", ADMIN_PPE.id), step, at=AT, actor=ADMIN_PPE, status_url="s")
    (fact,) = decided.facts
    assert isinstance(fact, ScheduleChangeRefusedV1)
    assert fact.reason == "Tahapan pembukaan sudah dimulai."
    assert decided.audit is not None and decided.audit.reason == "Tahapan pembukaan sudah dimulai."


def test_resubmission_restarts_with_the_corrected_times() -> None:
    new_old, new_new = AT + timedelta(days=3), AT + timedelta(days=5)
    step = Step(Trigger.AJUKAN_ULANG, due_at=AT + timedelta(minutes=15), corrected=(new_old, new_new))
    c = change("dikembalikan", missing=("alasan_belum_diisi",))
    decided = decide(c, step, at=AT, actor=POKJA, status_url="s")
    (fact,) = decided.facts
    assert isinstance(fact, ScheduleChangeResubmittedV1)
    assert fact.due_at == AT + timedelta(minutes=15)
    assert (decided.state.old_at, decided.state.new_at, decided.state.missing) == (new_old, new_new, ())


def test_claims_and_releases_publish_nothing() -> None:
    claimed = decide(change("diajukan"), Step(Trigger.KLAIM), at=AT, actor=HELPDESK, status_url="s")
    assert claimed.facts == ()
    assert (claimed.state.holder, claimed.state.lease_until) == (HELPDESK.id, AT + timedelta(minutes=30))


@pytest.mark.parametrize(
    ("c", "step", "actor", "refusal"),
    [
        (change("diajukan"), Step(Trigger.KLAIM), ADMIN_PPE, "Permohonan ini sedang di meja Helpdesk."),
        (change("dieskalasi"), Step(Trigger.KLAIM), HELPDESK, "Permohonan ini sedang di meja Admin PPE."),
        (
            change("diajukan", "helpdesk.lain"),
            Step(Trigger.KLAIM),
            HELPDESK,
            "Permohonan sedang ditangani helpdesk.lain.",
        ),
        (change("diajukan"), Step(Trigger.ESKALASI), HELPDESK, "Klaim permohonan ini terlebih dahulu."),
        (
            change("diajukan", HELPDESK.id),
            Step(Trigger.KEMBALIKAN),
            HELPDESK,
            "Centang sekurang-kurangnya satu kekurangan.",
        ),
        (
            change("diajukan", HELPDESK.id),
            Step(Trigger.KEMBALIKAN, missing=("lainnya",)),
            HELPDESK,
            "Tuliskan kekurangan lainnya pada catatan.",
        ),
        (
            change("diajukan", HELPDESK.id),
            Step(Trigger.KEMBALIKAN, missing=("tidak_ada",)),
            HELPDESK,
            "Kekurangan yang dicentang tidak dikenal.",
        ),
        (change("dieskalasi", ADMIN_PPE.id), Step(Trigger.TOLAK), ADMIN_PPE, "Tuliskan alasan penolakan."),
        (
            change("dieskalasi", ADMIN_PPE.id),
            Step(Trigger.SETUJUI, changed_in_spse_at=AT),
            ADMIN_PPE,
            "Isi waktu yang ditetapkan di SPSE.",
        ),
        (
            change("dieskalasi", ADMIN_PPE.id),
            Step(Trigger.SETUJUI, set_at=AT, changed_in_spse_at=AT + timedelta(hours=1)),
            ADMIN_PPE,
            "Waktu perubahan di SPSE tidak boleh di masa depan.",
        ),
        (
            change("dikembalikan"),
            Step(Trigger.AJUKAN_ULANG),
            HELPDESK,
            "Hanya Pokja pemohon yang dapat melengkapi permohonan ini.",
        ),
    ],
)
def test_guards_refuse_with_a_sentence(c: ScheduleChange, step: Step, actor: Actor, refusal: str) -> None:
    with pytest.raises(ScheduleRefused, match=refusal.replace(".", r"\.")):
        decide(c, step, at=AT, actor=actor, status_url="s")


def test_a_claim_left_past_its_lease_can_be_taken() -> None:
    stale = change("diajukan", "helpdesk.lain", lease_until=AT - timedelta(seconds=1))
    decided = decide(stale, Step(Trigger.KLAIM), at=AT, actor=HELPDESK, status_url="s")
    assert decided.state.holder == HELPDESK.id
