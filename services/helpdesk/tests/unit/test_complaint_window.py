"""Banjarmasin Pasal 8(3): "paling lambat 30 (tiga puluh) hari sejak pengadu menerima pelayanan". Counted in local
calendar dates; the 30th day is on time; a late complaint is flagged, never refused."""

from __future__ import annotations

from datetime import UTC, date, datetime

from helpdesk.complaints.window import window

WITA = "Asia/Makassar"
FRI_14_AUG_1445_WITA = datetime(2026, 8, 14, 6, 45, tzinfo=UTC)


def test_fri_10_jul_to_fri_14_aug_2026_is_35_days_and_late() -> None:
    span = window(date(2026, 7, 10), FRI_14_AUG_1445_WITA, WITA, 30)
    assert (span.days_since_service, span.late) == (35, True)


def test_wed_15_jul_to_fri_14_aug_2026_is_exactly_30_days_and_on_time() -> None:
    span = window(date(2026, 7, 15), FRI_14_AUG_1445_WITA, WITA, 30)
    assert (span.days_since_service, span.late) == (30, False)


def test_the_days_are_local_dates_not_utc_ones() -> None:
    # Sat 15 Aug 2026 00:30 WITA is still Fri 14 Aug in UTC: locally it is the 31st day, so late.
    just_after_midnight = datetime(2026, 8, 14, 16, 30, tzinfo=UTC)
    assert window(date(2026, 7, 15), just_after_midnight, WITA, 30).late is True


def test_an_lpse_without_a_window_never_flags() -> None:
    assert window(date(2025, 1, 1), FRI_14_AUG_1445_WITA, "Asia/Jakarta", None).late is False
