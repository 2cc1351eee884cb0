"""The account request's emails (issue 12, "an email to the requester at each step"): each step's subject in
Bahasa Indonesia and English, what the body says, the status link; the completed email names the username and says
the set-password link comes separately (never a password); a missed deadline goes to the head."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.account_requests import (
    AccountRequestCompletedV1,
    AccountRequestDeadlineBreachedV1,
    AccountRequestDispositionedV1,
    AccountRequestedV1,
    AccountRequestEscalatedV1,
    AccountRequestPreparedV1,
    AccountRequestRefusedV1,
    AccountRequestResubmittedV1,
    AccountRequestReturnedV1,
)
from contracts.envelope import Actor, Event, Language
from contracts.lpse import load_profiles
from notifier.account_request_emails import ACCOUNT_REQUEST_TEMPLATES
from notifier.emails import TEMPLATES, language_of, recipient_of
from notifier.render import render

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
REQUEST_ID = uuid.UUID(int=1212)
REQUESTER = "siti.rahayu@contoh.id"
STATUS = "https://lpse.temanggungkab.go.id/helpdesk/akun/TokenStatusAkun"
DUE = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # Mon 7 Dec 2026 08.00 WIB
BASE = {
    "occurred_at": datetime(2026, 12, 3, 3, 0, tzinfo=UTC),
    "lpse": "temanggung",
    "correlation_id": REQUEST_ID,
    "actor": Actor(id="helpdesk.temanggung", role="helpdesk"),
    "case_id": REQUEST_ID,
    "reference": "AKN-TMG-2612-0001",
    "service_id": "TMG-2",
    "requester_email": REQUESTER,
    "status_url": STATUS,
    "kind": "akun_baru",
    "role": "ppk",
}

EXAMPLES: list[tuple[Event, str, str, list[str], list[str]]] = [
    (
        AccountRequestedV1(**BASE, due_at=DUE, deadline_text="2 x 24 jam setelah diterimanya berkas permohonan"),
        "Permohonan akun AKN-TMG-2612-0001 diterima",
        "Account request AKN-TMG-2612-0001 received",
        ["7 Desember 2026 08.00 WIB", "2 x 24 jam"],
        ["AKN-TMG-2612-0001"],
    ),
    (
        AccountRequestReturnedV1(**BASE, missing=("Sertifikat Dasar Pengadaan Barang/Jasa",)),
        "Permohonan akun AKN-TMG-2612-0001: berkas belum lengkap",
        "Account request AKN-TMG-2612-0001: incomplete",
        ["Sertifikat Dasar Pengadaan Barang/Jasa", "tenggat dihitung ulang"],
        ["Sertifikat Dasar Pengadaan Barang/Jasa"],
    ),
    (
        AccountRequestResubmittedV1(**BASE, due_at=DUE),
        "Permohonan akun AKN-TMG-2612-0001 diajukan kembali",
        "Account request AKN-TMG-2612-0001 resubmitted",
        ["7 Desember 2026 08.00 WIB"],
        ["resubmitted"],
    ),
    (
        AccountRequestEscalatedV1(**BASE, to_role="kepala_lpse", to_label="Kabag PBJ selaku Kepala LPSE"),
        "Permohonan akun AKN-TMG-2612-0001 diteruskan ke Kabag PBJ selaku Kepala LPSE",
        "Account request AKN-TMG-2612-0001 forwarded to Kabag PBJ selaku Kepala LPSE",
        ["lengkap dan diteruskan"],
        ["complete and was forwarded"],
    ),
    (
        AccountRequestDispositionedV1(**BASE),
        "Permohonan akun AKN-TMG-2612-0001 didisposisikan",
        "Account request AKN-TMG-2612-0001 assigned",
        ["disposisi kepada Admin Agency"],
        ["Admin Agency"],
    ),
    (
        AccountRequestPreparedV1(**BASE, username="siti.ppk", second_check_required=True),
        "Akun untuk permohonan AKN-TMG-2612-0001 disiapkan",
        "Account for request AKN-TMG-2612-0001 prepared",
        ["dicek ulang oleh petugas lain"],
        ["second officer"],
    ),
    (
        AccountRequestCompletedV1(**BASE, username="siti.ppk", within_deadline=True),
        "Permohonan akun AKN-TMG-2612-0001 selesai",
        "Account request AKN-TMG-2612-0001 completed",
        ["siti.ppk", "Tautan untuk mengatur kata sandi dikirim terpisah"],
        ["siti.ppk", "sent separately"],
    ),
    (
        AccountRequestRefusedV1(**BASE, reason="SK penunjukan bukan untuk PPK"),
        "Permohonan akun AKN-TMG-2612-0001 ditolak",
        "Account request AKN-TMG-2612-0001 refused",
        ["SK penunjukan bukan untuk PPK"],
        ["SK penunjukan bukan untuk PPK"],
    ),
]


def test_every_step_the_requester_should_know_of_has_its_email() -> None:
    assert {type(e) for e, *_ in EXAMPLES} == {f for f, t in ACCOUNT_REQUEST_TEMPLATES.items() if t.staff_role is None}
    assert all(TEMPLATES[f] is t for f, t in ACCOUNT_REQUEST_TEMPLATES.items())


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("event", "subject_id", "subject_en", "says_id", "says_en"), EXAMPLES, ids=lambda v: type(v).__name__
)
def test_each_email_renders_in_the_requesters_language_with_the_status_link(
    event: Event, subject_id: str, subject_en: str, says_id: list[str], says_en: list[str], language: Language
) -> None:
    chosen = event.model_copy(update={"language": language})
    assert language_of(chosen) == language
    email = render(chosen, TEMPLATES[type(event)], PROFILES["temanggung"], language=language, delivery_id=uuid.uuid4())
    assert (email.subject, email.recipient) == (subject_id if language == "id" else subject_en, REQUESTER)
    for body in (email.text, email.html):
        assert all(said in body for said in (says_id if language == "id" else says_en)), body
        assert STATUS in body
        assert "kata sandi:" not in body.lower() and "password:" not in body.lower()


def test_an_inaproc_request_completes_without_a_username() -> None:
    done = AccountRequestCompletedV1(**{**BASE, "lpse": "magelang", "service_id": "MGL-O", "kind": "inaproc"})
    email = render(done, TEMPLATES[type(done)], PROFILES["magelang"], language="id", delivery_id=uuid.uuid4())
    assert "selesai" in email.text and "kata sandi" not in email.text


def test_a_missed_deadline_is_written_to_the_head_with_the_staff_link() -> None:
    breach = AccountRequestDeadlineBreachedV1(**BASE, clock="pembuatan_akun", clock_label="Pembuatan akun", due_at=DUE)
    template = TEMPLATES[type(breach)]
    assert template.staff_role == "kepala_lpse" and recipient_of(breach) == REQUESTER
    email = render(
        breach,
        template,
        PROFILES["temanggung"],
        language="id",
        delivery_id=uuid.uuid4(),
        recipient="kepala.temanggung@contoh.go.id",
        base_url="https://lpse.contoh.go.id",
    )
    assert email.subject == "Tenggat permohonan akun AKN-TMG-2612-0001 terlewati"
    for body in (email.text, email.html):
        assert "Pembuatan akun" in body and "7 Desember 2026 08.00 WIB" in body
        assert f"https://lpse.contoh.go.id/helpdesk/staf/akun/{REQUEST_ID}" in body
        assert STATUS not in body
