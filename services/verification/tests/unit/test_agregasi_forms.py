"""What the verifier and LKPP send about agregasi: valid answers parsed, each bad one named in Indonesian."""

from __future__ import annotations

import pytest

from lpse_runtime.formmodel import FORM, parse_form
from verification.agregasi_forms import AggregationSignInForm, LkppAnswerForm, parse_callback


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"result": "refused", "reason": "  "}, {FORM: "Sebutkan alasan penolakan LKPP."}),
        (
            {"result": "aggregated", "lkpp_ref": "L" * 121},
            {"lkpp_ref": "Nomor referensi LKPP paling banyak 120 karakter."},
        ),
        ({"result": "refused", "reason": "x" * 2001}, {"reason": "Alasan penolakan paling banyak 2000 karakter."}),
        ({"result": "lain"}, {"result": "Pilih salah satu pilihan yang tersedia."}),
    ],
)
def test_a_bad_answer_by_hand_gets_one_message(raw: dict[str, str], expected: dict[str, str]) -> None:
    assert parse_form(LkppAnswerForm, raw) == (None, expected)


def test_an_answer_without_a_choice_is_the_form_default_aggregated() -> None:
    answer, errors = parse_form(LkppAnswerForm, {"lkpp_ref": " LKPP-77 "})
    assert errors == {} and answer is not None
    assert (answer.result, answer.lkpp_ref, answer.reason) == ("aggregated", "LKPP-77", "")


@pytest.mark.parametrize(
    ("body", "bad"),
    [
        (b"not json", {"request_ref", "result"}),
        (b"[1, 2]", {"request_ref", "result"}),
        (b'{"result": "aggregated"}', {"request_ref"}),
        (b'{"request_ref": "ADP-X-1", "result": "diterima"}', {"result"}),
        (b'{"request_ref": "ADP-X-1", "result": "refused", "reason": 5}', {"reason"}),
        (b'{"request_ref": "ADP-X-1", "result": "aggregated", "lkpp_ref": "' + b"L" * 121 + b'"}', {"lkpp_ref"}),
    ],
)
def test_a_callback_body_that_is_not_an_answer_is_refused_by_field(body: bytes, bad: set[str]) -> None:
    answer, errors = parse_callback(body)
    assert answer is None and set(errors) == bad


def test_a_callback_as_the_lkpp_simulator_sends_it_is_parsed() -> None:
    answer, errors = parse_callback(
        b'{"request_ref": "ADP-BJM-1", "result": "refused", "lkpp_ref": "LKPP-1", "reason": "NPWP tidak ditemukan"}'
    )
    assert errors == {} and answer is not None
    assert (answer.request_ref, answer.result, answer.lkpp_ref, answer.reason) == (
        "ADP-BJM-1",
        "refused",
        "LKPP-1",
        "NPWP tidak ditemukan",
    )


def test_signing_in_keeps_the_password_as_typed_and_trims_user_id_and_lpse() -> None:
    form, errors = parse_form(
        AggregationSignInForm, {"user_id": " CVMAJU ", "password": " rahasia ", "lpse": "temanggung "}
    )
    assert errors == {} and form is not None
    assert (form.user_id, form.password, form.lpse) == ("CVMAJU", " rahasia ", "temanggung")
