"""The emails to the person of an internal account: made (with the set-password link, opened from its seal, and an
auditor's last day in the LPSE's zone), email changed (to the new address), access ended (and why)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.envelope import Actor, Language
from contracts.identity import InternalAccountChangedV1, InternalAccountCreatedV1, InternalAccountDeactivatedV1
from contracts.lpse import load_profiles
from lpse_runtime.sealing import LinkBox
from notifier.emails import TEMPLATES, recipient_of
from notifier.handlers import opened
from notifier.render import render

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
BOX = LinkBox("kunci-segel-tautan-uji-notifier")
LINK = "https://lpse.test/identitas/sandi/token-rahasia-sekali-pakai"
ADMIN = Actor(id="adminppe.depok", role="admin_ppe")


def envelope(lpse: str = "depok") -> dict[str, object]:
    return {
        "occurred_at": NOW,
        "lpse": lpse,
        "correlation_id": uuid.uuid4(),
        "actor": ADMIN,
        "account_id": uuid.uuid4(),
        "request_id": uuid.uuid4(),
    }


def created(lpse: str, expires_at: datetime | None, role: str = "auditor_paket") -> InternalAccountCreatedV1:
    return InternalAccountCreatedV1.model_validate(
        {
            **envelope(lpse),
            "username": "auditor.bpkp",
            "name": "Dewi Lestari",
            "role": role,
            "email": "dewi@bpkp.go.id",
            "set_password_url": BOX.seal(LINK),
            "expires_at": expires_at,
        }
    )


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("lpse", "expires_at", "last_day", "ends"),
    [
        # access_until 10 December: ends at the start of 11 December in the LPSE's zone
        ("depok", datetime(2026, 12, 10, 17, 0, tzinfo=UTC), "10 Desember 2026", "11 Desember 2026 00.00 WIB"),
        ("banjarmasin", datetime(2026, 12, 10, 16, 0, tzinfo=UTC), "10 Desember 2026", "11 Desember 2026 00.00 WITA"),
    ],
)
def test_the_auditors_email_names_the_account_the_role_the_last_day_and_carries_the_opened_link(
    lpse: str, expires_at: datetime, last_day: str, ends: str, language: Language
) -> None:
    fact = opened(created(lpse, expires_at), BOX)
    template = TEMPLATES[InternalAccountCreatedV1]
    email = render(fact, template, PROFILES[lpse], language=language, delivery_id=uuid.uuid4())
    assert email.recipient == "dewi@bpkp.go.id"
    assert (
        email.subject
        == {"id": "Akun auditor.bpkp telah dibuat", "en": "Account auditor.bpkp has been created"}[language]
    )
    english = {"10 Desember 2026": "10 December 2026", "11 Desember 2026 00.00": "11 December 2026 00:00"}
    for body in (email.text, email.html):
        assert LINK in body and "gAAAA" not in body  # the link opened from its seal, never the seal itself
        assert "Auditor APIP/APH (terbatas paket)" in body
        assert (last_day if language == "id" else english[last_day]) in body
        zone = ends.rsplit(" ", 1)[1]
        assert (ends if language == "id" else f"{english[ends.rsplit(' ', 1)[0]]} {zone}") in body
        assert "sandi-" not in body.replace(LINK, "")  # nothing like a password besides the link


def test_a_ppks_email_has_no_last_day() -> None:
    fact = opened(created("depok", None, role="ppk"), BOX)
    email = render(
        fact, TEMPLATES[InternalAccountCreatedV1], PROFILES["depok"], language="id", delivery_id=uuid.uuid4()
    )
    assert "Peran: PPK" in email.text and LINK in email.text
    assert "Hari terakhir akses" not in email.text and "Hari terakhir akses" not in email.html


def test_a_changed_email_is_written_to_the_new_address() -> None:
    fact = InternalAccountChangedV1.model_validate(
        {**envelope(), "username": "sari.ppk", "change": "email", "email": "sari.baru@depok.go.id"}
    )
    email = render(
        fact, TEMPLATES[InternalAccountChangedV1], PROFILES["depok"], language="id", delivery_id=uuid.uuid4()
    )
    assert recipient_of(fact) == email.recipient == "sari.baru@depok.go.id"
    assert email.subject == "Email akun sari.ppk telah diganti"
    assert "kini sari.baru@depok.go.id" in email.text


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ("mutasi", "karena mutasi jabatan: peran Anda di LPSE Kota Depok telah diakhiri"),
        ("pensiun", "karena pensiun: akun telah dinonaktifkan"),
        ("masa_akses_berakhir", "karena masa akses auditor Anda telah berakhir: akun telah dinonaktifkan"),
    ],
)
def test_an_ended_account_is_told_why(reason: str, said: str) -> None:
    fact = InternalAccountDeactivatedV1.model_validate(
        {**envelope(), "username": "sari.ppk", "reason": reason, "sessions_ended": 1, "email": "sari@depok.go.id"}
    )
    template = TEMPLATES[InternalAccountDeactivatedV1]
    email = render(fact, template, PROFILES["depok"], language="id", delivery_id=uuid.uuid4())
    assert email.recipient == "sari@depok.go.id"
    assert email.subject == "Akses akun sari.ppk telah diakhiri"
    assert said in email.text and said in email.html
    assert "Sesi yang masih terbuka telah diakhiri." in email.text


def test_an_ended_account_without_an_address_names_nobody() -> None:
    fact = InternalAccountDeactivatedV1.model_validate({**envelope(), "username": "tanpa.email", "reason": "pensiun"})
    assert recipient_of(fact) is None
