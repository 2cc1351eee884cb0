"""The provider's own password: the set-password form's messages, a link used once, the reset decision."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.digests import token_digest
from contracts.verification import PasswordResetRequestedV1
from lpse_runtime.formmodel import parse_form
from verification.accounts import PasswordLink, SetPasswordForm, decide_password
from verification.recovery import ForgotPasswordForm, ResetAccount, ResetAnswer, ResetCounts, decide_reset

NOW = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
PROVIDER = uuid.UUID(int=9)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"password": "pendek", "repeat": "pendek"}, {"password": "Kata sandi minimal 10 karakter."}),
        ({"password": "pendek", "repeat": "lain"}, {"password": "Kata sandi minimal 10 karakter."}),
        ({"password": "sandi-baru-2026", "repeat": "sandi-baru-2027"}, {"repeat": "Kedua kata sandi tidak sama."}),
        ({}, {"password": "Kata sandi minimal 10 karakter."}),
    ],
)
def test_a_new_password_shows_the_first_problem_beside_its_field(raw: dict[str, str], expected: dict[str, str]) -> None:
    assert parse_form(SetPasswordForm, raw) == (None, expected)


def test_a_password_is_kept_exactly_as_typed() -> None:
    form, errors = parse_form(SetPasswordForm, {"password": "  sandi baru  ", "repeat": "  sandi baru  "})
    assert errors == {} and form is not None and form.password == "  sandi baru  "


@pytest.mark.parametrize(
    ("raw", "expected"),
    [({"identifier": "  "}, None), ({}, None), ({"identifier": " CVMaju@Contoh.co.id "}, "cvmaju@contoh.co.id")],
)
def test_forgot_password_asks_for_a_user_id_or_email_and_ignores_case(
    raw: dict[str, str], expected: str | None
) -> None:
    form, errors = parse_form(ForgotPasswordForm, raw)
    if expected is None:
        assert form is None and errors == {"identifier": "Isi User ID atau email yang terdaftar."}
    else:
        assert form is not None and form.identifier == expected


def link(**changes: object) -> PasswordLink:
    values: dict[str, object] = {
        "token_hash": "d" * 64,
        "provider_id": PROVIDER,
        "user_id": "CVMAJU",
        "purpose": "reset",
        "expires_at": NOW + timedelta(minutes=1),
        "used_at": None,
    }
    return PasswordLink(**(values | changes))  # type: ignore[arg-type]


def test_a_usable_link_sets_the_password_and_leaves_an_audit_row_without_the_secret() -> None:
    decided = decide_password(link(), "$argon2id$hash", NOW)
    assert decided is not None and decided.facts == ()
    assert (decided.state.provider_id, decided.state.password_hash, decided.state.at) == (
        PROVIDER,
        "$argon2id$hash",
        NOW,
    )
    assert decided.audit is not None
    assert (decided.audit.action, decided.audit.after, decided.audit.actor.id) == (
        "set_password",
        "password_set",
        "CVMAJU",
    )


@pytest.mark.parametrize("spent", [{"used_at": NOW - timedelta(hours=1)}, {"expires_at": NOW}])
def test_a_spent_or_expired_link_sets_nothing(spent: dict[str, object]) -> None:
    assert decide_password(link(**spent), "$argon2id$hash", NOW) is None


ACCOUNT = ResetAccount(PROVIDER, "CVMAJU", "direktur@maju.co.id", "depok", "Ahmad Fauzi", "id")


def test_a_known_account_under_the_limits_gets_a_two_hour_link_by_email() -> None:
    decided = decide_reset(
        ACCOUNT, ResetCounts(0, 0), at=NOW, account_key="a", client_key="c", token="tok", sealed_link="tersegel"
    )
    assert decided.state.answer is ResetAnswer.SEND and decided.state.link is not None
    assert decided.state.link.token_hash == token_digest("tok"), "only the token's digest is stored"
    assert decided.state.link.expires_at == NOW + timedelta(hours=2)  # "Tautan berlaku 2 jam" on the page
    (fact,) = decided.facts
    assert isinstance(fact, PasswordResetRequestedV1)
    assert fact.set_password_url == "tersegel", "the fact carries the link sealed for the notifier"
    assert "tok" not in fact.model_dump_json(), "never the token itself"
    assert str(fact.email) == "direktur@maju.co.id", "the registered address, never one typed in the form"
    assert decided.audit is not None and "tok" not in str(decided.audit)


@pytest.mark.parametrize(
    ("account", "counts", "answer"),
    [
        (None, ResetCounts(0, 0), ResetAnswer.QUIET),
        (ACCOUNT, ResetCounts(3, 0), ResetAnswer.QUIET),
        (ACCOUNT, ResetCounts(0, 20), ResetAnswer.TOO_MANY),
    ],
)
def test_no_link_no_fact_no_audit_when_nothing_is_sent(
    account: ResetAccount | None, counts: ResetCounts, answer: ResetAnswer
) -> None:
    decided = decide_reset(account, counts, at=NOW, account_key="a", client_key="c", token="tok", sealed_link="x")
    assert (decided.state.answer, decided.state.link, decided.facts, decided.audit) == (answer, None, (), None)
    assert (decided.state.account_key, decided.state.client_key) == ("a", "c"), "every request is counted"
