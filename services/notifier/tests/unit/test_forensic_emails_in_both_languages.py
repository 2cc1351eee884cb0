"""The forensic test's emails (Depok DPK-2d): each step the requesting Pokja should know of, its subject in Bahasa
Indonesia and English as written below, the status link, the files named by their digests, the report attached by
its signed link, and the missed 30 minutes written to the heads of the LPSE only."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.envelope import Actor, AttachmentRef, Event, Language
from contracts.forensic import (
    ForensicAnswerReceivedV1,
    ForensicDeadlineBreachedV1,
    ForensicEscalatedExternalV1,
    ForensicFile,
    ForensicReportIssuedV1,
    ForensicTestEscalatedV1,
    ForensicTestRefusedV1,
    ForensicTestRequestedV1,
    ForensicTestResubmittedV1,
    ForensicTestReturnedV1,
    ForensicTrialRecordedV1,
)
from contracts.lpse import load_profiles
from notifier.emails import TEMPLATES, language_of, recipient_of
from notifier.render import render

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
NOW = datetime(2026, 12, 14, 2, 10, tzinfo=UTC)  # Mon 14 Dec 2026 09.10 WIB
DUE = datetime(2026, 12, 14, 2, 40, tzinfo=UTC)  # 09.40 WIB
CASE_ID = uuid.UUID(int=21)
POKJA = "pokja.depok@contoh.go.id"
STATUS = "https://lpse.depok.go.id/helpdesk/forensik/TokenStatusRahasia"
DIGEST = "ab" * 32
FILES = (ForensicFile(name="penawaran-pt-maju.rhs", sha256=DIGEST, size=1234),)
CASE = {
    "occurred_at": NOW,
    "lpse": "depok",
    "correlation_id": CASE_ID,
    "actor": Actor(id="pokja.depok", role="pokja"),
    "case_id": CASE_ID,
    "reference": "UF-DPK-2612-0001",
    "service_id": "DPK-2d",
    "tender_id": "10023456",
    "requester_email": POKJA,
    "status_url": STATUS,
}
REPORT = AttachmentRef(
    filename="BA-UF-DPK-2026-0001.pdf", content_type="application/pdf", url="https://x/ba", sha256="cd" * 32
)

EXAMPLES: list[tuple[Event, str, str, list[str], list[str]]] = [
    (
        ForensicTestRequestedV1(**CASE, due_at=DUE, files=FILES),
        "Permohonan uji forensik UF-DPK-2612-0001 diterima",
        "Forensic test request UF-DPK-2612-0001 received",
        ["tender 10023456", "paling lambat 14 Desember 2026 09.40 WIB", DIGEST],
        ["tender 10023456", DIGEST],
    ),
    (
        ForensicTestReturnedV1(**CASE, missing=("formulir_uji_forensik",)),
        "Permohonan uji forensik UF-DPK-2612-0001 perlu dilengkapi",
        "Forensic test UF-DPK-2612-0001: complete it",
        ["Formulir Permohonan Uji Forensik", "dihitung ulang"],
        ["Formulir Permohonan Uji Forensik"],
    ),
    (
        ForensicTestResubmittedV1(**CASE, files=FILES, due_at=DUE),
        "Kelengkapan uji forensik UF-DPK-2612-0001 diterima",
        "Forensic test UF-DPK-2612-0001 completed",
        ["14 Desember 2026 09.40 WIB"],
        ["received"],
    ),
    (
        ForensicTestEscalatedV1(**CASE, to_role="admin_ppe", to_label="Admin PPE"),
        "Uji forensik UF-DPK-2612-0001 diteruskan ke Admin PPE",
        "Forensic test UF-DPK-2612-0001 sent to Admin PPE",
        ["dieskalasi ke Admin PPE"],
        ["escalated to the Admin PPE"],
    ),
    (
        ForensicTrialRecordedV1(**CASE, outcome="tidak_terbuka"),
        "Uji coba enkripsi UF-DPK-2612-0001 telah dilakukan",
        "Encryption trial of UF-DPK-2612-0001 done",
        ["berkas tidak terbuka"],
        ["did not open"],
    ),
    (
        ForensicEscalatedExternalV1(
            **CASE,
            parties=("lkpp", "bssn"),
            files=FILES,
            tender_name="Jalan Lingkungan",
            trial_outcome="tidak_terbuka",
            note="Catatan internal untuk LKPP",
        ),
        "Uji forensik UF-DPK-2612-0001 diteruskan ke LKPP dan BSSN",
        "Forensic test UF-DPK-2612-0001 sent to LKPP and BSSN",
        ["Proses di LKPP dan BSSN tidak memiliki batas waktu dalam standar pelayanan"],
        ["sets no deadline for LKPP and BSSN"],
    ),
    (
        ForensicAnswerReceivedV1(**CASE, party="lkpp", external_ref="LKPP-UF-9", awaiting=("bssn",)),
        "Jawaban atas uji forensik UF-DPK-2612-0001 diterima",
        "Answer on forensic test UF-DPK-2612-0001 received",
        ["LKPP telah menjawab", "Masih menunggu: BSSN"],
        ["LKPP answered", "Still awaited: BSSN"],
    ),
    (
        ForensicReportIssuedV1(**CASE, report_number="BA-UF/DPK/2026/0001", files=FILES, attachments=(REPORT,)),
        "Berita Acara Hasil Uji Forensik BA-UF/DPK/2026/0001",
        "Forensic test report BA-UF/DPK/2026/0001",
        ["terlampir pada email ini", DIGEST],
        ["attached to this email", DIGEST],
    ),
    (
        ForensicTestRefusedV1(**CASE, reason="Bukan permasalahan enkripsi Apendo."),
        "Permohonan uji forensik UF-DPK-2612-0001 ditolak",
        "Forensic test request UF-DPK-2612-0001 refused",
        ["Bukan permasalahan enkripsi Apendo."],
        ["Bukan permasalahan enkripsi Apendo."],
    ),
]


def test_every_step_the_pokja_should_know_of_has_its_email_and_the_breach_goes_to_the_heads() -> None:
    pokja_emails: set[type[Event]] = {
        ForensicTestRequestedV1,
        ForensicTestReturnedV1,
        ForensicTestResubmittedV1,
        ForensicTestEscalatedV1,
        ForensicTrialRecordedV1,
        ForensicEscalatedExternalV1,
        ForensicAnswerReceivedV1,
        ForensicReportIssuedV1,
        ForensicTestRefusedV1,
    }
    assert {type(e) for e, *_ in EXAMPLES} == pokja_emails
    assert all(TEMPLATES[fact].staff_role is None for fact in pokja_emails)
    assert TEMPLATES[ForensicDeadlineBreachedV1].staff_role == "kepala_lpse"


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("event", "subject_id", "subject_en", "says_id", "says_en"), EXAMPLES, ids=lambda v: type(v).__name__
)
def test_each_forensic_email_renders_in_the_pokjas_language_with_its_subject_and_status_link(
    event: Event, subject_id: str, subject_en: str, says_id: list[str], says_en: list[str], language: Language
) -> None:
    chosen = event.model_copy(update={"language": language})
    assert language_of(chosen) == language
    email = render(chosen, TEMPLATES[type(event)], PROFILES["depok"], language=language, delivery_id=uuid.uuid4())
    assert email.subject == (subject_id if language == "id" else subject_en)
    assert email.recipient == recipient_of(event) == POKJA
    for body in (email.text, email.html):
        for said in says_id if language == "id" else says_en:
            assert said in body, (language, said)
        assert STATUS in body, "each email links to the status page"
        assert "Catatan internal" not in body, "the note for LKPP and BSSN stays between the desks"


def test_the_missed_thirty_minutes_are_written_to_the_heads_with_the_case_in_the_staff_console() -> None:
    breach = ForensicDeadlineBreachedV1(
        **CASE, clock="uji_coba_dan_eskalasi", clock_label="Uji coba enkripsi dan eskalasi ke LKPP dan BSSN", due_at=DUE
    )
    email = render(
        breach,
        TEMPLATES[ForensicDeadlineBreachedV1],
        PROFILES["depok"],
        language="id",
        delivery_id=uuid.uuid4(),
        recipient="kepala@depok.go.id",
        base_url="https://lpse.depok.go.id",
    )
    assert email.subject == "Tenggat uji forensik UF-DPK-2612-0001 terlewati"
    assert f"https://lpse.depok.go.id/helpdesk/staf/forensik/{CASE_ID}" in email.text
    assert "14 Desember 2026 09.40 WIB" in email.text
