"""Each outcome of a forward written out from the README's "The LKPP gateway": the state stored, when the next
attempt is due, every field of the fact and of the audit row, and LKPP's text masked and cut before it is kept."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from contracts.envelope import Actor
from contracts.gateway import TicketForwardedV1, TicketForwardRefusedV1
from contracts.helpdesk import TicketCategory, TicketEscalatedV1
from gateway.domain import Answer, Forward, ForwardStatus, Outcome, classify, decide, forward_of, request_body

NOW = datetime(2026, 12, 10, 3, 0, tzinfo=UTC)
TICKET = uuid.UUID("6f1e3c7a-0000-4000-8000-000000000001")
ESCALATION = uuid.UUID("6f1e3c7a-0000-4000-8000-0000000000e1")
GATEWAY = Actor(id="gateway", role="system")


def escalation(**changes: object) -> TicketEscalatedV1:
    fields: dict[str, object] = {
        "event_id": ESCALATION,
        "occurred_at": NOW,
        "lpse": "temanggung",
        "correlation_id": TICKET,
        "actor": Actor(id="adminppe.temanggung", role="admin_ppe"),
        "ticket_id": TICKET,
        "reference": "TMG-HD-2612-0001",
        "category": TicketCategory.SPSE_PROBLEM,
        "from_level": "admin_ppe",
        "to_level": "lkpp",
        "to_label": "Helpdesk LKPP",
        "summary": "Dokumen penawaran gagal diunggah",
        "lkpp_note": "Mohon dicek log unggah",
        "reporter_role": "penyedia",
        "opened_at": datetime(2026, 12, 9, 2, 0, tzinfo=UTC),
    }
    return TicketEscalatedV1.model_validate({**fields, **changes})


def sending(attempts: int) -> Forward:
    forward = forward_of(escalation(), public_base_url="https://lpse.example", now=NOW)
    return replace(forward, status=ForwardStatus.SENDING, attempts=attempts)


def test_the_request_is_one_fixed_byte_string_sorted_and_unescaped_so_every_retry_sends_the_same() -> None:
    body = request_body(escalation(summary="Jadwal lelang “tertukar”"), "https://lpse.example//")
    assert body == (
        '{"callback_url": "https://lpse.example/helpdesk/lkpp/tiket/callback", "category": "masalah_spse", '
        '"lkpp_note": "Mohon dicek log unggah", "lpse": "temanggung", "opened_at": "2026-12-09T02:00:00+00:00", '
        '"reporter_role": "penyedia", "summary": "Jadwal lelang “tertukar”", "ticket_ref": "TMG-HD-2612-0001"}'
    )


def test_a_ticket_without_summary_note_or_opening_instant_sends_empty_texts_and_null() -> None:
    body = json.loads(request_body(escalation(summary=None, lkpp_note=None, opened_at=None), "https://x.example"))
    assert (body["summary"], body["lkpp_note"], body["opened_at"]) == ("", "", None)


def test_a_base_url_ending_in_x_keeps_its_letters_only_the_slash_is_trimmed() -> None:
    body = json.loads(request_body(escalation(), "https://lpse.temanggungkab.go.id/X/"))
    assert body["callback_url"] == "https://lpse.temanggungkab.go.id/X/helpdesk/lkpp/tiket/callback"


def test_only_2xx_is_accepted_300_is_no_acceptance() -> None:
    assert (classify(299), classify(300)) == (Outcome.ACCEPTED, Outcome.TEMPORARY)


def test_acceptance_stores_lkpps_number_no_error_and_publishes_every_field() -> None:
    decided = decide(sending(3), Answer(201, external_ref="LKPP-TIK-77", message="diterima"), now=NOW)
    r = decided.state
    assert (r.forward.status, r.forward.next_attempt_at, r.outcome, r.decided_at) == (
        ForwardStatus.FORWARDED,
        NOW,
        Outcome.ACCEPTED,
        NOW,
    )
    assert (r.http_status, r.external_ref, r.error) == (201, "LKPP-TIK-77", None)
    (fact,) = decided.facts
    assert isinstance(fact, TicketForwardedV1)
    assert fact.model_dump(include={"occurred_at", "lpse", "actor", "ticket_id", "reference", "lkpp_ref"}) == {
        "occurred_at": NOW,
        "lpse": "temanggung",
        "actor": {"id": "gateway", "role": "system"},
        "ticket_id": TICKET,
        "reference": "TMG-HD-2612-0001",
        "lkpp_ref": "LKPP-TIK-77",
    }
    a = decided.audit
    assert a is not None
    assert (a.at, a.actor, a.entity, a.entity_id, a.action, a.before, a.after) == (
        NOW,
        GATEWAY,
        "forward",
        "6f1e3c7a-0000-4000-8000-0000000000e1",
        "forwarded",
        "sending",
        "forwarded",
    )
    assert a.reason == "tiket TMG-HD-2612-0001: HTTP 201 setelah 3 percobaan"


def test_a_refusal_keeps_no_number_stores_the_masked_reason_and_audits_it() -> None:
    answer = Answer(404, external_ref="LKPP-TIK-78", message="Tiket\n  NIK 3276012345678901   tidak dikenal")
    decided = decide(sending(2), answer, now=NOW)
    r = decided.state
    assert (r.forward.status, r.forward.next_attempt_at, r.outcome, r.decided_at) == (
        ForwardStatus.REFUSED,
        NOW,
        Outcome.REFUSED,
        NOW,
    )
    assert (r.http_status, r.external_ref, r.error) == (404, None, "Tiket NIK **************** tidak dikenal")
    (fact,) = decided.facts
    assert isinstance(fact, TicketForwardRefusedV1)
    assert (fact.http_status, fact.reason, fact.attempts, fact.actor) == (
        404,
        "Tiket NIK **************** tidak dikenal",
        2,
        GATEWAY,
    )
    a = decided.audit
    assert a is not None
    assert (a.at, a.actor, a.entity, a.entity_id, a.action, a.before, a.after) == (
        NOW,
        GATEWAY,
        "forward",
        "6f1e3c7a-0000-4000-8000-0000000000e1",
        "refused",
        "sending",
        "refused",
    )
    assert a.reason == "tiket TMG-HD-2612-0001: HTTP 404 setelah 2 percobaan"


def test_a_temporary_failure_is_due_after_its_backoff_step_with_its_status_and_text_kept() -> None:
    decided = decide(sending(5), Answer(503, external_ref="LKPP-TIK-79", message="Service Unavailable"), now=NOW)
    r = decided.state
    assert (r.forward.status, r.forward.next_attempt_at, r.outcome, r.decided_at) == (
        ForwardStatus.PENDING,
        NOW + timedelta(seconds=30),  # the 5th failure waits 30 s (2, 4, 8, 16, 30, …)
        Outcome.TEMPORARY,
        NOW,
    )
    assert (r.http_status, r.external_ref, r.error) == (503, None, "Service Unavailable")
    assert (decided.facts, decided.audit) == ((), None)


def test_a_temporary_failure_without_text_stores_no_error() -> None:
    assert decide(sending(1), Answer(None), now=NOW).state.error is None
