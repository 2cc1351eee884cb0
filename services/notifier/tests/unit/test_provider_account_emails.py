"""The emails of a provider's account after activation: every fact a provider reads has its email with the agreed
subject in Bahasa Indonesia and English, greets the director, names the request and its page; what to bring with
original and copies, the counter's address and hours; the returned items and reason, the rejection and deactivation
reasons; the proof of a new address goes to that address alone with its link opened and its expiry in the LPSE's
zone; an approved email change writes to the old address (the new one masked) and to the new one."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from contracts.envelope import Actor, Event, Language
from contracts.lpse import load_profiles
from contracts.provider_account import (
    PROVIDER_ACCOUNT_EVENTS,
    EmailProofRequestedV1,
    EmailProvenV1,
    FieldChange,
    ProviderAccountChangedV1,
    ProviderAccountDeactivatedV1,
    ProviderAccountReactivatedV1,
    ProviderPasswordChangedV1,
    ProviderRequestApprovedV1,
    ProviderRequestCheckedInV1,
    ProviderRequestClaimedV1,
    ProviderRequestDeadlineApproachingV1,
    ProviderRequestDeadlineBreachedV1,
    ProviderRequestFiledV1,
    ProviderRequestHandedOverV1,
    ProviderRequestRejectedV1,
    ProviderRequestResumedV1,
    ProviderRequestReturnedV1,
    ProviderRequestSentToLkppV1,
    ProviderRequestWithdrawnV1,
)
from contracts.verification import DocumentToBring
from lpse_runtime.sealing import LinkBox
from notifier.emails import ADDRESS_FIELDS, TEMPLATES, language_of, letters_of, recipient_of, staff_path
from notifier.handlers import delivery_id_for, opened
from notifier.render import render

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 11.00 WITA
BOX = LinkBox("kunci-segel-tautan-uji-akun-penyedia")
OLD = "direktur@sinar.co.id"
NEW = "keuangan@sinarbaru.co.id"
PAGE = "https://lpse.banjarmasinkota.go.id/akun/permohonan/PRM-BJM-2612-A1B2C3"
PROOF = "https://lpse.banjarmasinkota.go.id/akun/email/BuktiTokenRahasia0123456789"
REF = "PRM-BJM-2612-A1B2C3"
HOURS_ID = ("Senin–Kamis 08.00–16.00 WITA (istirahat 12.00–13.00)", "Jumat 08.00–16.00 WITA (istirahat 11.30–13.00)")
HOURS_EN = ("Monday–Thursday 08:00–16:00 WITA (break 12:00–13:00)", "Friday 08:00–16:00 WITA (break 11:30–13:00)")
ADDRESS = "Jl. RE. Martadinata No.1 Gedung Blok E Lt. Dasar Banjarmasin"
ACCOUNT: dict[str, Any] = {
    "occurred_at": NOW,
    "lpse": "banjarmasin",
    "correlation_id": uuid.uuid4(),
    "actor": Actor.system("verification"),
    "provider_id": uuid.uuid4(),
    "user_id": "SINAR0001",
    "company_name": "CV Sinar Jaya",
    "email": OLD,
    "director_name": "Siti Rahmawati",
}
REQUEST: dict[str, Any] = {
    **ACCOUNT,
    "request_id": uuid.uuid4(),
    "reference": REF,
    "kind": "npwp",
    "service_id": "BJM-4",
    "status_url": BOX.seal(PAGE),
}
VERIFIER = {"verifier_id": "rina.banjarmasin"}


def mail(event: Event, language: Language) -> tuple[str, str, str, str]:
    """(recipient, subject, text, html) of the fact's one email, its links opened as the notifier opens them."""
    fact = opened(event, BOX)
    email = render(fact, TEMPLATES[type(fact)], PROFILES["banjarmasin"], language=language, delivery_id=uuid.uuid4())
    return email.recipient, email.subject, email.text, email.html


