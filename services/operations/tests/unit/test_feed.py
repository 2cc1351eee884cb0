"""The live feed reads subjects and payloads and filters by LPSE and event type."""

from __future__ import annotations

import json

from operations.domain import feed_item, matches


def test_a_known_fact_is_read_from_subject_and_payload() -> None:
    payload = json.dumps(
        {
            "event_id": "e1",
            "occurred_at": "2026-11-25T03:00:00Z",
            "correlation_id": "c1",
            "actor": {"id": "verifikator.depok", "role": "verifikator"},
        }
    ).encode()
    item = feed_item("verification.depok.case.claimed.v1", payload)
    assert (item.owner, item.lpse, item.event_type, item.known) == ("verification", "depok", "case.claimed", True)
    assert item.actor == "verifikator.depok (verifikator)"


def test_garbage_still_shows_its_subject() -> None:
    item = feed_item("registration.depok.application.submitted.v1", b"{not json")
    assert item.lpse == "depok" and item.event_id == ""


def test_dead_letters_name_their_consumer() -> None:
    item = feed_item("deadletter.notifier-on-case-claimed.verification.depok.case.claimed.v1", b"x")
    assert item.event_type == "dead_letter" and item.actor == "notifier-on-case-claimed"


def test_filters() -> None:
    item = feed_item("verification.banjarmasin.account.activated.v1", b"{}")
    assert matches(item, lpse=None, event_type=None)
    assert matches(item, lpse="banjarmasin", event_type="account.activated")
    assert not matches(item, lpse="depok", event_type=None)
    assert not matches(item, lpse=None, event_type="case.claimed")
