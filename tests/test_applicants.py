"""The made-up identifiers pass the registration form and differ from one call to the next."""

from __future__ import annotations

import re

from registration.form import ApplicationForm
from tests.applicants import luhn_digit, nib, nik, npwp


def test_the_luhn_digit_of_known_numbers() -> None:
    # Worked by hand: 7992739871 doubles every second digit from the right, sums to 67, check digit 3.
    assert luhn_digit("7992739871") == "3"
    assert luhn_digit("01234567") == "4"


def test_an_npwp_is_typed_with_its_dots_and_dash_and_carries_its_check_digit() -> None:
    typed = npwp()
    assert re.fullmatch(r"01\.\d{3}\.\d{3}\.\d-524\.000", typed)
    digits = re.sub(r"\D", "", typed)
    assert digits[8] == luhn_digit(digits[:8])


def test_a_nik_holds_a_real_birth_date() -> None:
    number = nik("337101")
    day, month = int(number[6:8]), int(number[8:10])
    assert number.startswith("337101") and len(number) == 16
    assert 1 <= day % 40 <= 31 and 1 <= month <= 12


def test_the_form_accepts_them_and_no_two_runs_share_them() -> None:
    fields = {"provider_type": "badan_usaha_cv", "company_name": "CV Uji", "email": "a@contoh.co.id"}
    form = ApplicationForm.model_validate(
        {**fields, "npwp": npwp(), "nib": nib(), "director_name": "Sri"} | {"director_nik": nik()}
    )
    assert len(form.npwp) == 15 and len(form.nib) == 13 and len(form.director_nik) == 16
    assert len({npwp() for _ in range(50)}) == 50 and len({nib() for _ in range(50)}) == 50