def both(text: str, html: str) -> str:
    return text + "\n" + html


# (fact, subject id, subject en, lines in the Indonesian email, lines in the English one)
EXAMPLES: list[tuple[Event, str, str, list[str], list[str]]] = [
    (
        ProviderRequestFiledV1(
            **REQUEST,
            bring=(
                DocumentToBring(code="surat_permohonan", name="Surat permohonan bermaterai", copies=1),
                DocumentToBring(code="npwp", name="Kartu NPWP baru", copies=2),
            ),
            deadline_text="1 hari kerja",
        ),
        f"Permohonan {REF} diterima",
        f"Request {REF} received",
        [
            "perubahan NPWP",
            "Surat permohonan bermaterai: asli dan 1 fotokopi",
            "Kartu NPWP baru: asli dan 2 fotokopi",
            ADDRESS,
            *HOURS_ID,
            "Tenggat layanan (1 hari kerja) mulai berjalan saat berkas Anda diterima di loket.",
            "Cetak surat permohonan",
        ],
        [
            "change of NPWP",
            "Surat permohonan bermaterai: original and 1 photocopy",
            "Kartu NPWP baru: original and 2 photocopy",
            ADDRESS,
            *HOURS_EN,
            "The service deadline (1 hari kerja) starts when your file is received at the counter.",
        ],
    ),
    (
        EmailProofRequestedV1(
            **{**REQUEST, "kind": "email", "service_id": "BJM-2"},
            new_email=NEW,
            proof_url=BOX.seal(PROOF),
            expires_at=NOW + timedelta(hours=24),
        ),
        "Konfirmasi alamat email baru untuk akun SINAR0001",
        "Confirm the new email address of account SINAR0001",
        [PROOF, "berlaku sampai 3 Desember 2026 11.00 WITA", "Bila Anda tidak memintanya, abaikan email ini"],
        [PROOF, "valid until 3 December 2026 11:00 WITA", "If you did not ask for this, ignore this email"],
    ),
    (
        EmailProvenV1(**{**REQUEST, "kind": "email", "service_id": "BJM-2"}, new_email=NEW),
        f"Alamat email baru dikonfirmasi ({REF})",
        f"New email address confirmed ({REF})",
        ["ke***@sinarbaru.co.id", "telah dikonfirmasi", ADDRESS, *HOURS_ID],
        ["ke***@sinarbaru.co.id", "has been confirmed", ADDRESS, *HOURS_EN],
    ),
    (
        ProviderRequestCheckedInV1(**REQUEST, officer_id="helpdesk.banjarmasin"),
        f"Kedatangan Anda untuk permohonan {REF} tercatat di loket",
        f"Request {REF}: your visit to the counter is recorded",
        ["Kedatangan Anda untuk permohonan"],
        ["Your visit for request"],
    ),
    (
        ProviderRequestHandedOverV1(
            **REQUEST, officer_id="helpdesk.banjarmasin", due_at=NOW + timedelta(days=1), deadline_text="1 hari kerja"
        ),
        f"Berkas permohonan {REF} diterima di loket",
        f"Request {REF}: file received at the counter",
        ["Tenggat layanan (1 hari kerja): 3 Desember 2026 11.00 WITA."],
        ["Service deadline (1 hari kerja): 3 December 2026 11:00 WITA."],
    ),
    (
        ProviderRequestClaimedV1(**REQUEST, **VERIFIER),
        f"Permohonan {REF} sedang diperiksa",
        f"Request {REF} is being checked",
        ["sedang diperiksa verifikator LPSE Kota Banjarmasin"],
        ["is being checked by a verifier of LPSE Kota Banjarmasin"],
    ),
    (
        ProviderRequestReturnedV1(
            **REQUEST,
            **VERIFIER,
            reason="Kartu NPWP yang dibawa masih atas nama CV lama.",
            items=("Kartu NPWP baru", "Surat keterangan terdaftar"),
        ),
        f"Permohonan {REF} dikembalikan: berkas perlu dilengkapi",
        f"Request {REF} returned: documents to complete",
        [
            "Alasan",
            "Kartu NPWP yang dibawa masih atas nama CV lama.",
            "Kartu NPWP baru",
            "Surat keterangan terdaftar",
            ADDRESS,
            *HOURS_ID,
        ],
        ["Reason", "Kartu NPWP yang dibawa masih atas nama CV lama.", "Surat keterangan terdaftar", ADDRESS],
    ),
    (
        ProviderRequestResumedV1(**REQUEST, due_at=NOW + timedelta(hours=5)),
        f"Permohonan {REF} dilanjutkan",
        f"Request {REF} resumed",
        ["Tenggat layanan berjalan kembali sampai 2 Desember 2026 16.00 WITA."],
        ["The service deadline runs again until 2 December 2026 16:00 WITA."],
    ),
    (
        ProviderRequestApprovedV1(**REQUEST, **VERIFIER),
        f"Permohonan {REF} disetujui",
        f"Request {REF} approved",
        ["telah disetujui LPSE Kota Banjarmasin"],
        ["LPSE Kota Banjarmasin has approved request"],
    ),
    (
        ProviderRequestRejectedV1(**REQUEST, **VERIFIER, reason="Akta perubahan tidak sesuai dengan SK Kemenkumham."),
        f"Permohonan {REF} ditolak",
        f"Request {REF} rejected",
        ["Alasan penolakan", "Akta perubahan tidak sesuai dengan SK Kemenkumham.", "Data akun Anda tidak berubah."],
        ["Reason for rejection", "Akta perubahan tidak sesuai dengan SK Kemenkumham."],
    ),
    (
        ProviderRequestWithdrawnV1(**REQUEST),
        f"Permohonan {REF} dibatalkan",
        f"Request {REF} withdrawn",
        ["telah dibatalkan"],
        ["has been withdrawn"],
    ),
    (
        ProviderRequestSentToLkppV1(
            **{**REQUEST, "kind": "agregasi", "service_id": "BJM-6"}, **VERIFIER, request_ref="ADP-2026-000123"
        ),
        f"Permohonan agregasi {REF} dikirim ke LKPP",
        f"Aggregation request {REF} sent to LKPP",
        ["ADP-2026-000123", "dikirim ke LKPP"],
        ["ADP-2026-000123", "sent it to LKPP"],
    ),
    (
        ProviderAccountChangedV1(
            **ACCOUNT,
            request_id=REQUEST["request_id"],
            reference=REF,
            kind="npwp",
            changes=(
                FieldChange(field="npwp", label="NPWP", before="01.***.***.*-***.000", after="09.***.***.*-***.000"),
            ),
            npwp="098765432109000",
            aggregated=True,
        ),
        "Data akun SINAR0001 telah diubah",
        "The data of account SINAR0001 has been changed",
        ["NPWP: 01.***.***.*-***.000 → 09.***.***.*-***.000", "diteruskan ke LKPP"],
        ["NPWP: 01.***.***.*-***.000 → 09.***.***.*-***.000", "forwarded to LKPP"],
    ),
    (
        ProviderAccountDeactivatedV1(
            **ACCOUNT, by="lpse", reason="Perusahaan masuk daftar hitam.", officer_id="kepala.banjarmasin"
        ),
        "Akun SINAR0001 dinonaktifkan",
        "Account SINAR0001 deactivated",
        ["oleh LPSE Kota Banjarmasin", "2 Desember 2026 11.00 WITA", "Perusahaan masuk daftar hitam.", ADDRESS],
        ["by LPSE Kota Banjarmasin", "2 December 2026 11:00 WITA", "Perusahaan masuk daftar hitam.", *HOURS_EN],
    ),
    (
        ProviderAccountReactivatedV1(**ACCOUNT, officer_id="helpdesk.banjarmasin", request_id=uuid.uuid4()),
        "Akun SINAR0001 aktif kembali",
        "Account SINAR0001 is active again",
        ["aktif kembali", "Lupa kata sandi?"],
        ["is active again", "Lupa kata sandi?"],
    ),
    (
        ProviderPasswordChangedV1(**ACCOUNT),
        "Kata sandi akun SINAR0001 diubah",
        "The password of account SINAR0001 was changed",
        ["2 Desember 2026 11.00 WITA", "Sesi lain akun ini telah diakhiri."],
        ["2 December 2026 11:00 WITA", "other sessions have been ended"],
    ),
]


