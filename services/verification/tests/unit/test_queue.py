"""What the queue's search box makes of what people type, and the page keys that travel in links."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from verification.queue import NO_DEADLINE, QueueKey, Search, count_text, name_query, parse_search, parse_status


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", Search()),
        ("   ", Search()),
        ("DPK-2611-7K3Q9P", Search(reference="DPK-2611-7K3Q9P")),
        (" dpk-2611-7k3q9p ", Search(reference="DPK-2611-7K3Q9P")),
        ("HD-DPK-2611-7K3Q9P", Search(reference="HD-DPK-2611-7K3Q9P")),
        ("01.234.567.8-901.234", Search(npwp="012345678901234")),
        ("0123 4567 8901 2345", Search(npwp="0123456789012345")),
        ("012345678901234", Search(npwp="012345678901234")),
        ("01.234.567", Search(error="NPWP terdiri atas 15 atau 16 angka (titik dan tanda hubung boleh diketik).")),
        ("PT", Search(error="Ketik sedikitnya 3 huruf nama penyedia.")),
        ("&&&", Search(error="Ketik sedikitnya 3 huruf nama penyedia.")),
        ("maju  jaya", Search(name="maju jaya")),
        ("CV. Sinar 2000", Search(name="CV. Sinar 2000")),
    ],
)
def test_search_box_entries(typed: str, expected: Search) -> None:
    assert parse_search(typed) == expected


def test_unknown_status_means_every_status() -> None:
    assert parse_status("activated") == "activated"
    assert parse_status("semua") is None
    assert parse_status("") is None


def test_a_name_becomes_its_words_the_last_one_by_its_beginning_and_nothing_else() -> None:
    assert name_query("Maju  Ja") == "maju & ja:*"
    assert name_query("CV. Karya-Bangun 2000") == "cv & karya & bangun & 2000:*"
    assert name_query("a & !b | c:*") == "a & b & c:*"


def test_a_page_key_survives_a_link_and_garbage_is_no_key() -> None:
    key = QueueKey(
        False, datetime(2026, 12, 3, 2, 30, 0, 123456, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC), uuid.uuid4()
    )
    assert QueueKey.parse(key.token()) == key
    closed = QueueKey(True, NO_DEADLINE, datetime(2021, 1, 4, tzinfo=UTC), uuid.uuid4())
    assert QueueKey.parse(closed.token()) == closed
    for garbage in ("", "x", "2.1.1." + str(uuid.uuid4()), "0.a.1." + str(uuid.uuid4()), "0.1.1.not-a-uuid", "0.1.1"):
        assert QueueKey.parse(garbage) is None
    assert QueueKey.parse("0.99999999999999999999.1." + str(uuid.uuid4())) is None


def test_the_count_is_bounded_in_words() -> None:
    assert count_text(0) == "0 kasus"
    assert count_text(1000) == "1.000 kasus"
    assert count_text(1001) == "lebih dari 1.000 kasus"
    assert count_text(51, 50) == "lebih dari 50 kasus"
