"""The reporting periods of the survey's results: a month, a quarter (triwulan), a half (semester) or a year.

Codes read '2026' (tahun), '2026-S2' (semester), '2026-T4' (triwulan), '2026-12' (bulan); a period runs from the
first day of its first month to the first day after it, midnight in the LPSE's own zone. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

ROMAN = ("I", "II", "III", "IV")
# The month names of `lpse_runtime.web`, here again because that module serves pages and this one must stay pure.
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
KINDS = (("tahun", "Tahun"), ("semester", "Semester"), ("triwulan", "Triwulan"), ("bulan", "Bulan"))
_CODE = re.compile(r"^(?P<year>20[0-9]{2})(?:-(?P<part>S[12]|T[1-4]|0[1-9]|1[0-2]))?$")
YEARS_BACK = 2  # the filter offers this year and the two before it


@dataclass(frozen=True)
class Period:
    """One reporting period: its code, its words, its months."""

    code: str
    kind: str
    label: str
    year: int
    first_month: int
    months: int

    def bounds(self, zone: str) -> tuple[datetime, datetime]:
        """[start, end) of the period at midnight in the LPSE's zone."""
        start = date(self.year, self.first_month, 1)
        last = self.first_month + self.months
        end = date(self.year + (last - 1) // 12, (last - 1) % 12 + 1, 1)
        tz = ZoneInfo(zone)
        return datetime(start.year, start.month, 1, tzinfo=tz), datetime(end.year, end.month, 1, tzinfo=tz)


def parse_period(code: str) -> Period | None:
    """The period a code names, or None for one that names none."""
    match = _CODE.match(code)
    if match is None:
        return None
    year, part = int(match["year"]), match["part"]
    if part is None:
        return Period(code, "tahun", f"Tahun {year}", year, 1, 12)
    if part[0] == "S":
        half = int(part[1])
        return Period(code, "semester", f"Semester {ROMAN[half - 1]} {year}", year, 6 * half - 5, 6)
    if part[0] == "T":
        quarter = int(part[1])
        return Period(code, "triwulan", f"Triwulan {ROMAN[quarter - 1]} {year}", year, 3 * quarter - 2, 3)
    month = int(part)
    return Period(code, "bulan", f"{MONTHS[month - 1]} {year}", year, month, 1)


def current_year(today: date) -> Period:
    """This year: the period shown when none is chosen."""
    period = parse_period(str(today.year))
    assert period is not None
    return period


def choices(today: date) -> list[tuple[str, list[Period]]]:
    """The periods the filter offers, grouped by kind, newest first, none after today's."""
    years = range(today.year, today.year - YEARS_BACK - 1, -1)
    codes = {
        "tahun": [f"{y}" for y in years],
        "semester": [f"{y}-S{h}" for y in years for h in (2, 1)],
        "triwulan": [f"{y}-T{q}" for y in years for q in (4, 3, 2, 1)],
        "bulan": [f"{y}-{m:02d}" for y in years for m in range(12, 0, -1)],
    }
    groups = []
    for kind, label in KINDS:
        found = [p for p in map(parse_period, codes[kind]) if p is not None]
        groups.append((label, [p for p in found if (p.year, p.first_month) <= (today.year, today.month)]))
    return groups
