"""Lupa kata sandi, the pure part: who gets a link, and the limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from verification.recovery import (
    PER_ACCOUNT,
    PER_CLIENT,
    RESET_LINK_VALIDITY,
    RESET_WINDOW,
    ResetAnswer,
    ResetCounts,
    keyed,
    normalized_identifier,
    reset_answer,
)


@pytest.mark.parametrize(
    ("found", "account_sent", "client_requests", "answer"),
    [
        (True, 0, 0, ResetAnswer.SEND),
        (True, 2, 19, ResetAnswer.SEND),  # the third link of the hour, the twentieth request from the client
        (True, 3, 0, ResetAnswer.QUIET),  # a fourth link in the hour: nothing sent, the same page
        (False, 0, 0, ResetAnswer.QUIET),  # unknown account: nothing sent, the same page
        (False, 0, 19, ResetAnswer.QUIET),
        (True, 0, 20, ResetAnswer.TOO_MANY),  # a client over its limit waits, known account or not
        (False, 0, 20, ResetAnswer.TOO_MANY),
    ],
)
def test_a_link_goes_only_to_a_known_account_under_both_limits(
    found: bool, account_sent: int, client_requests: int, answer: ResetAnswer
) -> None:
    assert reset_answer(found, ResetCounts(account_sent, client_requests)) is answer


def test_the_limits_and_the_links_life_are_the_documented_ones() -> None:
    assert (
        3,
        20,
        timedelta(hours=1),
        timedelta(hours=2),
    ) == (PER_ACCOUNT, PER_CLIENT, RESET_WINDOW, RESET_LINK_VALIDITY)


def test_user_id_and_email_are_matched_whatever_their_case() -> None:
    assert normalized_identifier("  MajuJaya ") == "majujaya"
    assert normalized_identifier("Direktur@Maju.CO.ID") == "direktur@maju.co.id"


def test_the_request_log_keeps_keyed_digests_not_what_was_typed() -> None:
    digest = keyed("rahasia", "account", "direktur@maju.co.id")
    assert "direktur" not in digest and len(digest) == 64
    assert digest == keyed("rahasia", "account", "direktur@maju.co.id")
    assert digest != keyed("lain", "account", "direktur@maju.co.id")
    assert keyed("rahasia", "client", "10.0.0.1") != keyed("rahasia", "account", "10.0.0.1")
