"""A profile's complaint rules name clocks it has, one letter per required item, and start at the LPSE's own desk;
the shipped profiles say which clock is the first answer and which the response, and who works each level."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from contracts.lpse import ComplaintRules, load_profiles

DEPLOY = Path(__file__).resolve().parents[2] / "deploy" / "lpse"
CLOCK = {"name": "respon", "label": "Respon", "deadline": {"value": 2, "unit": "hari_kerja", "text": "2 hari kerja"}}
BASE: dict[str, Any] = {"channels": [{"kind": "email", "value": "x@contoh.go.id"}], "clocks": [CLOCK]}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"first_answer_clock": "tanggapan"}, "first_answer_clock 'tanggapan' is not one of the complaint clocks"),
        ({"response_clock": "jawab"}, "response_clock 'jawab' is not one of the complaint clocks"),
        ({"required_content": ["nama", "uraian"], "content_codes": ["a"]}, "one letter per required_content item"),
        ({"required_content": ["nama", "uraian"], "content_codes": ["a", "a"]}, "content_codes must be distinct"),
        ({"levels": [{"label": "LKPP", "role": "lkpp"}]}, "the first complaint level is the LPSE's own desk"),
    ],
)
def test_inconsistent_rules_are_refused(extra: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ComplaintRules.model_validate({**BASE, **extra})


def test_the_shipped_rules_per_lpse() -> None:
    profiles = load_profiles(DEPLOY)
    shipped = {
        code: (
            p.complaints.first_answer_clock,
            p.complaints.response_clock,
            p.complaints.content_codes,
            [(level.label, level.role) for level in p.complaints.chain],
            p.complaints.publish_register,
        )
        for code, p in profiles.items()
    }
    assert shipped == {
        # Pasal 8(5) tanggapan 3 hari kerja / lampiran respon 6 hari kerja; Pasal 8(4) a–d; lampiran item 1.
        "banjarmasin": ("tanggapan", "respon", ("a", "b", "c", "d"), [("Verifikator LPSE", "verifikator")], False),
        # "Responsif pengaduan 2 (dua) hari kerja" is both answers.
        "magelang": ("respon", "respon", (), [("Petugas LPSE", "helpdesk")], False),
        # TMG-1: Front office → Verifikator LPSE → LKPP; no complaint deadline.
        "temanggung": (
            None,
            None,
            (),
            [("Front office", "helpdesk"), ("Verifikator LPSE", "verifikator"), ("LKPP", "lkpp")],
            False,
        ),
        "depok": (None, None, (), [("Helpdesk LPSE", "helpdesk")], False),
    }
