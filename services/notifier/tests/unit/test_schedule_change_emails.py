"""The ubah-jadwal emails (issue 12, "an email to the requester at each step"): each step's subject in Bahasa
Indonesia and English as written here, what the body says (the missing items, the changed schedule, the refusal's
reason), the status link; the breach goes to the heads in Bahasa Indonesia with the staff link."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.envelope import Actor, Event, Language
from contracts.lpse import load_profiles
from contracts.schedule_change import (
    ScheduleChangeApprovedV1,
    ScheduleChangeDeadlineBreachedV1,
    ScheduleChangeEscalatedV1,
    ScheduleChangeRefusedV1,
    ScheduleChangeRequestedV1,
    ScheduleChangeResubmittedV1,
    ScheduleChangeReturnedV1,
)
from notifier.emails import TEMPLATES, language_of, recipient_of
from notifier.render import render

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Wednesday 10.00 WIB
CASE_ID = uuid.UUID(int=21)
STATUS = "https://lpse.depok.go.id/helpdesk/jadwal/TokenStatusRahasia"
POKJA = "pokja.depok@contoh.go.id"
BASE = {
    "occurred_at": NOW,
    "lpse": "depok",
    "correlation_id": CASE_ID,
    "actor": Actor(id="helpdesk.depok", role="helpdesk"),
    "case_id": CASE_ID,
    "reference": "JDW-DPK-2612-ABCDE",
    "service_id": "DPK-2c",
    "requester_email": POKJA,
    "status_url": STATUS,
    "tender_id": "10012345000",
    "stage": "batas_akhir_upload",
}
OLD = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
NEW = datetime(2026, 12, 8, 3, 0, tzinfo=UTC)

EXAMPLES: list[tuple[Event, str, str, list[str], list[str]]] = [
    (
        ScheduleChangeRequestedV1(
            **BASE, old_at=OLD, new_at=NEW, due_at=NOW.replace(minute=15), deadline_text="15 menit"
        ),
        "Permohonan perubahan jadwal JDW-DPK-2612-ABCDE diterima",
        "Schedule change request JDW-DPK-2612-ABCDE received",
        ["Batas akhir upload penawaran", "4 Desember 2026 10.00 WIB", "8 Desember 2026 10.00 WIB",
         "paling lambat 2 Desember 2026 10.15 WIB"],
        ["bid upload deadline", "8 December 2026 10:00 WIB", "by 2 December 2026 10:15 WIB"],
    ),
    (
        ScheduleChangeReturnedV1(**BASE, missing=("Surat tidak terbaca", "Alasan belum diisi")),
        "Permohonan perubahan jadwal JDW-DPK-2612-ABCDE dikembalikan: lengkapi berkas",
        "Schedule change request JDW-DPK-2612-ABCDE returned: please complete it",
        ["Surat tidak terbaca", "Alasan belum diisi", "Tenggat dihentikan"],
        ["Surat tidak terbaca", "The deadline is stopped"],
    ),
    (
        ScheduleChangeResubmittedV1(**BASE, due_at=NOW.replace(minute=40)),
        "Permohonan perubahan jadwal JDW-DPK-2612-ABCDE diajukan kembali",
        "Schedule change request JDW-DPK-2612-ABCDE resubmitted",
        ["Batas waktu baru: 2 Desember 2026 10.40 WIB"],
        ["New deadline: 2 December 2026 10:40 WIB"],
    ),
    (
        ScheduleChangeEscalatedV1(**BASE, to_role="admin_ppe", to_label="Admin PPE"),
        "Permohonan perubahan jadwal JDW-DPK-2612-ABCDE diteruskan ke Admin PPE",
        "Schedule change request JDW-DPK-2612-ABCDE forwarded to Admin PPE",
        ["sudah sesuai dan diteruskan ke Admin PPE"],
        ["forwarded to the Admin PPE"],
    ),
    (
        ScheduleChangeApprovedV1(**BASE, old_at=OLD, new_at=NEW, changed_in_spse_at=NOW.replace(minute=11)),
        "Jadwal tender 10012345000 telah diubah (JDW-DPK-2612-ABCDE)",
        "The schedule of tender 10012345000 was changed (JDW-DPK-2612-ABCDE)",
        ["Data jadwal lelang/tender", "Jadwal semula: 4 Desember 2026 10.00 WIB",
         "Jadwal baru di SPSE: 8 Desember 2026 10.00 WIB", "Diubah di SPSE pada: 2 Desember 2026 10.11 WIB"],
        ["New time in SPSE: 8 December 2026 10:00 WIB", "Changed in SPSE at: 2 December 2026 10:11 WIB"],
    ),
    (
        ScheduleChangeRefusedV1(**BASE, reason="Tahapan pembukaan sudah dimulai."),
        "Permohonan perubahan jadwal JDW-DPK-2612-ABCDE ditolak",
        "Schedule change request JDW-DPK-2612-ABCDE refused",
        ["Alasan: Tahapan pembukaan sudah dimulai."],
        ["Reason: Tahapan pembukaan sudah dimulai."],
    ),
]  # fmt: skip


def test_every_step_the_pokja_should_know_of_has_its_email() -> None:
    ours = {f for f in TEMPLATES if f.__module__ == "contracts.schedule_change"}
    assert {type(e) for e, *_ in EXAMPLES} == ours - {ScheduleChangeDeadlineBreachedV1}
    assert TEMPLATES[ScheduleChangeDeadlineBreachedV1].staff_role == "kepala_lpse"


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("event", "subject_id", "subject_en", "says_id", "says_en"), EXAMPLES, ids=lambda v: type(v).__name__
)
def test_each_email_renders_in_the_requesters_language_with_its_status_link(
    event: Event, subject_id: str, subject_en: str, says_id: list[str], says_en: list[str], language: Language
) -> None:
    template = TEMPLATES[type(event)]
    email = render(event, template, PROFILES["depok"], language=language, delivery_id=uuid.uuid4())
    assert email.recipient == POKJA == recipient_of(event)
    assert email.subject == (subject_id if language == "id" else subject_en)
    for body in (email.text, email.html):
        assert all(said in body for said in (says_id if language == "id" else says_en)), body
        assert STATUS in body


def test_a_breach_is_written_to_the_head_in_bahasa_indonesia_with_the_staff_link() -> None:
    event = ScheduleChangeDeadlineBreachedV1(
        **BASE, language="en", clock="penyelesaian", clock_label="Penyelesaian layanan", due_at=NOW.replace(minute=15)
    )
    template = TEMPLATES[type(event)]
    assert language_of(event, template) == "id"
    email = render(
        event, template, PROFILES["depok"], language="id", delivery_id=uuid.uuid4(),
        recipient="kepala.depok@contoh.go.id", base_url="https://lpse.depok.go.id",
    )  # fmt: skip
    assert email.subject == "Tenggat perubahan jadwal JDW-DPK-2612-ABCDE terlewati"
    for body in (email.text, email.html):
        assert f"https://lpse.depok.go.id/helpdesk/staf/jadwal/{CASE_ID}" in body
        assert "batasnya 2 Desember 2026 10.15 WIB" in body and "tender 10012345000" in body
        assert STATUS not in body
