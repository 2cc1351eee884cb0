"""The survey's numbers as a person reads them: two decimals rounded half up (as the regulation's worked example
rounds, 84,44), with the Indonesian comma, and an index under the table's 25,00 still read as its lowest row."""

from __future__ import annotations

from decimal import Decimal

from helpdesk.survey.skm import classify, decimal_id, verdict


def test_a_mean_exactly_half_way_is_rounded_up_not_to_even() -> None:
    # 3,125 and 84,445 sit half way: rounding half to even would give 3,12 and 84,44.
    assert decimal_id(Decimal("3.125")) == "3,13"
    assert decimal_id(Decimal("84.445")) == "84,45"
    assert decimal_id(Decimal("2.5")) == "2,50"


def test_an_index_below_25_is_still_tidak_baik() -> None:
    assert (classify(Decimal("24.99")).mutu, classify(Decimal("24.99")).kinerja) == ("D", "Tidak baik")
    assert verdict(Decimal("0.00")) == "0,00 — D (Tidak baik)"
