"""A dead letter's reason names what failed, never the key values (email, id, NIK, NPWP) that made it fail."""

from __future__ import annotations

import pytest

from lpse_runtime.deadletters import without_key_values


@pytest.mark.parametrize(
    ("reason", "kept"),
    [
        (
            "permanent: NPWP 01.234.567.8-901.000 sudah terdaftar untuk direktur@contoh.co.id",
            "permanent: NPWP <angka> sudah terdaftar untuk <email>",
        ),
        ("no case for application 1b4e28ba-2fa1-11d2-883f-0016d3cca427", "no case for application <id>"),
        ("NIK 3276012345678901 tidak cocok", "NIK <angka> tidak cocok"),
        ("UniqueViolationError on constraint cases_application_id_key", None),
        ("invalid payload: 1 error(s): Invalid JSON: recursion limit exceeded at line 1 column 202", None),
        ("baris satu\nbaris dua", "baris satu baris dua"),
    ],
)
def test_the_reason_keeps_what_failed_and_drops_key_values(reason: str, kept: str | None) -> None:
    assert without_key_values(reason) == (kept if kept is not None else reason)


def test_a_long_reason_is_cut_to_one_header_line() -> None:
    assert len(without_key_values("x" * 5000)) == 1000
