"""Naming rules, schema snapshots and the AsyncAPI document: every contract change is a visible diff."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from contracts.catalog import EVENTS, event_for_subject
from contracts.envelope import Actor, Event, parse_subject_template
from contracts.snapshots import ASYNCAPI_PATH, SCHEMA_DIR, TOPOLOGY_PATH, expected_files, schema_file_name
from contracts.streams import load_topology


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.__name__)
def test_subject_follows_owner_lpse_entity_fact_version(event: type[Event]) -> None:
    parts = parse_subject_template(event.subject_template)
    assert event.__name__.endswith(f"V{parts['version']}")
    assert event.model_config.get("frozen") is True


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.__name__)
def test_every_event_has_a_stream_of_its_owner(event: type[Event]) -> None:
    topology = load_topology(TOPOLOGY_PATH)
    assert topology.stream_for_subject(event.subject_template).name == event.owner().upper()


def test_every_consumer_filters_a_known_fact_on_its_owners_stream() -> None:
    topology = load_topology(TOPOLOGY_PATH)
    filters = {e.subject_filter(): e for e in EVENTS}
    for consumer in topology.consumers:
        for subject in consumer.filter_subjects:
            assert subject in filters, consumer.durable
            assert topology.stream_for_subject(subject).name == consumer.stream


def test_one_durable_per_service_and_owner_named_service_from_owner() -> None:
    consumers = load_topology(TOPOLOGY_PATH).consumers
    for consumer in consumers:
        owners = {parse_subject_template(s.replace("*", "{lpse}"))["owner"] for s in consumer.filter_subjects}
        assert owners == {consumer.stream.lower()}
        assert consumer.durable == f"{consumer.service}-from-{consumer.stream.lower()}"
    assert len({(c.service, c.stream) for c in consumers}) == len(consumers)


def test_the_durables_each_service_reads() -> None:
    """The README's subject table, as data: which service hears which fact, through which durable."""
    read = {c.durable: set(c.filter_subjects) for c in load_topology(TOPOLOGY_PATH).consumers}
    assert read == {
        "verification-from-registration": {
            "registration.*.application.submitted.v1",
            "registration.*.application.resubmitted.v1",
        },
        "registration-from-verification": {
            "verification.*.case.opened.v1",
            "verification.*.case.invited.v1",
            "verification.*.case.checked_in.v1",
            "verification.*.case.handed_over.v1",
            "verification.*.case.claimed.v1",
            "verification.*.case.returned.v1",
            "verification.*.case.resumed.v1",
            "verification.*.case.rejected.v1",
            "verification.*.account.activated.v1",
            "verification.*.aggregation.requested.v1",
            "verification.*.aggregation.completed.v1",
            "verification.*.aggregation.refused.v1",
        },
        "notifier-from-registration": {
            "registration.*.email.verification_requested.v1",
            "registration.*.application.submitted.v1",
        },
        "notifier-from-verification": {
            "verification.*.case.claimed.v1",
            "verification.*.case.invited.v1",
            "verification.*.case.handed_over.v1",
            "verification.*.case.returned.v1",
            "verification.*.case.resumed.v1",
            "verification.*.case.rejected.v1",
            "verification.*.account.activated.v1",
            "verification.*.account.password_reset_requested.v1",
            "verification.*.aggregation.requested.v1",
            "verification.*.aggregation.completed.v1",
            "verification.*.aggregation.refused.v1",
            "verification.*.case.deadline_breached.v1",
            "verification.*.account.request_filed.v1",
            "verification.*.account.email_proof_requested.v1",
            "verification.*.account.email_proven.v1",
            "verification.*.account.request_checked_in.v1",
            "verification.*.account.request_handed_over.v1",
            "verification.*.account.request_claimed.v1",
            "verification.*.account.request_returned.v1",
            "verification.*.account.request_resumed.v1",
            "verification.*.account.request_approved.v1",
            "verification.*.account.request_rejected.v1",
            "verification.*.account.request_withdrawn.v1",
            "verification.*.account.request_sent_to_lkpp.v1",
            "verification.*.account.request_deadline_breached.v1",
            "verification.*.account.changed.v1",
            "verification.*.account.deactivated.v1",
            "verification.*.account.reactivated.v1",
            "verification.*.account.password_changed.v1",
        },
        "notifier-from-helpdesk": {
            "helpdesk.*.ticket.opened.v1",
            "helpdesk.*.ticket.claimed.v1",
            "helpdesk.*.ticket.replied.v1",
            "helpdesk.*.ticket.info_requested.v1",
            "helpdesk.*.ticket.escalated.v1",
            "helpdesk.*.ticket.answered_by_lkpp.v1",
            "helpdesk.*.ticket.resolved.v1",
            "helpdesk.*.ticket.reopened.v1",
            "helpdesk.*.ticket.closed.v1",
            "helpdesk.*.ticket.deadline_breached.v1",
            "helpdesk.*.complaint.received.v1",
            "helpdesk.*.complaint.acknowledged.v1",
            "helpdesk.*.complaint.escalated.v1",
            "helpdesk.*.complaint.responded.v1",
            "helpdesk.*.complaint.resolved.v1",
            "helpdesk.*.complaint.deadline_breached.v1",
            "helpdesk.*.schedule_change.requested.v1",
            "helpdesk.*.schedule_change.returned.v1",
            "helpdesk.*.schedule_change.resubmitted.v1",
            "helpdesk.*.schedule_change.escalated.v1",
            "helpdesk.*.schedule_change.approved.v1",
            "helpdesk.*.schedule_change.refused.v1",
            "helpdesk.*.schedule_change.deadline_breached.v1",
            # uji forensik (DPK-2d)
            "helpdesk.*.forensic.requested.v1",
            "helpdesk.*.forensic.returned.v1",
            "helpdesk.*.forensic.resubmitted.v1",
            "helpdesk.*.forensic.escalated.v1",
            "helpdesk.*.forensic.trial_recorded.v1",
            "helpdesk.*.forensic.escalated_external.v1",
            "helpdesk.*.forensic.answer_received.v1",
            "helpdesk.*.forensic.report_issued.v1",
            "helpdesk.*.forensic.refused.v1",
            "helpdesk.*.forensic.deadline_breached.v1",
            "helpdesk.*.account_request.requested.v1",
            "helpdesk.*.account_request.returned.v1",
            "helpdesk.*.account_request.resubmitted.v1",
            "helpdesk.*.account_request.escalated.v1",
            "helpdesk.*.account_request.dispositioned.v1",
            "helpdesk.*.account_request.prepared.v1",
            "helpdesk.*.account_request.completed.v1",
            "helpdesk.*.account_request.refused.v1",
            "helpdesk.*.account_request.deadline_breached.v1",
        },
        "helpdesk-from-identity": {
            "identity.*.internal_account.created.v1",
            "identity.*.internal_account.refused.v1",
            "identity.*.internal_account.changed.v1",
            "identity.*.internal_account.deactivated.v1",
        },
        "helpdesk-from-gateway": {
            "gateway.*.ticket.forwarded.v1",
            "gateway.*.ticket.forward_refused.v1",
            # uji forensik: LKPP's and BSSN's word
            "gateway.*.forensic.forwarded.v1",
            "gateway.*.forensic.answered.v1",
            "gateway.*.forensic.forward_refused.v1",
        },
        "gateway-from-helpdesk": {"helpdesk.*.ticket.escalated.v1", "helpdesk.*.forensic.escalated_external.v1"},
        "identity-from-helpdesk": {"helpdesk.*.account_request.approved.v1"},
        "notifier-from-identity": {
            "identity.*.internal_account.created.v1",
            "identity.*.internal_account.changed.v1",
            "identity.*.internal_account.deactivated.v1",
        },
    }