def test_every_fact_a_provider_reads_has_an_email_and_an_example() -> None:
    to_provider = {
        e
        for e in PROVIDER_ACCOUNT_EVENTS
        if e not in (ProviderRequestDeadlineApproachingV1, ProviderRequestDeadlineBreachedV1)
    }
    assert {e for e in TEMPLATES if e in PROVIDER_ACCOUNT_EVENTS} == to_provider | {ProviderRequestDeadlineBreachedV1}
    assert {type(e) for e, *_ in EXAMPLES} == to_provider


@pytest.mark.parametrize(
    ("event", "subject_id", "subject_en", "lines_id", "lines_en"),
    EXAMPLES,
    ids=lambda v: type(v).__name__ if isinstance(v, Event) else "",
)
def test_each_email_in_both_languages_greets_the_director_and_writes_the_facts(
    event: Event, subject_id: str, subject_en: str, lines_id: list[str], lines_en: list[str]
) -> None:
    cases: tuple[tuple[Language, str, list[str], str], ...] = (
        ("id", subject_id, lines_id, "Yth. Siti Rahmawati,"),
        ("en", subject_en, lines_en, "Dear Siti Rahmawati,"),
    )
    for language, subject, lines, greeting in cases:
        recipient, got_subject, text, html = mail(event.model_copy(update={"language": language}), language)
        assert got_subject == subject
        for body in (text, html):
            assert greeting in body
            assert "LPSE Kota Banjarmasin" in body
            assert "gAAAA" not in body, "a sealed link must reach the reader opened"
            for line in lines:
                assert line in body, (language, line)
        if "reference" in type(event).model_fields:
            assert REF in both(text, html)
        # the request's page is behind the account's sign-in: linked for the account's address, not for an address
        # still unproven (the proof link is all it needs)
        if "status_url" in type(event).model_fields and not isinstance(event, EmailProofRequestedV1):
            assert PAGE in text and f'href="{PAGE}"' in html
        assert recipient == (NEW if isinstance(event, EmailProofRequestedV1) else OLD)


