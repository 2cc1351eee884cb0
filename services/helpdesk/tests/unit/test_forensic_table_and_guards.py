"""The forensic test's machine (Depok DPK-2d, §9.2 of the standard, the issue's states): the table written out
here, each guard by the sentence a person reads, and the fact each step publishes."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from contracts.envelope import Actor, AttachmentRef
from contracts.forensic import (
    ForensicAnswerReceivedV1,
    ForensicEscalatedExternalV1,
    ForensicFile,
    ForensicReportIssuedV1,
    ForensicTestEscalatedV1,
    ForensicTestRefusedV1,
    ForensicTestRequestedV1,
    ForensicTestReturnedV1,
    ForensicTrialRecordedV1,
)
from helpdesk.forensic.domain import (
    TRANSITIONS,
    ForensicCase,
    ForensicRefused,
    Status,
    Step,
    Trigger,
    decide,
    file_request,
)
from lpse_runtime.machine import TransitionRefused

AT = datetime(2026, 12, 14, 2, 10, tzinfo=UTC)
HD = Actor(id="helpdesk.depok", role="helpdesk")
PPE = Actor(id="adminppe.depok", role="admin_ppe")
POKJA = Actor(id="pokja.depok", role="pokja")
GATEWAY = Actor.system("gateway")
FILES = (ForensicFile(name="a.rhs", sha256="1" * 64, size=10), ForensicFile(name="b.rhs", sha256="2" * 64, size=20))
KNOWN = ("formulir_uji_forensik", "file_uji_forensik")
REPORT = AttachmentRef(filename="ba.pdf", content_type="application/pdf", url="sealed", sha256="3" * 64)

# (from, trigger) -> to, as the issue names the states; every other pair is refused.
TABLE = {
    ("diajukan", "klaim"): "diajukan",
    ("dieskalasi", "klaim"): "dieskalasi",
    ("uji_dicatat", "klaim"): "uji_dicatat",
    ("diteruskan_eksternal", "klaim"): "diteruskan_eksternal",
    ("diajukan", "lepas"): "diajukan",
    ("dieskalasi", "lepas"): "dieskalasi",
    ("uji_dicatat", "lepas"): "uji_dicatat",
    ("diteruskan_eksternal", "lepas"): "diteruskan_eksternal",
    ("diajukan", "kembalikan"): "dikembalikan",
    ("diajukan", "eskalasi"): "dieskalasi",
    ("dikembalikan", "lengkapi"): "diajukan",
    ("dieskalasi", "catat_uji"): "uji_dicatat",
    ("dieskalasi", "tolak"): "ditolak",
    ("uji_dicatat", "teruskan_eksternal"): "diteruskan_eksternal",
    ("uji_dicatat", "terbitkan_berita_acara"): "selesai",
    ("diteruskan_eksternal", "jawaban_pihak"): "diteruskan_eksternal",
    ("diteruskan_eksternal", "penolakan_pihak"): "uji_dicatat",
    ("diteruskan_eksternal", "terbitkan_berita_acara"): "selesai",
}
STATES = ("diajukan", "dikembalikan", "dieskalasi", "uji_dicatat", "diteruskan_eksternal", "selesai", "ditolak")
TRIGGERS = (
    "klaim",
    "lepas",
    "kembalikan",
    "eskalasi",
    "lengkapi",
    "catat_uji",
    "teruskan_eksternal",
    "jawaban_pihak",
    "penolakan_pihak",
    "terbitkan_berita_acara",
    "tolak",
)


def refused(sentence: str) -> pytest.RaisesExc[ForensicRefused]:
    """The guard's sentence, word for word."""
    return pytest.raises(ForensicRefused, match=f"^{re.escape(sentence)}$")


