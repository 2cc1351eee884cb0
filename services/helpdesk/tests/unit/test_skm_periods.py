"""The results' reporting periods: month, triwulan, semester and year, bounded at midnight in the LPSE's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from helpdesk.survey.periods import choices, current_year, parse_period


@pytest.mark.parametrize(
    ("code", "label", "start_utc", "end_utc"),
    [
        ("2026", "Tahun 2026", datetime(2025, 12, 31, 17, tzinfo=UTC), datetime(2026, 12, 31, 17, tzinfo=UTC)),
        ("2026-S2", "Semester II 2026", datetime(2026, 6, 30, 17, tzinfo=UTC), datetime(2026, 12, 31, 17, tzinfo=UTC)),
        ("2026-T1", "Triwulan I 2026", datetime(2025, 12, 31, 17, tzinfo=UTC), datetime(2026, 3, 31, 17, tzinfo=UTC)),
        ("2026-T4", "Triwulan IV 2026", datetime(2026, 9, 30, 17, tzinfo=UTC), datetime(2026, 12, 31, 17, tzinfo=UTC)),
        ("2026-02", "Februari 2026", datetime(2026, 1, 31, 17, tzinfo=UTC), datetime(2026, 2, 28, 17, tzinfo=UTC)),
        ("2026-12", "Desember 2026", datetime(2026, 11, 30, 17, tzinfo=UTC), datetime(2026, 12, 31, 17, tzinfo=UTC)),
    ],
)
def test_a_period_runs_from_midnight_wib_to_midnight_wib(
    code: str, label: str, start_utc: datetime, end_utc: datetime
) -> None:
    period = parse_period(code)
    assert period is not None and period.label == label
    assert period.bounds("Asia/Jakarta") == (start_utc, end_utc)


def test_banjarmasin_and_its_wita_midnight() -> None:
    period = parse_period("2026-T4")
    assert period is not None
    start, end = period.bounds("Asia/Makassar")
    assert (start, end) == (datetime(2026, 9, 30, 16, tzinfo=UTC), datetime(2026, 12, 31, 16, tzinfo=UTC))


@pytest.mark.parametrize("code", ["", "26", "2026-T5", "2026-S3", "2026-13", "2026-00", "2026-t4", "2026-12 ", "１９"])
def test_a_code_naming_no_period_is_none(code: str) -> None:
    assert parse_period(code) is None


def test_the_filter_offers_no_period_after_today_newest_first() -> None:
    groups = dict(choices(date(2026, 12, 2)))
    assert list(groups) == ["Tahun", "Semester", "Triwulan", "Bulan"]
    assert [p.code for p in groups["Tahun"]] == ["2026", "2025", "2024"]
    assert [p.code for p in groups["Triwulan"]][:2] == ["2026-T4", "2026-T3"]
    may = dict(choices(date(2026, 5, 15)))
    assert [p.code for p in may["Bulan"]][:2] == ["2026-05", "2026-04"]
    assert may["Semester"][0].code == "2026-S1"
    assert current_year(date(2026, 12, 2)).code == "2026"