def test_the_language_follows_the_fact() -> None:
    filed = next(e for e, *_ in EXAMPLES if isinstance(e, ProviderRequestFiledV1))
    assert recipient_of(filed) == OLD
    assert language_of(filed) == "id" and language_of(filed.model_copy(update={"language": "en"})) == "en"


def email_change(previous: str | None = OLD) -> ProviderAccountChangedV1:
    return ProviderAccountChangedV1(
        **{**ACCOUNT, "email": NEW},
        request_id=REQUEST["request_id"],
        reference=REF,
        kind="email",
        changes=(FieldChange(field="email", label="Alamat email", before=OLD, after=NEW),),
        previous_email=previous,
        aggregated=False,
    )


@pytest.mark.parametrize("language", ["id", "en"])
def test_an_email_change_writes_to_the_old_address_masked_and_to_the_new_one(language: Language) -> None:
    event = email_change().model_copy(update={"language": language})
    letters = letters_of(event, TEMPLATES[ProviderAccountChangedV1])
    assert [(t.name, to) for t, to in letters] == [
        ("provider_email_changed_old", OLD),
        ("provider_email_changed_new", NEW),
    ]
    (old_t, _), (new_t, _) = letters
    told = render(event, old_t, PROFILES["banjarmasin"], language=language, delivery_id=uuid.uuid4(), recipient=OLD)
    welcomed = render(event, new_t, PROFILES["banjarmasin"], language=language, delivery_id=uuid.uuid4(), recipient=NEW)
    assert told.recipient == OLD and welcomed.recipient == NEW
    assert (
        told.subject
        == {
            "id": "Alamat email akun SINAR0001 telah diubah",
            "en": "The email address of account SINAR0001 was changed",
        }[language]
    )
    assert (
        welcomed.subject
        == {
            "id": "Alamat email baru akun SINAR0001 aktif",
            "en": "The new email address of account SINAR0001 is active",
        }[language]
    )
    for body in (told.text, told.html):
        assert "ke***@sinarbaru.co.id" in body and NEW not in body, "the old address reads the new one masked"
        assert {
            "id": "Jika Anda tidak mengajukan perubahan ini, segera hubungi LPSE Kota Banjarmasin",
            "en": "If you did not ask for this change, contact LPSE Kota Banjarmasin",
        }[language] in body
    for body in (welcomed.text, welcomed.html):
        assert "SINAR0001" in body and REF in body