def case(status: str, **changes: object) -> ForensicCase:
    base = ForensicCase(
        id=uuid.UUID(int=7),
        lpse="depok",
        reference="UF-DPK-2612-0001",
        service_id="DPK-2d",
        tender_id="10023456",
        tender_name="Jalan Lingkungan",
        status=Status(status),
        files=FILES,
        requester_email="pokja.depok@contoh.go.id",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def held(status: str, by: Actor, **changes: object) -> ForensicCase:
    return case(status, holder=by.id, held_until=AT + timedelta(minutes=10), **changes)


def run(c: ForensicCase, step: Step, actor: Actor) -> tuple[ForensicCase, tuple[object, ...]]:
    decided = decide(c, step, at=AT, actor=actor, status_url="sealed")
    return decided.state, decided.facts


def test_the_table_is_the_one_written_out_in_the_issue() -> None:
    assert {(s.value, t.value): to.value for (s, t), to in TRANSITIONS.items()} == TABLE
    assert {s.value for s in Status} == set(STATES) and {t.value for t in Trigger} == set(TRIGGERS)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_pair_outside_the_table_is_refused(state: str, trigger: str) -> None:
    if (state, trigger) in TABLE:
        return
    with pytest.raises(TransitionRefused):
        decide(held(state, PPE), Step(Trigger(trigger)), at=AT, actor=PPE, status_url="sealed")


def test_filing_announces_the_files_with_their_digests_and_the_due_instant() -> None:
    due = AT + timedelta(minutes=30)
    decided = file_request(
        case("diajukan"), actor=POKJA, channel="web", at=AT, due_at=due, deadline_text="30 menit", status_url="s"
    )
    (fact,) = decided.facts
    assert isinstance(fact, ForensicTestRequestedV1)
    assert fact.files == FILES and fact.due_at == due and fact.tender_id == "10023456"
    assert decided.audit is not None and (decided.audit.action, decided.audit.after) == ("ajukan", "diajukan")


def test_a_step_needs_the_claim_and_a_claim_held_by_another_is_refused_until_its_lease_ends() -> None:
    with refused("Klaim permohonan ini terlebih dahulu."):
        run(case("diajukan"), Step(Trigger.ESKALASI), HD)
    other = case("diajukan", holder="helpdesk2.depok", held_until=AT + timedelta(minutes=1))
    with refused("Permohonan sedang ditangani helpdesk2.depok."):
        run(other, Step(Trigger.KLAIM), HD)
    lapsed = replace(other, held_until=AT)
    after, _ = run(lapsed, Step(Trigger.KLAIM), HD)
    assert after.holder == HD.id and after.held_until == AT + timedelta(minutes=30)
    expired_own = case("diajukan", holder=HD.id, held_until=AT - timedelta(seconds=1))
    with refused("Klaim permohonan ini terlebih dahulu."):
        run(expired_own, Step(Trigger.ESKALASI), HD)


def test_the_helpdesk_returns_with_known_missing_items_and_a_note() -> None:
    c = held("diajukan", HD)
    with refused("Centang sekurang-kurangnya satu kelengkapan yang kurang."):
        run(c, Step(Trigger.KEMBALIKAN, known_missing=KNOWN, text="x"), HD)
    with refused("Kelengkapan yang dicentang tidak dikenal standar."):
        run(c, Step(Trigger.KEMBALIKAN, missing=("ktp",), known_missing=KNOWN, text="x"), HD)
    with refused("Isi uraian atau alasan langkah ini."):
        run(c, Step(Trigger.KEMBALIKAN, missing=(KNOWN[0],), known_missing=KNOWN, text=" "), HD)
    after, facts = run(c, Step(Trigger.KEMBALIKAN, missing=(KNOWN[0],), known_missing=KNOWN, text="Belum ttd"), HD)
    assert after.status is Status.DIKEMBALIKAN and after.holder is None and after.missing == (KNOWN[0],)
    assert isinstance(facts[0], ForensicTestReturnedV1) and facts[0].missing == ("formulir_uji_forensik",)


def test_only_the_requesting_pokja_completes_and_with_files() -> None:
    c = case("dikembalikan", missing=(KNOWN[1],))
    with refused("Hanya Pokja pemohon yang dapat melengkapi permohonan ini."):
        run(c, Step(Trigger.LENGKAPI, files=FILES), HD)
    with refused("Unggah sekurang-kurangnya satu berkas yang akan diuji."):
        run(c, Step(Trigger.LENGKAPI), POKJA)
    after, _ = run(c, Step(Trigger.LENGKAPI, files=FILES), POKJA)
    assert after.status is Status.DIAJUKAN and after.missing == ()


def test_escalation_to_the_admin_ppe_releases_the_case_for_them_to_claim() -> None:
    after, facts = run(held("diajukan", HD), Step(Trigger.ESKALASI), HD)
    assert after.status is Status.DIESKALASI and after.holder is None
    assert isinstance(facts[0], ForensicTestEscalatedV1) and facts[0].to_role == "admin_ppe"


def test_the_trial_needs_an_outcome_and_what_was_tried() -> None:
    c = held("dieskalasi", PPE)
    with refused("Pilih hasil uji coba: terbuka atau tidak terbuka."):
        run(c, Step(Trigger.CATAT_UJI, text="Dekripsi dengan kunci pokja"), PPE)
    with refused("Isi uraian atau alasan langkah ini."):
        run(c, Step(Trigger.CATAT_UJI, outcome="terbuka"), PPE)
    after, facts = run(c, Step(Trigger.CATAT_UJI, outcome="tidak_terbuka", text="Apendo 4.2 gagal"), PPE)
    assert after.trial_outcome == "tidak_terbuka"
    assert isinstance(facts[0], ForensicTrialRecordedV1) and facts[0].outcome == "tidak_terbuka"


def test_what_opened_is_settled_locally_and_what_did_not_goes_to_lkpp_and_bssn() -> None:
    opened = held("uji_dicatat", PPE, trial_outcome="terbuka")
    closed = held("uji_dicatat", PPE, trial_outcome="tidak_terbuka")
    with refused("Berkas terbuka pada uji coba: terbitkan berita acara di LPSE."):
        run(opened, Step(Trigger.TERUSKAN_EKSTERNAL, text="mohon uji"), PPE)
    with refused("Berkas tidak terbuka pada uji coba: teruskan ke LKPP dan BSSN."):
        run(closed, Step(Trigger.TERBITKAN_BERITA_ACARA, attachment=REPORT, report_number="BA-UF/DPK/2026/0001"), PPE)
    after, facts = run(closed, Step(Trigger.TERUSKAN_EKSTERNAL, text="mohon uji forensik"), PPE)
    fact = facts[0]
    assert after.status is Status.DITERUSKAN_EKSTERNAL
    assert isinstance(fact, ForensicEscalatedExternalV1)
    assert fact.parties == ("lkpp", "bssn") and fact.files == FILES and fact.note == "mohon uji forensik"
    done, facts = run(
        opened, Step(Trigger.TERBITKAN_BERITA_ACARA, attachment=REPORT, report_number="N", text="ok"), PPE
    )
    assert done.status is Status.SELESAI and isinstance(facts[0], ForensicReportIssuedV1)


def test_answers_come_only_through_the_gateway_and_the_report_waits_for_both() -> None:
    c = held("diteruskan_eksternal", PPE)
    with refused("Jawaban LKPP dan BSSN hanya diterima melalui gateway."):
        run(c, Step(Trigger.JAWABAN_PIHAK, party="lkpp", external_ref="L-1"), PPE)
    one, facts = run(c, Step(Trigger.JAWABAN_PIHAK, party="bssn", external_ref="B-1"), GATEWAY)
    assert isinstance(facts[0], ForensicAnswerReceivedV1) and facts[0].awaiting == ("lkpp",)
    issue = Step(Trigger.TERBITKAN_BERITA_ACARA, attachment=REPORT, report_number="N", text="hasil")
    with refused("Tunggu jawaban LKPP dan BSSN sebelum menerbitkan berita acara."):
        run(one, issue, PPE)
    both, facts = run(one, Step(Trigger.JAWABAN_PIHAK, party="lkpp", external_ref="L-1"), GATEWAY)
    assert both.answered == ("lkpp", "bssn") and isinstance(facts[0], ForensicAnswerReceivedV1)
    assert facts[0].awaiting == ()
    done, facts = run(both, issue, PPE)
    assert done.status is Status.SELESAI
    assert isinstance(facts[0], ForensicReportIssuedV1) and facts[0].attachments == (REPORT,)


def test_a_partys_refusal_brings_the_case_back_to_the_admin_ppe() -> None:
    after, facts = run(case("diteruskan_eksternal"), Step(Trigger.PENOLAKAN_PIHAK, party="bssn", text="x"), GATEWAY)
    assert after.status is Status.UJI_DICATAT and after.holder is None and facts == ()


def test_the_admin_ppe_refuses_with_a_reason() -> None:
    with refused("Isi uraian atau alasan langkah ini."):
        run(held("dieskalasi", PPE), Step(Trigger.TOLAK), PPE)
    after, facts = run(held("dieskalasi", PPE), Step(Trigger.TOLAK, text="Bukan masalah Apendo"), PPE)
    assert after.status is Status.DITOLAK
    assert isinstance(facts[0], ForensicTestRefusedV1) and facts[0].reason == "Bukan masalah Apendo"


def test_every_step_is_an_audit_row_naming_who_and_the_move() -> None:
    decided = decide(held("diajukan", HD), Step(Trigger.ESKALASI), at=AT, actor=HD, status_url="s")
    assert decided.audit is not None
    audit = decided.audit
    assert (audit.entity, audit.action, audit.before, audit.after) == (
        "forensic_test",
        "eskalasi",
        "diajukan",
        "dieskalasi",
    )
    assert audit.actor == HD and audit.at == AT
