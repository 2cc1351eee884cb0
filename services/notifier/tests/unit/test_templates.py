"""Every template renders, in text and HTML, with the facts it must carry."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from contracts.envelope import Actor, Event, Language
from contracts.lpse import load_profiles
from contracts.notifier import NotificationFailedV1, NotificationSentV1
from contracts.registration import ApplicationSubmittedV1, EmailVerificationRequestedV1, ProviderType
from contracts.verification import (
    AccountActivatedV1,
    AggregationRefusedV1,
    AggregationRequestedV1,
    CaseClaimedV1,
    CaseFact,
    CaseHandedOverV1,
    CaseInvitedV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    DocumentToBring,
    PasswordResetRequestedV1,
    ProviderAggregatedV1,
)
from notifier.account_request_emails import ACCOUNT_REQUEST_TEMPLATES
from notifier.domain import (
    Delivery,
    DeliveryStatus,
    Outcome,
    after_failure,
    capacity,
    classify_smtp_code,
    decide,
    next_attempt,
)
from notifier.emails import TEMPLATES
from notifier.helpdesk_emails import HELPDESK_TEMPLATES
from notifier.identity_emails import IDENTITY_TEMPLATES
from notifier.render import render, to_message

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
        EmailVerificationRequestedV1(
            **BASE,
            draft_id=uuid.uuid4(),
            email="a@contoh.co.id",
            draft_url="http://127.0.0.1:8480/daftar/draf/pribadi",
            expires_at=NOW + timedelta(days=7),
        ),
        ["http://127.0.0.1:8480/daftar/draf/pribadi", "LPSE Kota Banjarmasin", "WITA"],
    ),
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
    (
        CaseInvitedV1(
            **CASE,
            service_id="BJM-1",
            deadline_text="30 menit",
            bring=(DocumentToBring(code="ktp_direktur", name="KTP Direktur"),),
        ),
        ["BJM-2611-ABCDEF", STATUS_URL, "Jl. RE. Martadinata No.1", "WITA", "KTP Direktur", "30 menit"],
    ),
    (
        CaseHandedOverV1(
            **CASE, officer_id="helpdesk.banjarmasin", due_at=NOW + timedelta(minutes=30), deadline_text="30 menit"
        ),
        ["BJM-2611-ABCDEF", STATUS_URL, "25 November 2026 11", "WITA", "30 menit"],
    ),
    (
        CaseClaimedV1(**CASE, verifier_id="verifikator.banjarmasin"),
        ["BJM-2611-ABCDEF", STATUS_URL, "LPSE Kota Banjarmasin"],
    ),
    (
        AggregationRequestedV1(
            **CASE,
            provider_id=uuid.uuid4(),
            user_id="SINAR",
            request_ref="ADP-BJM-1",
            npwp="012345678901000",
            company_name="CV Sinar",
        ),
        ["SINAR", "ADP-BJM-1", STATUS_URL],
    ),
    (
        ProviderAggregatedV1(**CASE, provider_id=uuid.uuid4(), user_id="SINAR", mode="via_lkpp", lkpp_ref="LKPP-9"),
        ["SINAR", "LKPP-9", STATUS_URL],
    ),
    (
        AggregationRefusedV1(**CASE, provider_id=uuid.uuid4(), user_id="SINAR", reason="NPWP tidak valid"),
        ["SINAR", "NPWP tidak valid", STATUS_URL],
    ),
    (
        CaseResumedV1(**CASE, verifier_id="verifikator.banjarmasin", due_at=NOW + timedelta(minutes=20)),
        ["BJM-2611-ABCDEF", STATUS_URL, "WITA"],
    ),
    (
        CaseRejectedV1(**CASE, verifier_id="verifikator.banjarmasin", reason="NIB tidak terdaftar di OSS"),
        ["BJM-2611-ABCDEF", STATUS_URL, "NIB tidak terdaftar di OSS"],
    ),
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
        PasswordResetRequestedV1(
            **BASE,
            provider_id=uuid.uuid4(),
            user_id="SINAR0001",
            email="a@contoh.co.id",
            set_password_url="http://127.0.0.1:8480/akun/sandi/lupa-sekali",
            set_password_expires_at=NOW + timedelta(hours=2),
            director_name="Siti Rahmawati",
        ),
        ["SINAR0001", "http://127.0.0.1:8480/akun/sandi/lupa-sekali", "Siti Rahmawati", "WITA"],
    ),
]


def test_every_email_to_an_applicant_has_an_example() -> None:
    # the helpdesk's emails have theirs in test_helpdesk_emails_in_both_languages.py, identity's in
    # test_internal_account_emails.py
    others = {**HELPDESK_TEMPLATES, **IDENTITY_TEMPLATES}
    applicants = {fact for fact, t in TEMPLATES.items() if t.staff_role is None and fact not in others}
    applicants -= set(ACCOUNT_REQUEST_TEMPLATES)  # in test_account_request_emails.py
    assert {type(e) for e, _ in EXAMPLES} == applicants


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(("event", "facts"), EXAMPLES, ids=lambda v: type(v).__name__ if isinstance(v, Event) else "")
def test_template_renders_the_facts_in_text_and_html(event: Event, facts: list[str], language: Language) -> None:
    template = TEMPLATES[type(event)]
    email = render(event, template, PROFILES[event.lpse], language=language, delivery_id=uuid.uuid4())
    for fact in facts:
        assert fact in email.text
        assert fact in email.html
    assert email.recipient == "a@contoh.co.id"
    assert email.subject == template.subject[language].format(**event.model_dump(mode="json"))
    message = to_message(
        email,
        sender="LPSE <noreply@lpse.local>",
        template=template.name,
        version=template.version,
        language=language,
        date=NOW,
    )
    assert message["X-Lpse-Template"] == f"{template.name}@v1" and message["Content-Language"] == language
    assert message.get_body(preferencelist=("plain",)) is not None


def test_languages_differ_and_english_dates_read_in_english() -> None:
    event = next(e for e, _ in EXAMPLES if isinstance(e, AccountActivatedV1))
    template = TEMPLATES[AccountActivatedV1]
    indonesian = render(event, template, PROFILES["banjarmasin"], language="id", delivery_id=uuid.uuid4())
    english = render(event, template, PROFILES["banjarmasin"], language="en", delivery_id=uuid.uuid4())
    assert "Buat kata sandi" in indonesian.text and "Set your password" in english.text
    assert "28 November 2026 11.00 WITA" in indonesian.text and "28 November 2026 11:00 WITA" in english.text


@pytest.mark.parametrize(
    ("director", "language", "greeting"),
    [
        ("Siti Rahmawati", "id", "Yth. Siti Rahmawati,"),
        ("Siti Rahmawati", "en", "Dear Siti Rahmawati,"),
        (None, "id", "Yth. Pemohon,"),  # a fact from before the name was carried
        (None, "en", "Dear applicant,"),
    ],
)
def test_the_activation_email_greets_the_director_as_the_submission_email_does(
    director: str | None, language: Language, greeting: str
) -> None:
    event = next(e for e, _ in EXAMPLES if isinstance(e, AccountActivatedV1)).model_copy(
        update={"director_name": director}
    )
    email = render(
        event, TEMPLATES[AccountActivatedV1], PROFILES["banjarmasin"], language=language, delivery_id=uuid.uuid4()
    )
    assert email.text.startswith(greeting)
    assert email.html.startswith(f"<p>{greeting}</p>")


CASE_EMAILS = [e for e, _ in EXAMPLES if isinstance(e, CaseFact) and type(e) in TEMPLATES]


@pytest.mark.parametrize("event", CASE_EMAILS, ids=lambda e: type(e).__name__)
def test_every_email_about_a_case_greets_the_director_by_name(event: CaseFact) -> None:
    named = event.model_copy(update={"director_name": "Siti Rahmawati"})
    greetings: tuple[tuple[Language, str], ...] = (("id", "Yth. Siti Rahmawati,"), ("en", "Dear Siti Rahmawati,"))
    for language, greeting in greetings:
        email = render(
            named, TEMPLATES[type(event)], PROFILES["banjarmasin"], language=language, delivery_id=uuid.uuid4()
        )
        assert email.text.startswith(greeting), (type(event).__name__, language, email.text[:40])
    anonymous = event.model_copy(update={"director_name": None})
    email = render(anonymous, TEMPLATES[type(event)], PROFILES["banjarmasin"], language="id", delivery_id=uuid.uuid4())
    assert email.text.startswith("Yth. Pemohon,"), "a fact from before the name was carried still greets politely"


def test_a_director_name_with_markup_is_escaped_in_the_html_email() -> None:
    event = next(e for e, _ in EXAMPLES if isinstance(e, AccountActivatedV1)).model_copy(
        update={"director_name": "Budi <b>Tebal</b>"}
    )
    email = render(
        event, TEMPLATES[AccountActivatedV1], PROFILES["banjarmasin"], language="id", delivery_id=uuid.uuid4()
    )
    assert email.html.startswith("<p>Yth. Budi &lt;b&gt;Tebal&lt;/b&gt;,</p>")


def test_smtp_codes_and_attempts() -> None:
    assert classify_smtp_code(250) is Outcome.ACCEPTED
    assert classify_smtp_code(451) is Outcome.TEMPORARY
    assert classify_smtp_code(550) is Outcome.PERMANENT
    assert after_failure(Outcome.TEMPORARY, 3, 8) is Outcome.TEMPORARY
    assert after_failure(Outcome.TEMPORARY, 8, 8) is Outcome.GIVE_UP
    assert after_failure(Outcome.PERMANENT, 8, 8) is Outcome.PERMANENT
    assert next_attempt(NOW, 1, (30.0, 60.0)) == NOW + timedelta(seconds=30)
    assert next_attempt(NOW, 5, (30.0, 60.0)) == NOW + timedelta(seconds=60)
    assert capacity(sent_in_window=118, per_minute=120) == 2 and capacity(sent_in_window=130, per_minute=120) == 0


def test_the_counter_invitation_names_address_hours_and_what_to_bring_original_and_copy() -> None:
    event = CaseInvitedV1(
        **{**CASE, "lpse": "depok", "reference": "DPK-2611-ABCDEF"},
        service_id="DPK-1a",
        deadline_text="± 15 menit",
        bring=(
            DocumentToBring(code="ktp", name="KTP Direktur/Pemilik Usaha"),
            DocumentToBring(code="nib", name="NIB yang dikeluarkan oleh OSS", original=False),
            DocumentToBring(code="pkp", name="Surat Keterangan PKP", condition="jika ada"),
            DocumentToBring(code="kuasa", name="Surat kuasa", copies=1, stamp_duty=10000, condition="jika dikuasakan"),
        ),
    )
    template = TEMPLATES[CaseInvitedV1]
    email = render(event, template, PROFILES["depok"], language="id", delivery_id=uuid.uuid4())
    # Depok DPK-1a: the letterhead address, and Senin-Jumat 09.00-14.00 WIB with the Friday break at 11.30.
    for line in (
        "Alamat: Jalan Margonda Raya Nomor 54, Depok",
        "- Senin–Kamis 09.00–14.00 WIB (istirahat 12.00–13.00)",
        "- Jumat 09.00–14.00 WIB (istirahat 11.30–13.00)",
        "- KTP Direktur/Pemilik Usaha: asli dan fotokopi",
        "- NIB yang dikeluarkan oleh OSS: fotokopi",
        "- Surat Keterangan PKP: asli dan fotokopi; jika ada",
        "- Surat kuasa: asli dan 1 fotokopi, bermaterai Rp10.000; jika dikuasakan",
        "Tenggat layanan (± 15 menit) mulai berjalan saat berkas Anda diterima di loket.",
    ):
        assert line in email.text
    assert email.subject == "Permohonan DPK-2611-ABCDEF: silakan datang ke loket LPSE dengan berkas asli"
    english = render(event, template, PROFILES["depok"], language="en", delivery_id=uuid.uuid4())
    assert "- Friday 09:00–14:00 WIB (break 11:30–13:00)" in english.text
    assert "- NIB yang dikeluarkan oleh OSS: photocopy" in english.text


def claimed(attempts: int = 1) -> Delivery:
    return Delivery(
        delivery_id=uuid.uuid4(),
        lpse="depok",
        correlation_id=uuid.uuid4(),
        trigger_event_id=uuid.uuid4(),
        template="application_submitted",
        template_version=1,
        status=DeliveryStatus.SENDING,
        attempts=attempts,
        recipient="direktur@contoh.co.id",
    )


@pytest.mark.parametrize(
    ("outcome", "attempts", "status", "fact"),
    [
        (Outcome.ACCEPTED, 1, DeliveryStatus.DELIVERED, NotificationSentV1),
        (Outcome.TEMPORARY, 1, DeliveryStatus.TEMPORARY_FAILURE, None),
        (Outcome.TEMPORARY, 8, DeliveryStatus.EXPIRED, NotificationFailedV1),
        (Outcome.PERMANENT, 1, DeliveryStatus.PERMANENT_FAILURE, NotificationFailedV1),
        (Outcome.SUPPRESS, 1, DeliveryStatus.SUPPRESSED, NotificationFailedV1),
        (Outcome.TECHNICAL, 1, DeliveryStatus.TECHNICAL_FAILURE, NotificationFailedV1),
    ],
)
def test_an_attempt_is_decided_with_the_fact_it_publishes(
    outcome: Outcome, attempts: int, status: DeliveryStatus, fact: type[Event] | None
) -> None:
    detail = "550 5.1.1 <direktur@contoh.co.id>: Recipient address rejected"
    decided = decide(claimed(attempts), outcome, now=NOW, detail=detail, max_attempts=8, backoff=(30.0, 60.0))
    assert decided.state.delivery.status is status
    assert decided.state.suppress is (status is DeliveryStatus.PERMANENT_FAILURE)
    assert [type(f) for f in decided.facts] == ([fact] if fact else [])
    retry = NOW + timedelta(seconds=30) if status is DeliveryStatus.TEMPORARY_FAILURE else None
    assert decided.state.next_attempt_at == retry
    for published in decided.facts:
        assert "direktur@contoh.co.id" not in published.model_dump_json()
        if isinstance(published, NotificationFailedV1):
            assert "di***@contoh.co.id" in published.reason
