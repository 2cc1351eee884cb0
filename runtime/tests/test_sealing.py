"""Private links sealed for the notifier: unreadable without the key, refused under another, intact with it."""

from __future__ import annotations

import pytest

from lpse_runtime.sealing import LinkBox, UnreadableSeal, link_box
from lpse_runtime.settings import InsecureSettings, LinkSealing, ServiceSettings

LINK = "https://lpse.depok.go.id/daftar/status/Zk9sV2xBcXhNd0p3dGVZUkZPbS5zaWdu"
TOKEN = "Zk9sV2xBcXhNd0p3dGVZUkZPbS5zaWdu"


def test_a_sealed_link_shows_nothing_of_the_token_and_opens_to_the_same_link() -> None:
    box = LinkBox("kunci-segel-uji-yang-panjang")
    sealed = box.seal(LINK)
    assert TOKEN not in sealed and "lpse.depok" not in sealed
    assert sealed != box.seal(LINK), "a fresh nonce each time: equal links do not look equal on the bus"
    assert box.open(sealed) == LINK


def test_a_seal_under_another_key_or_altered_is_refused() -> None:
    sealed = LinkBox("kunci-segel-uji-yang-panjang").seal(LINK)
    with pytest.raises(UnreadableSeal):
        LinkBox("kunci-lain-yang-juga-panjang").open(sealed)
    altered = sealed[:-6] + ("A" if sealed[-6] != "A" else "B") + sealed[-5:]
    with pytest.raises(UnreadableSeal):
        LinkBox("kunci-segel-uji-yang-panjang").open(altered)
    with pytest.raises(UnreadableSeal):
        LinkBox("kunci-segel-uji-yang-panjang").open(LINK)


def test_only_a_service_whose_settings_carry_the_link_secret_gets_a_box() -> None:
    class Issuing(ServiceSettings, LinkSealing):
        pass

    url = "postgresql://x@127.0.0.1/x"
    box = link_box(Issuing(database_url=url, link_secret="kunci-segel-uji-yang-panjang"))
    assert box.open(LinkBox("kunci-segel-uji-yang-panjang").seal(LINK)) == LINK
    with pytest.raises(TypeError):
        link_box(ServiceSettings(database_url=url))


def test_the_shipped_link_secret_is_refused_outside_development() -> None:
    class Issuing(ServiceSettings, LinkSealing):
        pass

    settings = Issuing(database_url="postgresql://x@127.0.0.1/x", lpse_env="production", session_secret="s" * 32)
    with pytest.raises(InsecureSettings, match="LINK_SECRET masih bernilai bawaan"):
        settings.refuse_default_secrets()


def test_every_shipped_secret_is_named_in_one_refusal() -> None:
    class Issuing(ServiceSettings, LinkSealing):
        pass

    settings = Issuing(database_url="postgresql://x@127.0.0.1/x", lpse_env="production")
    with pytest.raises(InsecureSettings) as refused:
        settings.refuse_default_secrets()
    assert "SESSION_SECRET" in str(refused.value) and "LINK_SECRET" in str(refused.value)
