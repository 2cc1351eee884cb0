"""The gateway signs what it sends LKPP with a secret that must not keep its shipped value outside development."""

from __future__ import annotations

import pytest

from gateway.settings import Settings
from lpse_runtime.settings import InsecureSettings

SECRET = "x" * 32


def test_the_shipped_lkpp_secret_is_refused_outside_development() -> None:
    settings = Settings(database_url="postgresql://x@127.0.0.1/x", lpse_env="production", session_secret=SECRET)
    with pytest.raises(InsecureSettings, match="LKPP_CALLBACK_SECRET masih bernilai bawaan"):
        settings.refuse_default_secrets()
    Settings(
        database_url="postgresql://x@127.0.0.1/x",
        lpse_env="production",
        session_secret=SECRET,
        lkpp_callback_secret=SECRET,
    ).refuse_default_secrets()


def test_lkpps_address_and_secret_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LKPP_API_URL", "https://helpdesk.lkpp.example/api")
    monkeypatch.setenv("LKPP_CALLBACK_SECRET", SECRET)
    settings = Settings(database_url="postgresql://x@127.0.0.1/x")
    assert (settings.lkpp_api_url, settings.lkpp_callback_secret) == ("https://helpdesk.lkpp.example/api", SECRET)
