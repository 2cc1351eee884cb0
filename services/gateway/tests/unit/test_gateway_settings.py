"""The gateway signs what it sends LKPP and BSSN with secrets that must not keep their shipped values outside
development (README, "Forensic tests: LKPP and BSSN")."""

from __future__ import annotations

import pytest

from gateway.settings import Settings
from lpse_runtime.settings import InsecureSettings

SECRET = "x" * 32
OTHER = "y" * 32
URL = "postgresql://x@127.0.0.1/x"


def test_the_shipped_lkpp_secret_is_refused_outside_development() -> None:
    only_bssn = Settings(database_url=URL, lpse_env="production", session_secret=SECRET, bssn_callback_secret=OTHER)
    with pytest.raises(InsecureSettings, match=r"^LKPP_CALLBACK_SECRET masih bernilai bawaan"):
        only_bssn.refuse_default_secrets()
    Settings(
        database_url=URL,
        lpse_env="production",
        session_secret=SECRET,
        lkpp_callback_secret=SECRET,
        bssn_callback_secret=OTHER,
    ).refuse_default_secrets()


def test_the_shipped_lkpp_and_bssn_secrets_are_refused_outside_development_each_by_name() -> None:
    settings = Settings(database_url=URL, lpse_env="production", session_secret=SECRET)
    with pytest.raises(InsecureSettings, match="LKPP_CALLBACK_SECRET, BSSN_CALLBACK_SECRET masih bernilai bawaan"):
        settings.refuse_default_secrets()
    only_lkpp = Settings(database_url=URL, lpse_env="production", session_secret=SECRET, lkpp_callback_secret=SECRET)
    with pytest.raises(InsecureSettings, match=r"^BSSN_CALLBACK_SECRET masih bernilai bawaan"):
        only_lkpp.refuse_default_secrets()


def test_the_shipped_secrets_are_allowed_in_development() -> None:
    Settings(database_url=URL, lpse_env="development").refuse_default_secrets()


def test_lkpps_address_and_secret_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LKPP_API_URL", "https://helpdesk.lkpp.example/api")
    monkeypatch.setenv("LKPP_CALLBACK_SECRET", SECRET)
    settings = Settings(database_url=URL)
    assert (settings.lkpp_api_url, settings.lkpp_callback_secret) == ("https://helpdesk.lkpp.example/api", SECRET)


def test_bssns_address_and_secret_come_from_the_environment_and_sign_under_bssns_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BSSN_API_URL", "https://forensik.bssn.example/api")
    monkeypatch.setenv("BSSN_CALLBACK_SECRET", OTHER)
    monkeypatch.setenv("LKPP_CALLBACK_SECRET", SECRET)
    settings = Settings(database_url=URL)
    bssn, lkpp = settings.party_api("bssn"), settings.party_api("lkpp")
    assert (bssn.url, bssn.secret, bssn.signature_header) == (
        "https://forensik.bssn.example/api",
        OTHER,
        "x-bssn-signature",
    )
    assert (lkpp.secret, lkpp.signature_header) == (SECRET, "x-lkpp-signature")
