"""The live feed reads subjects and payloads, shows times in the LPSE's zone and filters by LPSE and event type."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from operations.domain import feed_item, matches, zone_note


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


# The zones of the shipped profiles (deploy/lpse/*.yaml), written out: Banjarmasin is WITA, the others WIB.
ZONES = {
    "depok": "Asia/Jakarta",
    "magelang": "Asia/Jakarta",
    "temanggung": "Asia/Jakarta",
    "banjarmasin": "Asia/Makassar",
}


def test_the_feed_time_is_in_the_zone_of_the_events_lpse() -> None:
    payload = json.dumps({"occurred_at": "2026-11-25T03:00:00Z"}).encode()
    depok = feed_item("verification.depok.case.claimed.v1", payload, zones=ZONES)
    banjarmasin = feed_item("verification.banjarmasin.case.claimed.v1", payload, zones=ZONES)
    assert (depok.time, depok.time_full) == ("10.00.00 WIB", "25 Nov 2026 10.00.00 WIB")
    assert (banjarmasin.time, banjarmasin.time_full) == ("11.00.00 WITA", "25 Nov 2026 11.00.00 WITA")


def test_a_papuan_zone_reads_wit() -> None:
    payload = json.dumps({"occurred_at": "2026-11-25T03:00:00+00:00"}).encode()
    item = feed_item("registration.jayapura.application.submitted.v1", payload, zones={"jayapura": "Asia/Jayapura"})
    assert item.time == "12.00.00 WIT"


def test_without_occurred_at_the_feed_shows_when_it_received_the_message() -> None:
    received = datetime(2026, 12, 1, 23, 30, 5, tzinfo=UTC)
    item = feed_item(
        "deadletter.notifier-on-case-claimed.verification.banjarmasin.case.claimed.v1",
        b"x",
        zones=ZONES,
        received_at=received,
    )
    assert item.lpse == "banjarmasin" and item.time_full == "2 Des 2026 07.30.05 WITA"


def test_an_lpse_without_a_profile_is_shown_in_utc_and_says_so() -> None:
    payload = json.dumps({"occurred_at": "2026-11-25T03:00:00Z"}).encode()
    assert feed_item("registration.bogor.application.submitted.v1", payload, zones=ZONES).time == "03.00.00 UTC"


def test_a_naive_or_garbled_time_falls_back_to_the_receipt_time() -> None:
    received = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    for occurred in ("2026-11-25T03:00:00", "kemarin", 42):
        payload = json.dumps({"occurred_at": occurred}).encode()
        item = feed_item("verification.depok.case.claimed.v1", payload, zones=ZONES, received_at=received)
        assert item.time == "10.00.00 WIB"


def test_the_page_names_each_zone_and_its_lpses() -> None:
    names = {
        "depok": "Kota Depok",
        "magelang": "Kota Magelang",
        "temanggung": "Kabupaten Temanggung",
        "banjarmasin": "Kota Banjarmasin",
    }
    assert zone_note(ZONES, names) == (
        "Waktu ditampilkan menurut zona LPSE pemilik event: "
        "WIB (Kabupaten Temanggung, Kota Depok, Kota Magelang); WITA (Kota Banjarmasin)."
    )


def test_a_payload_nested_past_the_parser_or_not_utf8_is_shown_by_its_subject() -> None:
    received = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
    for payload in (b"[" * 2000, b"[" * 2000 + b"]" * 2000, b'{"lpse": "\xff\xfe"}'):
        item = feed_item("registration.depok.application.submitted.v1", payload, zones=ZONES, received_at=received)
        assert (item.lpse, item.event_type, item.event_id, item.time) == (
            "depok",
            "application.submitted",
            "",
            "10.00.00 WIB",
        )
