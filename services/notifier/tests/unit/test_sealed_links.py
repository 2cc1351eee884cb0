"""The notifier opens the links a fact carries sealed, renders them in the email, and refuses a foreign seal."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contracts.envelope import Actor, AttachmentRef
from contracts.lpse import load_profiles
from contracts.verification import AccountActivatedV1
from lpse_runtime.clock import SettableClock
from lpse_runtime.consumer import PermanentError
from lpse_runtime.sealing import LinkBox
from notifier.emails import TEMPLATES
from notifier.handlers import opened, record
from notifier.render import render

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
BOX = LinkBox("kunci-notifier-untuk-uji-segel")
STATUS = "https://lpse.banjarmasinkota.go.id/daftar/status/StatusTokenRahasia0123456789"
SET_PASSWORD = "https://lpse.banjarmasinkota.go.id/akun/sandi/SandiTokenRahasia0123456789"
RECEIPT = "https://lpse.banjarmasinkota.go.id/akun/dokumen/TandaTerimaTokenRahasia0123"


def activation(box: LinkBox) -> AccountActivatedV1:
    """An activation fact as verification publishes it: every link sealed."""
    case_id = uuid.uuid4()
    return AccountActivatedV1(
        occurred_at=NOW,
        lpse="banjarmasin",
        correlation_id=case_id,
        actor=Actor.system(),
        case_id=case_id,
        application_id=uuid.uuid4(),
        reference="BJM-2611-ABCDEF",
        applicant_email="direktur@sinar.co.id",
        status_url=box.seal(STATUS),
        provider_id=uuid.uuid4(),
        user_id="SINAR0001",
        set_password_url=box.seal(SET_PASSWORD),
        set_password_expires_at=NOW + timedelta(hours=72),
        attachments=(
            AttachmentRef(
                filename="tanda-terima.pdf", content_type="application/pdf", url=box.seal(RECEIPT), sha256="0" * 64
            ),
        ),
    )


def test_the_fact_on_the_bus_shows_no_token_and_the_email_shows_the_links() -> None:
    sealed = activation(BOX)
    assert "TokenRahasia" not in sealed.model_dump_json()
    event = opened(sealed, BOX)
    assert (event.status_url, event.set_password_url, event.attachments[0].url) == (STATUS, SET_PASSWORD, RECEIPT)
    email = render(
        event, TEMPLATES[AccountActivatedV1], PROFILES["banjarmasin"], language="id", delivery_id=uuid.uuid4()
    )
    assert SET_PASSWORD in email.text and STATUS in email.text and SET_PASSWORD in email.html


async def test_a_link_sealed_under_another_key_goes_to_the_dead_letters_with_why() -> None:
    foreign = activation(LinkBox("kunci-layanan-lain-yang-salah"))
    with pytest.raises(PermanentError, match="AccountActivatedV1: nilai tersegel tidak dapat dibuka"):
        # The refusal comes before any database work: no connection is needed to see it.
        await record(foreign, None, clock=SettableClock(NOW), profiles=PROFILES, sender="x@lpse.local", box=BOX)
