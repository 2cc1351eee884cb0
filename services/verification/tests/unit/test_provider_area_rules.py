"""The provider's session and sign-in rules against the numbers and words the README and the interface state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lpse_runtime.backoff import Failures, after_failure, lock_for, locked_until, wait_message
from verification.provider_area.rules import (
    StoredSession,
    back_off_keys,
    deactivated_message,
    mask_npwp,
    opens_area,
    password_change_problems,
    safe_next,
    session_alive,
)

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("age", "idle", "alive"),
    [
        (timedelta(minutes=5), timedelta(minutes=29, seconds=59), True),
        (timedelta(minutes=30), timedelta(minutes=30), False),  # thirty minutes unused end it
        (timedelta(hours=7, minutes=59), timedelta(minutes=1), True),
        (timedelta(hours=8), timedelta(0), False),  # eight hours end it however busy
    ],
)
def test_a_session_lives_thirty_idle_minutes_and_eight_hours_at_most(
    age: timedelta, idle: timedelta, alive: bool
) -> None:
    assert session_alive(StoredSession(NOW - age, NOW - idle, None), NOW) is alive


def test_an_ended_session_or_a_deactivated_account_opens_nothing() -> None:
    fresh = StoredSession(NOW - timedelta(minutes=1), NOW, None)
    assert opens_area(fresh, "active", NOW) is True
    assert opens_area(fresh, "nonaktif", NOW) is False
    assert opens_area(StoredSession(NOW - timedelta(minutes=1), NOW, NOW), "active", NOW) is False


@pytest.mark.parametrize(
    ("failures", "lock"),
    [
        (4, None),
        (5, timedelta(seconds=30)),
        (6, timedelta(minutes=1)),
        (9, timedelta(minutes=8)),
        (12, timedelta(minutes=15)),
    ],
)
def test_an_account_waits_after_its_fifth_failure_doubling_to_fifteen_minutes(
    failures: int, lock: timedelta | None
) -> None:
    assert lock_for(failures, 5) == lock


def test_failures_are_forgotten_after_an_hour_and_a_lock_holds_until_its_time() -> None:
    fifth = after_failure(Failures(4, NOW - timedelta(minutes=2), None), 5, NOW)
    assert fifth == Failures(5, NOW, NOW + timedelta(seconds=30))
    assert locked_until(fifth, NOW + timedelta(seconds=29)) == NOW + timedelta(seconds=30)
    assert locked_until(fifth, NOW + timedelta(seconds=30)) is None
    assert after_failure(Failures(9, NOW - timedelta(hours=1, seconds=1), None), 5, NOW) == Failures(1, NOW, None)
    assert wait_message(NOW + timedelta(seconds=90), NOW) == (
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan akun, coba lagi dalam 2 menit."
    )


def test_the_back_off_keys_an_account_by_its_user_id_in_any_case_and_keeps_neither_as_typed() -> None:
    upper, lower = back_off_keys("rahasia", " CVMAJU ", "10.0.0.1"), back_off_keys("rahasia", "cvmaju", "10.0.0.1")
    assert upper == lower
    assert sorted(upper.values()) == [5, 20], "an account is free for 4 failures, an office's address for 19"
    assert all("cvmaju" not in key.lower() and "10.0.0.1" not in key for key in upper)
    assert back_off_keys("lain", "cvmaju", "10.0.0.1").keys().isdisjoint(upper.keys())


def test_a_deactivated_account_hears_since_when_and_whom_to_ask() -> None:
    assert deactivated_message("4 Desember 2026 15.30 WITA", "LPSE Kota Banjarmasin") == (
        "Akun ini telah dinonaktifkan sejak 4 Desember 2026 15.30 WITA. "
        "Hubungi LPSE Kota Banjarmasin untuk aktivasi kembali."
    )
    assert deactivated_message(None, "LPSE Kota Depok") == (
        "Akun ini telah dinonaktifkan. Hubungi LPSE Kota Depok untuk aktivasi kembali."
    )


@pytest.mark.parametrize(
    ("target", "where"),
    [
        ("/akun/kata-sandi", "/akun/kata-sandi"),
        ("/akun/permohonan/PRM-BJM-2612-ABCDEF", "/akun/permohonan/PRM-BJM-2612-ABCDEF"),
        ("/staf/", "/akun/"),
        ("https://contoh.com/akun/", "/akun/"),
        ("//contoh.com/akun/", "/akun/"),
        ("/akun//contoh.com", "/akun/"),
        ("/akun/\\contoh.com", "/akun/"),
        ("", "/akun/"),
        ("/akun/" + "a" * 2000, "/akun/"),
    ],
)
def test_signing_in_goes_back_to_a_page_of_the_area_only(target: str, where: str) -> None:
    assert safe_next(target) == where


@pytest.mark.parametrize(
    ("npwp", "shown"),
    [
        ("012345678901000", "01.***.***.*-***.000"),
        ("12.345.678.9-012.345", "12.***.***.*-***.345"),
        ("3201234567890123", "32***********123"),
    ],
)
def test_a_npwp_shows_its_first_two_and_last_three_digits_only(npwp: str, shown: str) -> None:
    assert mask_npwp(npwp) == shown


def test_a_password_change_needs_the_current_password_and_a_different_new_one() -> None:
    assert password_change_problems(False, "lama-lama-lama", "baru-baru-baru") == {
        "current": "Kata sandi sekarang tidak sesuai."
    }
    assert password_change_problems(True, "sama-sama-sama", "sama-sama-sama") == {
        "password": "Kata sandi baru harus berbeda dari kata sandi sekarang."
    }
    assert password_change_problems(True, "lama-lama-lama", "baru-baru-baru") == {}