def test_both_letters_of_an_email_change_keep_their_key_when_the_change_comes_again() -> None:
    event = email_change()
    again = event.model_copy(update={"event_id": uuid.uuid4()})  # the same change re-announced
    keys = {delivery_id_for(e, t.name, to) for e in (event, again) for t, to in letters_of(e, TEMPLATES[type(e)])}
    assert len(keys) == 2


def test_other_changes_write_once_to_the_address_of_record() -> None:
    data = ProviderAccountChangedV1(
        **ACCOUNT,
        request_id=uuid.uuid4(),
        reference=REF,
        kind="data",
        changes=(
            FieldChange(field="address", label="Alamat perusahaan", before="Jl. Lama 1", after="Jl. Baru 2"),
            FieldChange(field="phone", label="Nomor telepon", before="0511-111", after="0511-222"),
        ),
        aggregated=False,
    )
    [(template, to)] = letters_of(data, TEMPLATES[ProviderAccountChangedV1])
    assert (template.name, to) == ("provider_account_changed", OLD)
    email = render(data, template, PROFILES["banjarmasin"], language="id", delivery_id=uuid.uuid4())
    assert "- Alamat perusahaan: Jl. Lama 1 → Jl. Baru 2\n- Nomor telepon: 0511-111 → 0511-222\n" in email.text
    assert "LKPP" not in email.text, "an account that is not aggregated is not told of LKPP"


def test_a_missed_deadline_goes_to_the_heads_in_indonesian_with_the_staff_link() -> None:
    breach = ProviderRequestDeadlineBreachedV1(
        **REQUEST, clock="layanan", clock_label="Layanan perubahan NPWP", due_at=NOW - timedelta(hours=1)
    )
    template = TEMPLATES[ProviderRequestDeadlineBreachedV1]
    assert template.staff_role == "kepala_lpse" and "en" not in template.subject
    assert staff_path(breach) == f"/staf/permohonan/{breach.request_id}"
    email = render(
        breach,
        template,
        PROFILES["banjarmasin"],
        language="id",
        delivery_id=uuid.uuid4(),
        recipient="kepala.banjarmasin@contoh.go.id",
        base_url="https://lpse.contoh.go.id",
    )
    assert email.subject == f"Tenggat permohonan {REF} terlewati"
    assert "Layanan perubahan NPWP" in email.text and "2 Desember 2026 10.00 WITA" in email.text
    assert f"https://lpse.contoh.go.id/staf/permohonan/{breach.request_id}" in email.text


def test_the_new_and_previous_addresses_are_addresses_the_notifier_writes_to() -> None:
    assert {"email", "new_email", "previous_email"} <= set(ADDRESS_FIELDS)
