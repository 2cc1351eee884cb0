"""A forensic test's forwards, written out from the README's "Forensic tests: LKPP and BSSN": one per party, the
exact request (digests, never bytes), the key and signature per party, the facts each outcome publishes, the same
backoff as tickets, and a party's answer recorded once."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from contracts.envelope import Actor
from contracts.forensic import ForensicEscalatedExternalV1, ForensicFile
from contracts.gateway import ForensicAnsweredV1, ForensicForwardedV1, ForensicForwardRefusedV1
from gateway.domain import Answer, Forward, ForwardKind, ForwardStatus, decide
from gateway.forensic import Answered, Verdict, decide_answer, finding_text, forensic_forwards
from gateway.forwarder import answer_of, headers
from gateway.settings import PartyApi

NOW = datetime(2026, 12, 21, 3, 0, tzinfo=UTC)
CASE = uuid.UUID("7a2b0000-0000-4000-8000-000000000001")
EVENT = uuid.UUID("7a2b0000-0000-4000-8000-0000000000e1")
GATEWAY = Actor(id="gateway", role="system")


def escalation(**changes: object) -> ForensicEscalatedExternalV1:
    fields: dict[str, object] = {
        "event_id": EVENT,
        "occurred_at": NOW,
        "lpse": "depok",
        "correlation_id": CASE,
        "actor": Actor(id="adminppe.depok", role="admin_ppe"),
        "case_id": CASE,
        "reference": "DPK-UF-2612-0007",
        "service_id": "DPK-2d",
        "status_url": "https://lpse.depok.go.id/s/x",
        "tender_id": "10022026",
        "tender_name": "Pembangunan Gedung Puskesmas",
        "parties": ("lkpp", "bssn"),
        "files": (ForensicFile(name="penawaran.rhs", sha256="ab" * 32, size=4096),),
        "trial_outcome": "tidak_terbuka",
        "note": "Tidak terbuka “saat” dekripsi",
    }
    return ForensicEscalatedExternalV1.model_validate({**fields, **changes})


def claimed(party: str, attempts: int) -> Forward:
    (forward,) = [
        f for f in forensic_forwards(escalation(), public_base_url="https://lpse.x/", now=NOW) if f.party == party
    ]
    return replace(forward, status=ForwardStatus.SENDING, attempts=attempts)


def test_one_forward_per_party_each_with_its_own_key_endpoint_and_callback_due_at_once() -> None:
    forwards = forensic_forwards(escalation(), public_base_url="https://lpse.depok.go.id/", now=NOW)
    assert [
        (f.party, f.kind, f.target, f.idempotency_key, f.status, f.attempts, f.next_attempt_at) for f in forwards
    ] == [
        ("lkpp", ForwardKind.FORENSIC, "forensik", f"{EVENT}:lkpp", ForwardStatus.PENDING, 0, NOW),
        ("bssn", ForwardKind.FORENSIC, "forensik", f"{EVENT}:bssn", ForwardStatus.PENDING, 0, NOW),
    ]
    assert [json.loads(f.body)["callback_url"] for f in forwards] == [
        "https://lpse.depok.go.id/gateway/lkpp/forensik/callback",
        "https://lpse.depok.go.id/gateway/bssn/forensik/callback",
    ]
    assert {(f.case_id, f.reference, f.lpse, f.escalation_event_id) for f in forwards} == {
        (CASE, "DPK-UF-2612-0007", "depok", EVENT)
    }


def test_a_party_named_twice_is_one_forward_and_bssn_alone_is_bssns_only() -> None:
    assert [f.party for f in forensic_forwards(escalation(parties=("bssn", "bssn")), public_base_url="x", now=NOW)] == [
        "bssn"
    ]


def test_the_request_is_one_fixed_byte_string_with_the_digests_and_never_the_files() -> None:
    (lkpp, _) = forensic_forwards(escalation(), public_base_url="https://lpse.depok.go.id", now=NOW)
    assert lkpp.body == (
        '{"callback_url": "https://lpse.depok.go.id/gateway/lkpp/forensik/callback", "case_ref": "DPK-UF-2612-0007", '
        '"files": [{"name": "penawaran.rhs", "sha256": "' + "ab" * 32 + '", "size": 4096}], "lpse": "depok", '
        '"note": "Tidak terbuka “saat” dekripsi", "tender_id": "10022026", "tender_name": "Pembangunan Gedung '
        'Puskesmas", "trial_outcome": "tidak_terbuka"}'
    )


def test_each_attempt_carries_its_partys_key_and_the_hmac_of_the_body_under_its_partys_secret() -> None:
    forward = replace(claimed("bssn", 1), body='{"case_ref": "DPK-UF-2612-0007"}')
    api = PartyApi("https://bssn.example/api", "rahasia-bssn", "x-bssn-signature", 10.0)
    # `printf '{"case_ref": "DPK-UF-2612-0007"}' | openssl dgst -sha256 -hmac rahasia-bssn`
    assert headers(forward, api) == {
        "content-type": "application/json",
        "Idempotency-Key": f"{EVENT}:bssn",
        "x-bssn-signature": "69732cc46eee74975bf1a02add4f93f1494d271beb6e99693506ceb8d5694344",
    }


def test_a_forensic_acceptance_reads_ref_not_lkpp_ref() -> None:
    response = httpx.Response(202, json={"ref": "BSSN-UF-0A1B2C3D", "lkpp_ref": "LKPP-TIK-1"})
    assert answer_of(response, ForwardKind.FORENSIC).external_ref == "BSSN-UF-0A1B2C3D"
    assert answer_of(httpx.Response(202, json={"lkpp_ref": "X"}), ForwardKind.FORENSIC).external_ref is None


def test_bssns_acceptance_publishes_forensic_forwarded_with_its_number_and_an_audit_row() -> None:
    decided = decide(claimed("bssn", 2), Answer(202, external_ref="BSSN-UF-0A1B2C3D"), now=NOW)
    assert (decided.state.forward.status, decided.state.external_ref) == (ForwardStatus.FORWARDED, "BSSN-UF-0A1B2C3D")
    (fact,) = decided.facts
    assert isinstance(fact, ForensicForwardedV1)
    assert fact.model_dump(exclude={"event_id"}) == {
        "occurred_at": NOW,
        "lpse": "depok",
        "correlation_id": CASE,
        "causation_id": EVENT,
        "actor": {"id": "gateway", "role": "system"},
        "case_id": CASE,
        "reference": "DPK-UF-2612-0007",
        "escalation_event_id": EVENT,
        "party": "bssn",
        "external_ref": "BSSN-UF-0A1B2C3D",
        "attempts": 2,
    }
    assert fact.subject == "gateway.depok.forensic.forwarded.v1"
    a = decided.audit
    assert a is not None
    assert (a.actor, a.entity, a.entity_id, a.action, a.before, a.after, a.reason) == (
        GATEWAY,
        "forward",
        f"{EVENT}:bssn",
        "forwarded",
        "sending",
        "forwarded",
        "uji forensik DPK-UF-2612-0007 ke BSSN: HTTP 202 setelah 2 percobaan",
    )


def test_lkpps_refusal_publishes_forensic_forward_refused_with_its_masked_reason() -> None:
    decided = decide(claimed("lkpp", 1), Answer(422, message="NIK 3276012345678901 tidak sah"), now=NOW)
    (fact,) = decided.facts
    assert isinstance(fact, ForensicForwardRefusedV1)
    assert (fact.party, fact.http_status, fact.reason, fact.attempts, fact.subject) == (
        "lkpp",
        422,
        "NIK **************** tidak sah",
        1,
        "gateway.depok.forensic.forward_refused.v1",
    )
    assert decided.audit is not None and decided.audit.entity_id == f"{EVENT}:lkpp"


def test_an_unnumbered_acceptance_is_tried_again_and_says_which_party_left_out_which_field() -> None:
    decided = decide(claimed("bssn", 1), Answer(202), now=NOW)
    assert (decided.state.forward.status, decided.facts, decided.state.error) == (
        ForwardStatus.PENDING,
        (),
        "jawaban BSSN tanpa ref",
    )


@pytest.mark.parametrize(("failed", "seconds"), [(1, 2), (2, 4), (6, 60), (7, 120), (8, 300), (40, 300)])
def test_a_party_down_waits_the_tickets_backoff_2_to_120_then_300_for_ever(failed: int, seconds: int) -> None:
    decided = decide(claimed("bssn", failed), Answer(None, message="ConnectError"), now=NOW)
    assert decided.state.forward.next_attempt_at == NOW + timedelta(seconds=seconds)
    assert (decided.state.forward.status, decided.facts, decided.audit) == (ForwardStatus.PENDING, (), None)


def test_a_finding_keeps_its_lines_masks_six_digits_or_more_and_is_cut_to_4000() -> None:
    assert finding_text("  Baris satu \r\n\r\n NPWP 01.234.567.8-901.000 \n paket 12345 ") == (
        "Baris satu\nNPWP " + "*" * 20 + "\npaket 12345"
    )
    assert finding_text("y" * 4001) == "y" * 4000


def answered(finding: str | None = None) -> Answered:
    return Answered(EVENT, "lkpp", CASE, "DPK-UF-2612-0007", "depok", "LKPP-UF-1", f"{EVENT}:lkpp", finding, None)


def test_the_first_answer_is_recorded_and_published_as_lkpps() -> None:
    verdict, decided = decide_answer(answered(), "Kunci publik\n tidak sesuai 123456", now=NOW)
    assert verdict is Verdict.ANSWERED
    assert (decided.state.finding, decided.state.answered_at) == ("Kunci publik\ntidak sesuai ******", NOW)
    (fact,) = decided.facts
    assert isinstance(fact, ForensicAnsweredV1)
    assert fact.model_dump(exclude={"event_id"}) == {
        "occurred_at": NOW,
        "lpse": "depok",
        "correlation_id": CASE,
        "causation_id": EVENT,
        "actor": {"id": "lkpp", "role": "lkpp"},
        "case_id": CASE,
        "reference": "DPK-UF-2612-0007",
        "party": "lkpp",
        "external_ref": "LKPP-UF-1",
        "finding": "Kunci publik\ntidak sesuai ******",
    }
    a = decided.audit
    assert a is not None
    assert (a.actor, a.entity_id, a.action, a.before, a.after, a.reason) == (
        Actor(id="lkpp", role="lkpp"),
        f"{EVENT}:lkpp",
        "answered",
        "forwarded",
        "answered",
        "uji forensik DPK-UF-2612-0007: jawaban LKPP LKPP-UF-1",
    )


def test_the_same_answer_again_is_a_repeat_and_another_a_conflict_neither_publishing() -> None:
    repeat_verdict, repeat = decide_answer(
        answered("Kunci publik\ntidak sesuai"), "Kunci publik \n tidak sesuai", now=NOW
    )
    conflict_verdict, conflict = decide_answer(answered("Kunci publik\ntidak sesuai"), "Lain", now=NOW)
    assert (repeat_verdict, conflict_verdict) == (Verdict.REPEATED, Verdict.CONFLICT)
    assert (repeat.facts, repeat.audit, conflict.facts, conflict.audit) == ((), None, (), None)


def test_an_answer_of_blank_lines_only_is_no_answer() -> None:
    verdict, decided = decide_answer(answered(), " \n \t\n", now=NOW)
    assert (verdict, decided.facts, decided.state.finding) == (Verdict.MALFORMED, (), None)
