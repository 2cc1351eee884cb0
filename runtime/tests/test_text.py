"""Free text that travels on the bus: a NIK or NPWP typed into it is refused, a tender code is not."""

from __future__ import annotations

import pytest

from lpse_runtime.text import identifier_problem

REFUSED = "Jangan menuliskan NIK/NPWP (15–16 digit) di sini; isian ini dikirim kepada pihak lain. "


@pytest.mark.parametrize(
    "text",
    [
        "09.123.456.7-891.000",  # an NPWP as printed on the card: 15 digits with dots and a dash
        "3276012345678901",  # a NIK: 16 digits in one run
        "NPWP kami 091234567891000 tidak dikenali",  # 15 digits inside a sentence
        "NIK 3276 0123 4567 8901",  # 16 digits typed in groups
    ],
)
def test_an_npwp_or_nik_in_free_text_is_refused_and_a_tender_code_is_not(text: str) -> None:
    problem = identifier_problem(text)
    assert problem is not None and problem.startswith(REFUSED)


@pytest.mark.parametrize(
    "text",
    [
        "10034567000",  # a tender code (kode tender, 11 digits)
        "Gagal unggah dokumen tender 10034567000 pada 14/08/2026",
        "kode paket 12345678901234567",  # 17 digits: not a NIK/NPWP
        "telepon 0293-491004",
    ],
)
def test_other_numbers_in_free_text_are_accepted(text: str) -> None:
    assert identifier_problem(text) is None
