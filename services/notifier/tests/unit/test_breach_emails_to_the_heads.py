"""A missed deadline is written to the head of the LPSE, in Bahasa Indonesia, with a link to the case in the staff
console and the due instant in the LPSE's zone (issue 11: "breaches ... are emailed to the head of the LPSE")."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.envelope import Actor, Event
from contracts.lpse import load_profiles
from contracts.verification import CaseDeadlineBreachedV1
from notifier.emails import TEMPLATES, language_of
from notifier.handlers import delivery_id_for
from notifier.render import render

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
CASE = uuid.UUID(int=41)
BASE_URL = "https://lpse.contoh.go.id"


def breach(lpse: str = "banjarmasin", **fields: object) -> CaseDeadlineBreachedV1:
    return CaseDeadlineBreachedV1.model_validate(
        {
            "occurred_at": datetime(2026, 12, 14, 2, 0, tzinfo=UTC),
            "lpse": lpse,
            "correlation_id": CASE,
            "actor": Actor.system("verification"),
            "case_id": CASE,
            "reference": "BJM-2612-ABCDEF",
            "clock": "verifikasi",
            "clock_label": "Verifikasi berkas",
            "due_at": datetime(2026, 12, 11, 7, 0, tzinfo=UTC),  # 15.00 WITA
            **fields,
        }
    )


def test_the_breach_of_a_verification_case_is_written_to_the_heads_only() -> None:
    staff_emails = {fact for fact, template in TEMPLATES.items() if template.staff_role is not None}
    assert CaseDeadlineBreachedV1 in staff_emails
    assert TEMPLATES[CaseDeadlineBreachedV1].staff_role == "kepala_lpse"


def test_the_head_reads_it_in_bahasa_indonesia_whatever_the_applicant_chose() -> None:
    event: Event = breach()
    assert language_of(event, TEMPLATES[CaseDeadlineBreachedV1]) == "id"


def test_the_email_names_the_case_the_clock_the_due_instant_in_wita_and_links_the_staff_console() -> None:
    template = TEMPLATES[CaseDeadlineBreachedV1]
    email = render(
        breach(),
        template,
        PROFILES["banjarmasin"],
        language="id",
        delivery_id=uuid.uuid4(),
        recipient="kepala.banjarmasin@contoh.go.id",
        base_url=BASE_URL,
    )
    assert email.recipient == "kepala.banjarmasin@contoh.go.id"
    assert email.subject == "Tenggat permohonan BJM-2612-ABCDEF terlewati"
    link = f"{BASE_URL}/staf/kasus/{CASE}"
    for body in (email.text, email.html):
        assert "Yth. Kepala LPSE Kota Banjarmasin," in body
        assert "Verifikasi berkas" in body and "BJM-2612-ABCDEF" in body
        assert "11 Desember 2026 15.00 WITA" in body
        assert link in body


def test_there_is_no_english_breach_email() -> None:
    with pytest.raises(KeyError):
        TEMPLATES[CaseDeadlineBreachedV1].subject["en"]


def test_each_recipient_of_one_fact_gets_its_own_delivery_and_a_redelivery_the_same_one() -> None:
    event = breach()
    first = delivery_id_for(event, "case_deadline_breached", "kepala.banjarmasin@contoh.go.id")
    second = delivery_id_for(event, "case_deadline_breached", "wakil.banjarmasin@contoh.go.id")
    assert first != second
    assert first == delivery_id_for(event.model_copy(), "case_deadline_breached", "kepala.banjarmasin@contoh.go.id")
    assert first == uuid.uuid5(
        uuid.NAMESPACE_URL, f"{event.event_id}:case_deadline_breached:kepala.banjarmasin@contoh.go.id"
    )
