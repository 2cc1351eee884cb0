"""Every template renders, in text and HTML, with the facts it must carry."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contracts.envelope import Actor, Event
from contracts.helpdesk import TicketCategory, TicketOpenedV1
from contracts.lpse import load_profiles
from contracts.registration import ApplicationSubmittedV1, ProviderType
from contracts.verification import AccountActivatedV1, CaseClaimedV1, CaseReturnedV1
from lpse_runtime.machine import TransitionRefused
from notifier.domain import TEMPLATES, TRANSITIONS, DeliveryStatus, Outcome, decide
from notifier.render import render

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
STATUS_URL = "http://127.0.0.1:8480/daftar/status/rahasia"
BASE = {"occurred_at": NOW, "lpse": "banjarmasin", "correlation_id": uuid.uuid4(), "actor": Actor.system()}
CASE = {
    **BASE,
    "case_id": uuid.uuid4(),
    "application_id": uuid.uuid4(),
    "reference": "BJM-2611-ABCDEF",
    "applicant_email": "a@contoh.co.id",
    "status_url": STATUS_URL,
}

EXAMPLES: list[tuple[Event, list[str]]] = [
    (
        ApplicationSubmittedV1(
            **BASE,
            application_id=uuid.uuid4(),
            reference="BJM-2611-ABCDEF",
            provider_type=ProviderType.BADAN_USAHA_CV,
            company_name="CV Sinar",
            npwp="012345678901000",
            nib="1234567890123",
            email="a@contoh.co.id",
            director_name="Ahmad",
            status_url=STATUS_URL,
        ),
        ["BJM-2611-ABCDEF", STATUS_URL, "LPSE Kota Banjarmasin", "Ahmad"],
    ),
    (CaseClaimedV1(**CASE, verifier_id="verifikator.banjarmasin"), ["BJM-2611-ABCDEF", STATUS_URL, "diverifikasi"]),
    (
        CaseReturnedV1(**CASE, verifier_id="verifikator.banjarmasin", reason="Akta perubahan terakhir belum dibawa"),
        ["BJM-2611-ABCDEF", STATUS_URL, "Akta perubahan terakhir belum dibawa"],
    ),
    (
        AccountActivatedV1(
            **CASE,
            provider_id=uuid.uuid4(),
            user_id="SINAR0001",
            set_password_url="http://127.0.0.1:8480/akun/sandi/sekali",
            set_password_expires_at=NOW + timedelta(hours=72),
        ),
        ["SINAR0001", "http://127.0.0.1:8480/akun/sandi/sekali", "WITA", STATUS_URL],
    ),
    (
        TicketOpenedV1(
            **BASE,
            ticket_id=uuid.uuid4(),
            reference="TIK-BJM-2611-ABCDEF",
            category=TicketCategory.SPSE_PROBLEM,
            summary="Tidak bisa unggah penawaran",
            reporter_email="a@contoh.co.id",
        ),
        ["TIK-BJM-2611-ABCDEF", "Tidak bisa unggah penawaran"],
    ),
]


def test_every_template_has_an_example() -> None:
    assert {type(e) for e, _ in EXAMPLES} == set(TEMPLATES)


@pytest.mark.parametrize(("event", "facts"), EXAMPLES, ids=lambda v: type(v).__name__ if isinstance(v, Event) else "")
def test_template_renders_the_facts_in_text_and_html(event: Event, facts: list[str]) -> None:
    message = render(
        event,
        TEMPLATES[type(event)],
        PROFILES[event.lpse],
        sender="LPSE <noreply@lpse.local>",
        delivery_id=uuid.uuid4(),
    )
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None
    for fact in facts:
        assert fact in text.get_content()
        assert fact in html.get_content()
    assert message["To"] == "a@contoh.co.id"
    assert message["X-Lpse-Template"] == f"{TEMPLATES[type(event)].name}@v1"


@pytest.mark.parametrize("pair", [p for p in itertools.product(DeliveryStatus, Outcome) if p not in TRANSITIONS])
def test_delivery_pairs_outside_the_table_are_refused(pair: tuple[DeliveryStatus, Outcome]) -> None:
    with pytest.raises(TransitionRefused):
        decide(*pair)


@pytest.mark.parametrize(("pair", "target"), TRANSITIONS.items())
def test_delivery_transitions(pair: tuple[DeliveryStatus, Outcome], target: DeliveryStatus) -> None:
    assert decide(*pair) is target
