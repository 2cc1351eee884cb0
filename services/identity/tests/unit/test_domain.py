"""The back-off, the password rule and the messages, against the values the README states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from contracts.digests import token_digest
from identity.domain import (
    ACCOUNT_FREE_FAILURES,
    ADDRESS_FREE_FAILURES,
    Failures,
    account_key,
    after_failure,
    lock_for,
    locked_until,
    password_problem,
    wait_message,
)

NOW = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("failures", "lock"),
    [
        (1, None),
        (4, None),
        (5, timedelta(seconds=30)),
        (6, timedelta(seconds=60)),
        (7, timedelta(minutes=2)),
        (8, timedelta(minutes=4)),
        (9, timedelta(minutes=8)),
        (10, timedelta(minutes=15)),
        (60, timedelta(minutes=15)),
    ],
)
def test_an_account_is_free_for_four_failures_then_waits_double_each_time_up_to_fifteen_minutes(
    failures: int, lock: timedelta | None
) -> None:
    assert ACCOUNT_FREE_FAILURES == 5
    assert lock_for(failures, ACCOUNT_FREE_FAILURES) == lock


def test_an_address_shared_by_an_office_gets_twenty_attempts_before_its_first_wait() -> None:
    assert ADDRESS_FREE_FAILURES == 20
    assert lock_for(19, ADDRESS_FREE_FAILURES) is None
    assert lock_for(20, ADDRESS_FREE_FAILURES) == timedelta(seconds=30)


def test_failures_count_up_and_are_forgotten_after_an_hour() -> None:
    four = Failures(4, NOW - timedelta(minutes=1), None)
    fifth = after_failure(four, ACCOUNT_FREE_FAILURES, NOW)
    assert fifth == Failures(5, NOW, NOW + timedelta(seconds=30))
    stale = Failures(9, NOW - timedelta(hours=1, seconds=1), None)
    assert after_failure(stale, ACCOUNT_FREE_FAILURES, NOW) == Failures(1, NOW, None)


def test_a_lock_holds_until_its_time_and_not_after() -> None:
    locked = Failures(5, NOW, NOW + timedelta(seconds=30))
    assert locked_until(locked, NOW + timedelta(seconds=29)) == NOW + timedelta(seconds=30)
    assert locked_until(locked, NOW + timedelta(seconds=30)) is None
    assert locked_until(None, NOW) is None


def test_the_wait_is_said_in_indonesian_in_seconds_or_whole_minutes() -> None:
    assert wait_message(NOW + timedelta(seconds=29, milliseconds=10), NOW) == (
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan akun, coba lagi dalam 30 detik."
    )
    assert wait_message(NOW + timedelta(minutes=3, seconds=1), NOW).endswith("coba lagi dalam 4 menit.")


def test_the_account_key_ignores_case_and_spaces() -> None:
    assert account_key(" Verifikator.Depok ") == account_key("verifikator.depok") == "akun:verifikator.depok"


def test_only_the_digest_of_a_session_token_is_kept() -> None:
    assert token_digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@pytest.mark.parametrize(
    ("current", "new", "repeat", "errors"),
    [
        ("lama-sekali-1", "baru-sekali-2", "baru-sekali-2", {}),
        ("lama-sekali-1", "pendek", "pendek", {"new": "Kata sandi baru minimal 10 karakter."}),
        (
            "lama-sekali-1",
            "lama-sekali-1",
            "lama-sekali-1",
            {"new": "Kata sandi baru harus berbeda dari kata sandi saat ini."},
        ),
        (
            "lama-sekali-1",
            "rina.depok-2027",
            "rina.depok-2027",
            {"new": "Kata sandi baru tidak boleh memuat nama pengguna."},
        ),
        ("lama-sekali-1", "baru-sekali-2", "baru-sekali-3", {"repeat": "Ulangi kata sandi baru dengan persis sama."}),
    ],
)
def test_a_new_password_is_long_new_free_of_the_username_and_typed_twice(
    current: str, new: str, repeat: str, errors: dict[str, str]
) -> None:
    assert password_problem("rina.depok", current, new, repeat) == errors
