"""The gateway's rules, written out from the README's "The LKPP gateway": the forward table, what LKPP's HTTP
status means, the backoff that never gives up, and the facts a final answer publishes."""

from __future__ import annotations

import itertools
import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from contracts.envelope import Actor
from contracts.gateway import TicketForwardedV1, TicketForwardRefusedV1
from contracts.helpdesk import TicketCategory, TicketEscalatedV1
from gateway.domain import (
    Answer,
    Forward,
    ForwardStatus,
    Outcome,
    classify,
    decide,
    forward_of,
    masked,
    next_status,
    retry_delay,
)
from lpse_runtime.machine import TransitionRefused

NOW = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)
P, S, F, R = ForwardStatus.PENDING, ForwardStatus.SENDING, ForwardStatus.FORWARDED, ForwardStatus.REFUSED

# pending→(claim)→sending→(accepted)→forwarded | (temporary)→pending | (refused)→refused; a lapsed lease: claimed again.
EXPECTED = {
    ("pending", "claim"): "sending",
    ("sending", "claim"): "sending",
    ("sending", "accepted"): "forwarded",
    ("sending", "temporary"): "pending",
    ("sending", "refused"): "refused",
}


@pytest.mark.parametrize(("status", "outcome"), list(itertools.product(ForwardStatus, Outcome)))
def test_the_forward_table_is_the_readmes_and_refuses_every_other_pair(status: ForwardStatus, outcome: Outcome) -> None:
    expected = EXPECTED.get((status.value, outcome.value))
    if expected is None:
        with pytest.raises(TransitionRefused):
            next_status(status, outcome)
    else:
        assert next_status(status, outcome).value == expected


@pytest.mark.parametrize(
    ("http_status", "outcome"),
    [
        (200, "accepted"),
        (201, "accepted"),
        (202, "accepted"),
        (204, "accepted"),
        (400, "refused"),
        (401, "refused"),
        (403, "refused"),
        (404, "refused"),
        (409, "refused"),
        (422, "refused"),
        (408, "temporary"),
        (429, "temporary"),
        (301, "temporary"),
        (500, "temporary"),
        (502, "temporary"),
        (503, "temporary"),
        (504, "temporary"),
        (None, "temporary"),
    ],
)
def test_classify_2xx_accepted_4xx_refused_except_408_429_else_temporary(http_status: int | None, outcome: str) -> None:
    assert classify(http_status).value == outcome


def test_the_backoff_is_2_4_8_16_30_60_120_then_300_seconds_for_ever() -> None:
    delays = [retry_delay(n).total_seconds() for n in range(1, 13)]
    assert delays == [2, 4, 8, 16, 30, 60, 120, 300, 300, 300, 300, 300]
    assert retry_delay(10_000) == timedelta(minutes=5)


def escalation() -> TicketEscalatedV1:
    ticket_id = uuid.UUID("6f1e3c7a-0000-4000-8000-000000000001")
    return TicketEscalatedV1(
        event_id=uuid.UUID("6f1e3c7a-0000-4000-8000-0000000000e1"),
        occurred_at=NOW,
        lpse="temanggung",
        correlation_id=ticket_id,
        actor=Actor(id="adminppe.temanggung", role="admin_ppe"),
        ticket_id=ticket_id,
        reference="TMG-HD-2612-0001",
        category=TicketCategory.SPSE_PROBLEM,
        from_level="admin_ppe",
        to_level="lkpp",
        to_label="Helpdesk LKPP",
        summary="Tidak bisa unggah dokumen penawaran",
        lkpp_note="Mohon dicek log unggah",
        reporter_role="penyedia",
        opened_at=datetime(2026, 12, 9, 2, 0, tzinfo=UTC),
    )


def claimed(attempts: int) -> Forward:
    forward = forward_of(escalation(), public_base_url="https://lpse.example/", now=NOW)
    return replace(forward, status=S, attempts=attempts)


def test_the_request_names_the_ticket_and_the_helpdesks_callback() -> None:
    forward = forward_of(escalation(), public_base_url="https://lpse.example/", now=NOW)
    assert (forward.status, forward.attempts, forward.next_attempt_at) == (P, 0, NOW)
    assert json.loads(forward.body) == {
        "ticket_ref": "TMG-HD-2612-0001",
        "lpse": "temanggung",
        "category": "masalah_spse",
        "reporter_role": "penyedia",
        "summary": "Tidak bisa unggah dokumen penawaran",
        "lkpp_note": "Mohon dicek log unggah",
        "opened_at": "2026-12-09T02:00:00+00:00",
        "callback_url": "https://lpse.example/helpdesk/lkpp/tiket/callback",
    }


def test_lkpps_acceptance_publishes_forwarded_with_its_number() -> None:
    decided = decide(claimed(3), Answer(202, external_ref="LKPP-TIK-0A1B2C3D"), now=NOW)
    assert decided.state.forward.status is F
    assert decided.state.external_ref == "LKPP-TIK-0A1B2C3D"
    (fact,) = decided.facts
    assert isinstance(fact, TicketForwardedV1)
    assert (fact.subject, fact.lkpp_ref, fact.attempts, fact.reference) == (
        "gateway.temanggung.ticket.forwarded.v1",
        "LKPP-TIK-0A1B2C3D",
        3,
        "TMG-HD-2612-0001",
    )
    assert (fact.escalation_event_id, fact.causation_id, fact.correlation_id) == (
        uuid.UUID("6f1e3c7a-0000-4000-8000-0000000000e1"),
        uuid.UUID("6f1e3c7a-0000-4000-8000-0000000000e1"),
        uuid.UUID("6f1e3c7a-0000-4000-8000-000000000001"),
    )
    assert decided.audit is not None and (decided.audit.action, decided.audit.before) == ("forwarded", "sending")


def test_an_acceptance_without_a_number_is_tried_again_under_the_same_key() -> None:
    decided = decide(claimed(1), Answer(202), now=NOW)
    assert (decided.state.forward.status, decided.facts, decided.state.error) == (
        P,
        (),
        "jawaban LKPP tanpa lkpp_ref",
    )


def test_no_answer_waits_its_backoff_step_and_publishes_nothing() -> None:
    decided = decide(claimed(2), Answer(None, message="ConnectError: All connection attempts failed"), now=NOW)
    assert decided.state.forward.status is P
    assert decided.state.forward.next_attempt_at == NOW + timedelta(seconds=4)
    assert (decided.facts, decided.audit) == ((), None)
    assert decided.state.error == "ConnectError: All connection attempts failed"


def test_a_refusal_publishes_forward_refused_with_lkpps_message_its_long_numbers_masked() -> None:
    message = "NIK 3276.0123-4567.8901 tidak terdaftar pada tiket 12345"
    decided = decide(claimed(1), Answer(422, message=message), now=NOW)
    (fact,) = decided.facts
    assert isinstance(fact, TicketForwardRefusedV1)
    assert (fact.http_status, fact.attempts) == (422, 1)
    assert fact.reason == "NIK " + "*" * 19 + " tidak terdaftar pada tiket 12345"  # five digits are no identifier
    assert decided.state.forward.status is R


def test_masked_cuts_lkpps_text_to_500_characters_on_one_line() -> None:
    assert masked("a\n b" + "x" * 600) == ("a b" + "x" * 600)[:500]
    assert masked("NPWP 01.234.567.8-901.000") == "NPWP " + "*" * 20
