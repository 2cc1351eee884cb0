"""What each guard of a ticket step refuses, in the exact Indonesian sentence people read, and at which instant:
the 30-minute lease, the reopen window and the 30-day rating window (README *Tickets and the ladder*; the
Temanggung and Banjarmasin profiles in `deploy/lpse/`)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from contracts.envelope import Actor
from helpdesk.domain import Ticket, TicketRefused, TicketStatus, Trigger, decide
from helpdesk.domain.attempt import Attempt
from helpdesk.domain.guards import first_refusal, rating_once_and_window
from services.helpdesk.tests.unit.ticket_kit import ADMIN, AT, HELPDESK, KEPALA, LKPP, REPORTER, attempt, ticket

S, T = TicketStatus, Trigger
OTHER = Actor(id="helpdesk2.temanggung", role="helpdesk")
SYSTEM = Actor(id="system", role="system")
MICRO = timedelta(microseconds=1)
NIK = "3201234567890123"


def refusal(before: Ticket, step: Attempt) -> str | None:
    """The sentence a step is refused with, or None when it goes through."""
    try:
        decide(before, step)
    except TicketRefused as refused:
        return str(refused)
    return None


@pytest.mark.parametrize(
    ("status", "trigger", "actor", "sentence"),
    [
        (
            S.RESOLVED,
            T.REOPEN,
            HELPDESK,
            "Hanya pelapor yang dapat melakukan tindakan ini dari halaman status laporan.",
        ),
        (S.CLOSED, T.RATE, ADMIN, "Hanya pelapor yang dapat melakukan tindakan ini dari halaman status laporan."),
        (S.IN_PROGRESS, T.REPLY, REPORTER, "Tindakan ini hanya untuk petugas helpdesk."),
        (S.QUEUED, T.CLAIM, REPORTER, "Tindakan ini hanya untuk petugas helpdesk."),
        (S.IN_PROGRESS, T.NOTE, REPORTER, "Tindakan ini hanya untuk petugas helpdesk."),
        (S.QUEUED, T.CLAIM, LKPP, "LKPP hanya mengirim jawaban atas tiket yang diteruskan kepadanya."),
        (S.IN_PROGRESS, T.NOTE, LKPP, "LKPP hanya mengirim jawaban atas tiket yang diteruskan kepadanya."),
        (S.IN_PROGRESS, T.CLOSE, REPORTER, "Laporan dapat ditutup pelapor setelah ditandai selesai oleh helpdesk."),
        (S.QUEUED, T.CLOSE, SYSTEM, "Laporan dapat ditutup pelapor setelah ditandai selesai oleh helpdesk."),
    ],
)
def test_each_side_takes_its_own_steps_only(
    status: TicketStatus, trigger: Trigger, actor: Actor, sentence: str
) -> None:
    assert refusal(ticket(status), attempt(trigger, actor)) == sentence


def test_the_desk_of_the_forwarding_level_records_lkpps_answer_and_the_refusal_names_it_from_the_profile() -> None:
    at_lkpp = ticket(S.AT_LKPP, level_label="(lama)")
    assert refusal(at_lkpp, attempt(T.LKPP_ANSWER, HELPDESK)) == "Tiket ini di antrean Admin PPE."
    assert refusal(at_lkpp, attempt(T.LKPP_ANSWER, ADMIN)) is None


def test_a_role_serving_no_level_does_not_take_a_ticket_from_the_queue() -> None:
    assert refusal(ticket(), attempt(T.CLAIM, KEPALA)) == "Tiket ini di antrean Helpdesk LPSE."


def test_banjarmasins_admin_sistem_is_named_as_its_standard_names_it() -> None:
    admin_level = ticket(lpse="banjarmasin", level="admin_ppe", level_label="(lama)")
    helpdesk = Actor(id="helpdesk.banjarmasin", role="helpdesk")
    assert refusal(admin_level, attempt(T.CLAIM, helpdesk, "banjarmasin")) == "Tiket ini di antrean Admin Sistem."


@pytest.mark.parametrize(
    ("reach", "sentence"),
    [(("depok",), "Tiket ini milik LPSE lain."), (("*",), None), (("depok", "temanggung"), None)],
)
def test_staff_act_on_their_own_lpses_tickets_only(reach: tuple[str, ...], sentence: str | None) -> None:
    assert refusal(ticket(), replace(attempt(T.CLAIM, HELPDESK), actor_lpses=reach)) == sentence


def test_the_reporter_is_not_asked_for_an_lpse_of_their_own() -> None:
    closed = ticket(S.CLOSED)
    assert refusal(closed, replace(attempt(T.RATE, REPORTER), actor_lpses=())) is None


def test_temanggung_climbs_one_rung_at_a_time() -> None:
    at_helpdesk = ticket(S.IN_PROGRESS)
    at_admin = ticket(S.IN_PROGRESS, level="admin_ppe", level_label="Admin PPE", holder=ADMIN.id)
    assert refusal(at_helpdesk, attempt(T.FORWARD_TO_LKPP, HELPDESK)) == (
        "Tiket dari Helpdesk LPSE dieskalasi dahulu ke Admin PPE."
    )
    assert refusal(at_admin, attempt(T.ESCALATE, ADMIN)) == (
        "Standar LPSE Kabupaten Temanggung meneruskan langsung ke LKPP (TMG-9); gunakan eskalasi ke Helpdesk LKPP."
    )
    assert refusal(at_admin, replace(attempt(T.ESCALATE, ADMIN), service_id=None)) == (
        "Standar LPSE Kabupaten Temanggung meneruskan langsung ke LKPP (standar pelayanan); "
        "gunakan eskalasi ke Helpdesk LKPP."
    )


@pytest.mark.parametrize(
    ("now", "sentence"),
    [
        (AT + timedelta(minutes=30) - MICRO, "Tiket ini sedang dikerjakan helpdesk.temanggung."),
        (AT + timedelta(minutes=30), None),
    ],
)
def test_another_desk_takes_a_held_ticket_exactly_when_the_lease_ends(now: datetime, sentence: str | None) -> None:
    assert refusal(ticket(S.IN_PROGRESS), attempt(T.CLAIM, OTHER, now=now)) == sentence


def test_the_holder_claims_again_before_the_lease_ends_and_a_hold_without_a_lease_is_kept() -> None:
    assert refusal(ticket(S.IN_PROGRESS), attempt(T.CLAIM, HELPDESK, now=AT + timedelta(minutes=5))) is None
    no_lease = ticket(S.IN_PROGRESS, lease_until=None)
    assert refusal(no_lease, attempt(T.CLAIM, OTHER)) == "Tiket ini sedang dikerjakan helpdesk.temanggung."


@pytest.mark.parametrize(
    ("status", "trigger", "actor", "sentence"),
    [
        (S.IN_PROGRESS, T.REPLY, HELPDESK, "Tuliskan balasan untuk pelapor."),
        (S.IN_PROGRESS, T.NOTE, HELPDESK, "Tuliskan catatan internal."),
        (S.IN_PROGRESS, T.REQUEST_INFO, HELPDESK, "Tuliskan informasi yang diperlukan dari pelapor."),
        (S.INFO_REQUESTED, T.REPORTER_REPLY, REPORTER, "Tuliskan balasan Anda."),
        (S.IN_PROGRESS, T.ESCALATE, HELPDESK, "Tuliskan alasan eskalasi."),
        (S.IN_PROGRESS, T.RESOLVE, HELPDESK, "Tuliskan penyelesaian permasalahan."),
        (S.RESOLVED, T.REOPEN, REPORTER, "Tuliskan alasan membuka kembali."),
    ],
)
@pytest.mark.parametrize("text", [None, "", "   \n"])
def test_a_step_that_writes_something_needs_it_written(
    status: TicketStatus, trigger: Trigger, actor: Actor, sentence: str, text: str | None
) -> None:
    assert refusal(ticket(status), attempt(trigger, actor, text=text)) == sentence


@pytest.mark.parametrize("text", [None, "  "])
def test_forwarding_to_lkpp_needs_its_reason_written(text: str | None) -> None:
    at_admin = ticket(S.IN_PROGRESS, level="admin_ppe", level_label="Admin PPE", holder=ADMIN.id)
    assert refusal(at_admin, attempt(T.FORWARD_TO_LKPP, ADMIN, text=text)) == "Tuliskan alasan eskalasi."


def test_lkpps_answer_needs_its_result() -> None:
    assert refusal(ticket(S.AT_LKPP), attempt(T.LKPP_ANSWER, LKPP, result=None)) == "Pilih hasil jawaban LKPP."


@pytest.mark.parametrize(
    ("reason", "sentence"),
    [
        ("duplikat", None),
        ("di_luar_layanan", None),
        ("tidak_ada_tanggapan", None),
        (None, "Pilih alasan menutup tiket yang belum selesai."),
        ("selesai", "Pilih alasan menutup tiket yang belum selesai."),
    ],
)
def test_staff_close_an_unsolved_ticket_naming_one_of_three_reasons(reason: str | None, sentence: str | None) -> None:
    assert refusal(ticket(S.IN_PROGRESS), attempt(T.CLOSE, HELPDESK, close_reason=reason)) == sentence


def test_staff_close_a_resolved_ticket_without_naming_a_reason() -> None:
    assert refusal(ticket(S.RESOLVED), attempt(T.CLOSE, HELPDESK, close_reason=None)) is None


@pytest.mark.parametrize(
    ("rating", "sentence"),
    [
        (1, None),
        (5, None),
        (0, "Pilih nilai 1 sampai 5."),
        (6, "Pilih nilai 1 sampai 5."),
        (None, "Pilih nilai 1 sampai 5."),
    ],
)
def test_a_rating_is_one_to_five(rating: int | None, sentence: str | None) -> None:
    assert refusal(ticket(S.CLOSED), attempt(T.RATE, REPORTER, rating=rating)) == sentence


NOTE_REFUSED = "Catatan untuk LKPP 20 sampai 2000 karakter."
NIK_REFUSED = (
    "Jangan menuliskan NIK/NPWP (15–16 digit) di sini; isian ini dikirim kepada pihak lain. "
    "Sebutkan di uraian bila memang diperlukan."
)


@pytest.mark.parametrize(
    ("note", "sentence"),
    [
        ("a" * 19, NOTE_REFUSED),
        ("a" * 20, None),
        ("   " + "a" * 19 + "   ", NOTE_REFUSED),
        ("a" * 2000, None),
        ("a" * 2001, NOTE_REFUSED),
        (None, NOTE_REFUSED),
        (f"NIK pelapor {NIK}, mohon diperiksa.", NIK_REFUSED),
    ],
    ids=["19", "20", "19-padded", "2000", "2001", "none", "nik"],
)
def test_the_note_to_lkpp_is_20_to_2000_characters_without_a_nik(note: str | None, sentence: str | None) -> None:
    at_admin = ticket(S.IN_PROGRESS, level="admin_ppe", level_label="Admin PPE", holder=ADMIN.id)
    assert refusal(at_admin, attempt(T.FORWARD_TO_LKPP, ADMIN, lkpp_note=note)) == sentence


def test_only_the_forward_checks_the_note_to_lkpp() -> None:
    assert refusal(ticket(S.IN_PROGRESS), attempt(T.ESCALATE, HELPDESK, lkpp_note=None)) is None


UNTIL = datetime(2026, 12, 9, 5, 0, tzinfo=UTC)  # 13.00 WITA in Banjarmasin


@pytest.mark.parametrize(
    ("now", "sentence"),
    [
        (UNTIL - MICRO, None),
        (UNTIL, "Batas membuka kembali telah lewat pada 9 Desember 2026 13.00 WITA."),
        (UNTIL + timedelta(days=1), "Batas membuka kembali telah lewat pada 9 Desember 2026 13.00 WITA."),
    ],
)
def test_banjarmasin_names_the_end_of_the_reopen_window_in_wita(now: datetime, sentence: str | None) -> None:
    resolved = ticket(S.RESOLVED, lpse="banjarmasin", reopen_until=UNTIL)
    assert refusal(resolved, attempt(T.REOPEN, REPORTER, "banjarmasin", now=now)) == sentence


def test_a_resolved_ticket_without_a_reopen_instant_does_not_reopen() -> None:
    resolved = ticket(S.RESOLVED, reopen_until=None)
    assert refusal(resolved, attempt(T.REOPEN, REPORTER)) == "Batas membuka kembali telah lewat pada -."


@pytest.mark.parametrize(
    ("days", "after", "sentence"),
    [
        (30, timedelta(days=30), None),
        (30, timedelta(days=30) + MICRO, "Batas memberi penilaian telah lewat (30 hari setelah tiket ditutup)."),
        (14, timedelta(days=14), None),
        (14, timedelta(days=14) + MICRO, "Batas memberi penilaian telah lewat (14 hari setelah tiket ditutup)."),
    ],
)
def test_a_rating_comes_within_the_profiles_days_of_closing(days: int, after: timedelta, sentence: str | None) -> None:
    step = attempt(T.RATE, REPORTER, now=AT + after, rating_window_days=days)
    assert refusal(ticket(S.CLOSED, closed_at=AT), step) == sentence


def test_guards_skipped_by_name_let_the_later_ones_speak() -> None:
    wrong_desk_no_text = attempt(T.REPLY, ADMIN, text=" ")
    held = ticket(S.IN_PROGRESS, holder=ADMIN.id)
    assert first_refusal(held, wrong_desk_no_text) == "Tiket ini di antrean Helpdesk LPSE."
    skipped = first_refusal(held, wrong_desk_no_text, skip=frozenset({"role_serves_level"}))
    assert skipped == "Tuliskan balasan untuk pelapor."


def test_a_reply_carrying_only_what_its_form_carries_goes_through() -> None:
    plain = attempt(T.REPLY, HELPDESK, result=None, rating=None, close_reason=None, lkpp_note=None)
    assert refusal(ticket(S.IN_PROGRESS), plain) is None


def test_the_rating_window_bounds_ratings_only() -> None:
    long_ago = ticket(S.IN_PROGRESS, closed_at=AT - timedelta(days=90))
    assert rating_once_and_window(long_ago, attempt(T.REPLY, HELPDESK)) is None


def test_lkpps_answer_without_a_forwarding_level_names_the_tickets_own_queue() -> None:
    at_lkpp = ticket(S.AT_LKPP, forwarded_from=None, level_label="Helpdesk LKPP")
    assert refusal(at_lkpp, attempt(T.LKPP_ANSWER, HELPDESK)) == "Tiket ini di antrean Helpdesk LKPP."
