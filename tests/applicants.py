"""An applicant's identifiers made up fresh for each run: NPWP, NIB and NIK shaped as the real ones are.

The duplicate rule refuses an NPWP, NIB or email already on file in any LPSE, and a kept run directory keeps
every earlier run's applications: a test that typed the same numbers twice would be refused the second time."""

from __future__ import annotations

import secrets
from datetime import date, timedelta

NPWP_BADAN = "01"  # the first two digits name the kind of taxpayer: 01 a company
NPWP_ORANG_PRIBADI = "08"  # 08 an individual running a business
KPP_MAGELANG = "524"  # the tax office code (3 digits) that registered the taxpayer
PUSAT = "000"  # the last three digits: 000 is the head office, not a branch


def luhn_digit(digits: str) -> str:
    """The Luhn check digit of a string of digits (the NPWP's ninth digit is one, over the first eight)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return str((10 - total % 10) % 10)


def random_digits(count: int) -> str:
    """Digits no other run draws (10^count possibilities)."""
    return "".join(secrets.choice("0123456789") for _ in range(count))


def npwp(kind: str = NPWP_BADAN, office: str = KPP_MAGELANG) -> str:
    """A 15-digit NPWP as people type it, 01.234.567.8-524.000, with its check digit."""
    head = kind + random_digits(6)
    digits = head + luhn_digit(head) + office + PUSAT
    return f"{digits[:2]}.{digits[2:5]}.{digits[5:8]}.{digits[8]}-{digits[9:12]}.{digits[12:]}"


def nib() -> str:
    """A 13-digit NIB as OSS issues them (they begin with 9120 since the risk-based OSS of 2021)."""
    return "9120" + random_digits(9)


def nik(region: str = "330801") -> str:
    """A 16-digit NIK: the region (province, regency, district), the birth date (day + 40 for a woman), a serial."""
    born = date(1970, 1, 1) + timedelta(days=secrets.randbelow(365 * 35))
    day = born.day + (40 if secrets.randbelow(2) else 0)
    serial = 1 + secrets.randbelow(9999)
    return f"{region}{day:02d}{born.month:02d}{born.year % 100:02d}{serial:04d}"
