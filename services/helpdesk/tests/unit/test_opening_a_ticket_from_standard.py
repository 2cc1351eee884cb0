"""An intake opens a ticket at the ladder's first rung (README *Tickets and the ladder*): one TicketOpenedV1 with
every field the desk and the reporter rely on, one audit row, and the clock of the LPSE's problem-handling service."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone

from contracts.envelope import Actor
from contracts.helpdesk import TicketOpenedV1
from helpdesk.domain import StaffTicketForm, Ticket, TicketForm, TicketStatus
from helpdesk.domain.opening import Opening, open_ticket
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.formmodel import parse_form
from lpse_runtime.worktime import WorkCalendar, start_clock
from services.helpdesk.tests.fixtures_b import REPORT
from services.helpdesk.tests.unit.ticket_kit import PROFILES

WIB = timezone(timedelta(hours=7))
# Friday 14 August 2026, 13:00 WIB: TMG-9's "paling lambat 5 (lima) hari" (hari kerja, the profile's reading)
# skips the weekend and Monday 17 August (Hari Kemerdekaan): Tue 18 … Mon 24 August, 13:00 WIB.
FRIDAY_1300 = datetime(2026, 8, 14, 13, 0, tzinfo=WIB)
MONDAY_24_1300 = datetime(2026, 8, 24, 13, 0, tzinfo=WIB)
TICKET_ID = uuid.UUID(int=41)
SEALED = "sealed:https://lpse.contoh/bantuan/status/tok"
REPORTER = Actor(id="pelapor:TIK-TMG-7", role="pelapor")
COUNTER = Actor(id="helpdesk.temanggung", role="helpdesk")


def _form(**changes: str) -> TicketForm:
    form, errors = parse_form(TicketForm, {**REPORT, **changes})
    assert form is not None, errors
    return form


def _opening(actor: Actor = REPORTER, attachments: int = 0, reference: str = "TIK-TMG-7") -> Opening:
    return Opening(TICKET_ID, reference, SEALED, actor, FRIDAY_1300, attachments)


def _fact(decided: Decided[Ticket]) -> TicketOpenedV1:
    assert len(decided.facts) == 1
    fact = decided.facts[0]
    assert isinstance(fact, TicketOpenedV1)
    return fact


def test_a_web_report_in_temanggung_opens_at_the_helpdesk_with_every_field_of_its_fact() -> None:
    decided = open_ticket(PROFILES["temanggung"], _form(), _opening(attachments=2))
    fact = _fact(decided)
    assert fact.subject == "helpdesk.temanggung.ticket.opened.v1"
    assert (fact.lpse, fact.occurred_at, fact.actor, fact.correlation_id) == (
        "temanggung",
        FRIDAY_1300,
        REPORTER,
        TICKET_ID,
    )
    assert (fact.ticket_id, fact.reference) == (TICKET_ID, "TIK-TMG-7")
    assert (fact.category, fact.summary) == ("masalah_spse", "Gagal unggah dokumen penawaran")
    assert (fact.level, fact.service_id) == ("helpdesk", "TMG-9")
    assert (fact.reporter_role, fact.channel, fact.opened_by) == ("penyedia", "web", "pelapor")
    assert (fact.reporter_email, fact.language, fact.attachment_count) == ("admin@cvsentosa.co.id", "id", 2)
    assert fact.status_url == SEALED  # the sealed link, never the bare token
    assert fact.deadline_text == (
        "Dilakukan secepat mungkin dan batas waktu paling lambat 5 (lima) hari, "
        "apabila kendala tersebut tidak perlu ditindaklanjuti ke Helpdesk LKPP (TMG-9)"
    )
    assert decided.audit == AuditEntry(FRIDAY_1300, REPORTER, "ticket", str(TICKET_ID), "open", None, "queued")


def test_the_ticket_waits_at_the_first_rung_with_the_labels_the_reporter_reads() -> None:
    ticket = open_ticket(PROFILES["temanggung"], _form(language="en"), _opening()).state
    assert (ticket.id, ticket.lpse, ticket.reference, ticket.status) == (
        TICKET_ID,
        "temanggung",
        "TIK-TMG-7",
        TicketStatus.QUEUED,
    )
    assert (ticket.level, ticket.level_label) == ("helpdesk", "Helpdesk LPSE")
    assert (ticket.category, ticket.category_label) == ("masalah_spse", "Permasalahan aplikasi SPSE")
    assert (ticket.service_id, ticket.summary, ticket.reporter_role) == (
        "TMG-9",
        "Gagal unggah dokumen penawaran",
        "penyedia",
    )
    assert (ticket.reporter_email, ticket.language) == ("admin@cvsentosa.co.id", "en")
    assert (ticket.status_url, ticket.opened_at) == (SEALED, FRIDAY_1300)
    assert ticket.holder is None and ticket.closed_at is None


def test_the_tmg9_clock_started_at_the_intake_falls_due_five_working_days_later() -> None:
    profile = PROFILES["temanggung"]
    service_id = open_ticket(profile, _form(), _opening()).state.service_id
    service = next(s for s in profile.services if s.id == service_id)
    state = start_clock(service.clocks[0], FRIDAY_1300, WorkCalendar.for_service(profile, service))
    assert state.due == MONDAY_24_1300 == datetime(2026, 8, 24, 6, 0, tzinfo=UTC)


def test_banjarmasin_names_its_first_rung_helpdesk_and_counts_bjm7() -> None:
    decided = open_ticket(PROFILES["banjarmasin"], _form(category="registrasi"), _opening(reference="TIK-BJM-7"))
    ticket, fact = decided.state, _fact(decided)
    assert (ticket.level, ticket.level_label, ticket.category_label) == ("helpdesk", "Helpdesk", "Pendaftaran penyedia")
    assert (fact.lpse, fact.service_id, fact.category) == ("banjarmasin", "BJM-7", "registrasi")


def test_magelang_opens_without_a_clock_and_promises_what_its_profile_says() -> None:
    decided = open_ticket(PROFILES["magelang"], _form(), _opening(reference="TIK-MGL-7"))
    ticket, fact = decided.state, _fact(decided)
    assert (ticket.service_id, fact.service_id) == (None, None)
    assert (ticket.level, ticket.level_label) == ("helpdesk", "Petugas LPSE")
    assert fact.deadline_text == (
        "Standar Pelayanan LPSE Kota Magelang tidak memuat layanan penanganan permasalahan; "
        "laporan ditangani tanpa batas waktu."
    )


def test_depok_schedule_change_climbs_its_own_ladder_and_promises_dpk2c() -> None:
    decided = open_ticket(PROFILES["depok"], _form(category="ubah_jadwal"), _opening(reference="TIK-DPK-7"))
    ticket, fact = decided.state, _fact(decided)
    assert (ticket.level, ticket.level_label, fact.service_id) == ("helpdesk", "Helpdesk LPSE", "DPK-2c")
    assert ticket.category_label == "Perubahan jadwal tender (batas akhir unggah / pembukaan penawaran)"


def test_a_walk_in_recorded_by_staff_keeps_its_channel_the_clerk_and_no_email() -> None:
    form, errors = parse_form(StaffTicketForm, {**REPORT, "email": "", "channel": "datang_langsung"})
    assert form is not None, errors
    decided = open_ticket(PROFILES["temanggung"], form, _opening(actor=COUNTER))
    fact = _fact(decided)
    assert (fact.channel, fact.opened_by, fact.actor) == ("datang_langsung", "helpdesk.temanggung", COUNTER)
    assert (fact.reporter_email, decided.state.reporter_email) == (None, None)
    assert decided.audit is not None and decided.audit.actor == COUNTER


def test_a_npwp_or_nik_in_the_summary_never_reaches_an_intake() -> None:
    for summary in ("NPWP 09.123.456.7-891.000 gagal login", "NIK 3276012345678901 ditolak"):
        form, errors = parse_form(TicketForm, {**REPORT, "summary": summary})
        assert form is None and set(errors) == {"summary"}
        assert errors["summary"].startswith("Jangan menuliskan NIK/NPWP (15–16 digit) di sini")


def test_depok_promises_dpk1c_and_dpk2c_as_their_standard_writes_them() -> None:
    depok = PROFILES["depok"]
    problem = _fact(open_ticket(depok, _form(), _opening(reference="TIK-DPK-8")))
    schedule = _fact(open_ticket(depok, _form(category="ubah_jadwal"), _opening(reference="TIK-DPK-9")))
    assert (problem.deadline_text, schedule.deadline_text) == ("1 x 24 jam (DPK-1c)", "15 menit (DPK-2c)")


def test_a_category_whose_service_has_no_clock_promises_that_services_own_words() -> None:
    # Were a category tied to TMG-3 (no number in [001]), the reporter reads TMG-3's wording, not a made-up deadline.
    temanggung = PROFILES["temanggung"]
    rules = temanggung.helpdesk
    moved = tuple(c.model_copy(update={"service": "TMG-3"}) if c.code == "lainnya" else c for c in rules.categories)
    profile = temanggung.model_copy(update={"helpdesk": rules.model_copy(update={"categories": moved})})
    fact = _fact(open_ticket(profile, _form(category="lainnya"), _opening()))
    assert (fact.service_id, fact.deadline_text) == ("TMG-3", "sesuai kebutuhan pengguna … setiap hari kerja")


def test_a_report_asking_for_english_mail_carries_its_language_on_the_fact() -> None:
    # The notifier writes the acknowledgement in the language the fact names.
    fact = _fact(open_ticket(PROFILES["temanggung"], _form(language="en"), _opening()))
    assert fact.language == "en"