def committed_files() -> list[Path]:
    """The contract artefacts as committed: every schema snapshot on disk and the AsyncAPI document."""
    return [*sorted(SCHEMA_DIR.glob("*.json")), ASYNCAPI_PATH]


@pytest.mark.parametrize("path", committed_files(), ids=lambda p: p.name)
def test_committed_artefact_matches_the_models(path: Path) -> None:
    expected = expected_files()
    assert path in expected, f"{path.name} is committed but no model produces it"
    assert path.read_text(encoding="utf-8") == expected[path], f"{path} is stale: run `make schemas`"


def test_every_artefact_the_models_produce_is_committed() -> None:
    missing = sorted(p.name for p in set(expected_files()) - set(committed_files()))
    assert missing == [], "run `make schemas` and commit the files"


def test_no_orphan_schema_snapshots() -> None:
    assert {p.name for p in SCHEMA_DIR.glob("*.json")} == {schema_file_name(e) for e in EVENTS}


def test_concrete_subject_resolves_to_its_class() -> None:
    assert event_for_subject("registration.depok.application.submitted.v1").__name__ == "ApplicationSubmittedV1"  # type: ignore[union-attr]
    assert event_for_subject("registration.depok.application.exploded.v1") is None


def test_envelope_refuses_naive_time_and_bad_tenant() -> None:
    event = EVENTS[0]
    with pytest.raises(ValidationError):
        event.model_validate(
            {
                "occurred_at": datetime(2026, 1, 1),
                "lpse": "depok",
                "correlation_id": uuid.uuid4(),
                "actor": Actor.system().model_dump(),
            }
        )
    with pytest.raises(ValidationError):
        Actor.model_validate({"id": "x", "role": "hacker"})
