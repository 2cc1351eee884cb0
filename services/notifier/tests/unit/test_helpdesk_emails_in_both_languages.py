"""The helpdesk's emails (issue 11, "the notifier emails the reporter at every step they should know about, in their
language"): each step's subject in Bahasa Indonesia and English as written below (the README's emails),
what the body says, the status link, and never a reply, note, LKPP answer, complaint text or rating comment."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from contracts.complaints import (
    ClockDue,
    ComplaintAcknowledgedV1,
    ComplaintDeadlineBreachedV1,
    ComplaintEscalatedV1,
    ComplaintReceivedV1,
    ComplaintResolvedV1,
    ComplaintRespondedV1,
)
from contracts.envelope import Actor, Event, Language
from contracts.helpdesk import (
    TicketAnsweredByLkppV1,
    TicketCategory,
    TicketClaimedV1,
    TicketClosedV1,
    TicketDeadlineBreachedV1,
    TicketEscalatedV1,
    TicketInfoRequestedV1,
    TicketOpenedV1,
    TicketReopenedV1,
    TicketRepliedV1,
    TicketResolvedV1,
)
from contracts.lpse import load_profiles
from notifier.emails import TEMPLATES, language_of, recipient_of, wanted
from notifier.render import render, to_message

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
NOW = datetime(2026, 12, 9, 3, 0, tzinfo=UTC)
DUE = datetime(2026, 12, 14, 6, 0, tzinfo=UTC)  # Mon 14 Dec 2026 13.00 WIB
STATUS = "https://lpse.temanggungkab.go.id/helpdesk/tiket/TokenStatusRahasia"
SURVEY = "https://lpse.temanggungkab.go.id/helpdesk/survei/TokenSurveiRahasia"
TICKET_ID = uuid.UUID(int=11)
REPORTER = "pelapor@contoh.co.id"
TICKET = {
    "occurred_at": NOW,
    "lpse": "temanggung",
    "correlation_id": TICKET_ID,
    "actor": Actor(id="helpdesk.temanggung", role="helpdesk"),
    "ticket_id": TICKET_ID,
    "reference": "HD-TMG-2612-0001",
    "category": TicketCategory.SPSE_PROBLEM,
    "service_id": "TMG-9",
    "level": "helpdesk",
    "reporter_email": REPORTER,
    "status_url": STATUS,
}
COMPLAINT_ID = uuid.UUID(int=12)
COMPLAINANT = "pengadu@contoh.co.id"
COMPLAINT = {
    "occurred_at": datetime(2026, 8, 14, 6, 30, tzinfo=UTC),
    "lpse": "banjarmasin",
    "correlation_id": COMPLAINT_ID,
    "actor": Actor(id="pelapor", role="pelapor"),
    "complaint_id": COMPLAINT_ID,
    "reference": "PGD-BJM-2608-0001",
    "service_id": "BJM-7",
    "complainant_email": COMPLAINANT,
    "status_url": "https://lpse.banjarmasinkota.go.id/helpdesk/pengaduan/status/TokenPengaduan",
}

# (fact, subject in Bahasa Indonesia, subject in English, what the Indonesian body says, what the English body says)
EXAMPLES: list[tuple[Event, str, str, list[str], list[str]]] = [
    (
        TicketOpenedV1(
            **{k: v for k, v in TICKET.items() if k != "level"},
            summary="Tidak bisa unggah penawaran",
            due_at=DUE,
            deadline_text="paling lambat 5 (lima) hari",
        ),
        "Laporan HD-TMG-2612-0001 diterima helpdesk",
        "Helpdesk report HD-TMG-2612-0001 received",
        [
            "Tidak bisa unggah penawaran",
            "Jenis permasalahan: Permasalahan aplikasi SPSE",
            "Batas waktu penanganan: 14 Desember 2026 13.00 WIB (paling lambat 5 (lima) hari).",
        ],
        ["Tidak bisa unggah penawaran", "Handled by: 14 December 2026 13:00 WIB"],
    ),
    (
        TicketClaimedV1(**TICKET, staff_id="helpdesk.temanggung", level_label="Helpdesk LPSE"),
        "Laporan HD-TMG-2612-0001 sedang ditangani",
        "Report HD-TMG-2612-0001 is being handled",
        ["sedang ditangani oleh Helpdesk LPSE LPSE Kabupaten Temanggung"],
        ["handled by Helpdesk LPSE of LPSE Kabupaten Temanggung"],
    ),
    (
        TicketRepliedV1(**TICKET, message_id=uuid.uuid4(), by="petugas"),
        "Balasan helpdesk untuk laporan HD-TMG-2612-0001",
        "New reply on report HD-TMG-2612-0001",
        ["Baca balasan di halaman status laporan", "isi balasan dan catatan tidak dikirim lewat email"],
        ["Read the reply on the report's status page", "replies and notes are not sent by email"],
    ),
    (
        TicketInfoRequestedV1(**TICKET, message_id=uuid.uuid4(), paused_remaining_seconds=3600.0),
        "Helpdesk memerlukan informasi tambahan (HD-TMG-2612-0001)",
        "The helpdesk needs more information (HD-TMG-2612-0001)",
        ["Tenggat penanganan dihentikan sementara sampai Anda menjawab."],
        ["The handling deadline is paused until you answer."],
    ),
    (
        TicketEscalatedV1(
            **{k: v for k, v in TICKET.items() if k != "level"},
            from_level="admin_ppe",
            to_level="lkpp",
            to_label="Helpdesk LKPP",
            lkpp_note="Catatan internal untuk LKPP: log galat terlampir",
        ),
        "Laporan HD-TMG-2612-0001 diteruskan ke Helpdesk LKPP",
        "Report HD-TMG-2612-0001 forwarded to Helpdesk LKPP",
        ["Batas waktu 5 hari tidak berlaku apabila kendala perlu ditindaklanjuti ke Helpdesk LKPP."],
        ["As the service standard says: Batas waktu 5 hari tidak berlaku"],
    ),
    (
        TicketAnsweredByLkppV1(
            **{**TICKET, "level": "lkpp"}, lkpp_ref="LKPP-2612-77", result="selesai", source="callback"
        ),
        "LKPP telah menjawab laporan HD-TMG-2612-0001",
        "LKPP answered report HD-TMG-2612-0001",
        ["menyatakan permasalahannya selesai", "Nomor tiket LKPP: LKPP-2612-77"],
        ["considers the problem solved", "LKPP ticket number: LKPP-2612-77"],
    ),
    (
        TicketResolvedV1(
            **TICKET,
            resolved_level="helpdesk",
            within_deadline=True,
            reopen_until=datetime(2026, 12, 16, 9, 0, tzinfo=UTC),
        ),
        "Laporan HD-TMG-2612-0001 telah diselesaikan",
        "Report HD-TMG-2612-0001 resolved",
        ["membuka kembali laporan ini di halaman status sampai 16 Desember 2026 16.00 WIB"],
        ["reopen the report on its status page until 16 December 2026 16:00 WIB"],
    ),
    (
        TicketReopenedV1(**TICKET, reopen_count=1, due_at=DUE),
        "Laporan HD-TMG-2612-0001 dibuka kembali",
        "Report HD-TMG-2612-0001 reopened",
        ["Batas waktu penanganan yang baru: 14 Desember 2026 13.00 WIB."],
        ["New handling deadline: 14 December 2026 13:00 WIB."],
    ),
    (
        TicketClosedV1(**TICKET, closed_by="pelapor", reason="selesai", survey_url=SURVEY),
        "Laporan HD-TMG-2612-0001 ditutup — beri penilaian",
        "Report HD-TMG-2612-0001 closed — rate it",
        ["beri penilaian 1–5", "Survei Kepuasan Masyarakat", "dalam 30 hari", SURVEY],
        ["rate the handling of this report from 1 to 5", "within 30 days", SURVEY],
    ),
    (
        ComplaintReceivedV1(
            **COMPLAINT,
            service_received_on=date(2026, 7, 10),
            late=True,
            days_since_service=35,
            window_days=30,
            dues=(
                ClockDue(
                    name="tanggapan", label="Tanggapan atas pengaduan", due_at=datetime(2026, 8, 21, 0, 0, tzinfo=UTC)
                ),
                ClockDue(name="respon", label="Respon pengaduan", due_at=datetime(2026, 8, 27, 0, 0, tzinfo=UTC)),
            ),
        ),
        "Pengaduan PGD-BJM-2608-0001 diterima",
        "Complaint PGD-BJM-2608-0001 received",
        [
            "atas layanan Pelayanan Pengaduan dan Pendampingan Permasalahan Aplikasi SPSE",
            "disampaikan lebih dari 30 hari setelah pelayanan; tetap diproses",
            "Tanggapan atas pengaduan: 21 Agustus 2026 08.00 WITA",
            "Respon pengaduan: 27 Agustus 2026 08.00 WITA",
        ],
        ["more than 30 days after the service; it is still handled", "Respon pengaduan: 27 August 2026 08:00 WITA"],
    ),
    (
        ComplaintAcknowledgedV1(**COMPLAINT, content_complete=False, missing=("b", "d")),
        "Tanggapan atas pengaduan PGD-BJM-2608-0001",
        "First answer to complaint PGD-BJM-2608-0001",
        [
            "belum lengkap",
            "Uraian pelayanan yang tidak sesuai dengan Standar Pelayanan",
            "Tempat, waktu penyampaian, dan tanda tangan pengadu",
            "Lengkapi pengaduan Anda di halaman status pengaduan",
        ],
        ["is not complete", "Tempat, waktu penyampaian, dan tanda tangan pengadu"],
    ),
    (
        ComplaintEscalatedV1(**COMPLAINT, from_label="Helpdesk LPSE", to_label="Kepala LPSE", to_role="kepala_lpse"),
        "Pengaduan PGD-BJM-2608-0001 diteruskan ke Kepala LPSE",
        "Complaint PGD-BJM-2608-0001 forwarded to Kepala LPSE",
        ["diteruskan ke Kepala LPSE untuk ditindaklanjuti"],
        ["was forwarded to Kepala LPSE"],
    ),
    (
        ComplaintRespondedV1(**COMPLAINT, within_deadline=True),
        "Respon atas pengaduan PGD-BJM-2608-0001",
        "Response to complaint PGD-BJM-2608-0001",
        ["Baca responnya di halaman status pengaduan"],
        ["Read the response on the complaint's status page"],
    ),
    (
        ComplaintResolvedV1(**COMPLAINT, survey_url=SURVEY),
        "Pengaduan PGD-BJM-2608-0001 selesai",
        "Complaint PGD-BJM-2608-0001 resolved",
        ["telah selesai ditangani", "Isi Survei Kepuasan Masyarakat", SURVEY],
        ["has been resolved", SURVEY],
    ),
]


def test_every_step_the_reporter_should_know_of_has_its_email() -> None:
    reporter_emails: set[type[Event]] = {
        TicketOpenedV1,
        TicketClaimedV1,
        TicketRepliedV1,
        TicketInfoRequestedV1,
        TicketEscalatedV1,
        TicketAnsweredByLkppV1,
        TicketResolvedV1,
        TicketReopenedV1,
        TicketClosedV1,
        ComplaintReceivedV1,
        ComplaintAcknowledgedV1,
        ComplaintEscalatedV1,
        ComplaintRespondedV1,
        ComplaintResolvedV1,
    }
    assert {type(e) for e, *_ in EXAMPLES} == reporter_emails
    assert {fact for fact in reporter_emails if TEMPLATES[fact].staff_role is None} == reporter_emails
    assert {
        f
        for f, t in TEMPLATES.items()
        if t.staff_role == "kepala_lpse"
        and f.__module__ not in ("contracts.verification", "contracts.account_requests")
    } == {
        TicketDeadlineBreachedV1,
        ComplaintDeadlineBreachedV1,
    }


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    ("event", "subject_id", "subject_en", "says_id", "says_en"), EXAMPLES, ids=lambda v: type(v).__name__
)
def test_each_helpdesk_email_renders_in_the_reporters_language_with_its_subject_and_status_link(
    event: Event, subject_id: str, subject_en: str, says_id: list[str], says_en: list[str], language: Language
) -> None:
    chosen = event.model_copy(update={"language": language})
    assert language_of(chosen) == language
    template = TEMPLATES[type(event)]
    email = render(chosen, template, PROFILES[event.lpse], language=language, delivery_id=uuid.uuid4())
    assert email.subject == (subject_id if language == "id" else subject_en)
    assert email.recipient == recipient_of(event) and email.recipient in (REPORTER, COMPLAINANT)
    status = str(event.model_dump()["status_url"])
    for body in (email.text, email.html):
        for said in says_id if language == "id" else says_en:
            assert said in body, (language, said)
        assert status in body, "each email links to the status page"
        assert ("Yth." in body) is (language == "id") and ("Dear " in body) is (language == "en")
        assert "Catatan internal" not in body, "the note to LKPP stays between the desks"
    message = to_message(
        email, sender="x@lpse.local", template=template.name, version=template.version, language=language, date=NOW
    )
    assert message["Content-Language"] == language and message["Subject"] == email.subject


def test_the_receipt_of_a_ticket_is_version_two_and_says_magelangs_note_when_no_clock_runs() -> None:
    assert (TEMPLATES[TicketOpenedV1].name, TEMPLATES[TicketOpenedV1].version) == ("ticket_opened", 2)
    walk_in = TicketOpenedV1(
        **{**{k: v for k, v in TICKET.items() if k != "level"}, "lpse": "magelang", "service_id": None},
        summary="Lupa kata sandi",
    )
    email = render(walk_in, TEMPLATES[TicketOpenedV1], PROFILES["magelang"], language="id", delivery_id=uuid.uuid4())
    assert "tidak memuat layanan penanganan permasalahan; laporan ditangani tanpa batas waktu" in email.text


def test_a_completed_complaint_content_is_said_so() -> None:
    complete = ComplaintAcknowledgedV1(**COMPLAINT, content_complete=True)
    template = TEMPLATES[ComplaintAcknowledgedV1]
    email = render(complete, template, PROFILES["banjarmasin"], language="id", delivery_id=uuid.uuid4())
    assert "telah lengkap dan sedang ditindaklanjuti" in email.text and "belum lengkap" not in email.text


def test_the_reporters_own_reply_and_a_walk_in_without_an_address_send_nothing() -> None:
    own = TicketRepliedV1(**TICKET, message_id=uuid.uuid4(), by="pelapor")
    assert not wanted(own)
    assert wanted(own.model_copy(update={"by": "petugas"}))
    walk_in = TicketClaimedV1(**{**TICKET, "reporter_email": None}, staff_id="helpdesk.temanggung", level_label="H")
    assert recipient_of(walk_in) is None


@pytest.mark.parametrize(
    ("event", "subject", "says", "link"),
    [
        (
            TicketDeadlineBreachedV1(
                **{**TICKET, "level": "admin_ppe"},
                clock="penanganan",
                clock_label="Penanganan permasalahan",
                due_at=DUE,
            ),
            "Tenggat tiket HD-TMG-2612-0001 terlewati",
            ["Penanganan permasalahan", "14 Desember 2026 13.00 WIB", "masih di tingkat Admin PPE"],
            f"https://lpse.contoh.go.id/helpdesk/staf/tiket/{TICKET_ID}",
        ),
        (
            ComplaintDeadlineBreachedV1(
                **COMPLAINT,
                clock="respon",
                clock_label="Respon pengaduan",
                due_at=datetime(2026, 8, 27, 0, 0, tzinfo=UTC),
            ),
            "Tenggat pengaduan PGD-BJM-2608-0001 terlewati",
            ["Respon pengaduan", "27 Agustus 2026 08.00 WITA"],
            f"https://lpse.contoh.go.id/helpdesk/staf/pengaduan/{COMPLAINT_ID}",
        ),
    ],
    ids=["ticket", "complaint"],
)
def test_a_helpdesk_breach_is_written_to_the_head_in_bahasa_indonesia_with_the_staff_link(
    event: Event, subject: str, says: list[str], link: str
) -> None:
    template = TEMPLATES[type(event)]
    assert template.staff_role == "kepala_lpse" and set(template.subject) == {"id"}
    assert language_of(event.model_copy(update={"language": "en"}), template) == "id"
    head = f"kepala.{event.lpse}@contoh.go.id"
    email = render(
        event,
        template,
        PROFILES[event.lpse],
        language="id",
        delivery_id=uuid.uuid4(),
        recipient=head,
        base_url="https://lpse.contoh.go.id",
    )
    assert (email.recipient, email.subject) == (head, subject)
    for body in (email.text, email.html):
        assert all(said in body for said in says), says
        assert link in body
        assert str(event.model_dump()["status_url"]) not in body, "the head reads the case in the staff console"
