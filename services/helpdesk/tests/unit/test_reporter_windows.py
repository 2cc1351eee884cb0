"""The reporter's windows (README, a decision where the standards are silent): a resolved ticket reopens only
until its reopen instant, whose refusal names it in the LPSE's zone; a closed ticket is rated within 30 days."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from helpdesk.domain import TicketRefused, TicketStatus, Trigger, decide
from services.helpdesk.tests.unit.ticket_kit import ADMIN, AT, REPORTER, attempt, ticket

WIB = ZoneInfo("Asia/Jakarta")
UNTIL = datetime(2026, 8, 24, 13, 0, tzinfo=WIB)


def test_a_resolved_ticket_reopens_before_its_window_ends_at_the_level_that_resolved_it() -> None:
    resolved = ticket(TicketStatus.RESOLVED, reopen_until=UNTIL, resolved_level="admin_ppe", level="admin_ppe")
    after = decide(resolved, attempt(Trigger.REOPEN, REPORTER, now=UNTIL - timedelta(minutes=1))).decided.state
    assert (after.status, after.level, after.reopen_count, after.holder) == (TicketStatus.QUEUED, "admin_ppe", 1, None)


def test_a_reopen_at_or_after_the_window_is_refused_naming_the_instant() -> None:
    resolved = ticket(TicketStatus.RESOLVED, reopen_until=UNTIL)
    with pytest.raises(TicketRefused) as refused:
        decide(resolved, attempt(Trigger.REOPEN, REPORTER, now=UNTIL))
    assert str(refused.value) == "Batas membuka kembali telah lewat pada 24 Agustus 2026 13.00 WIB."


def test_a_closed_ticket_is_rated_within_thirty_days_of_closing_and_only_by_its_reporter() -> None:
    closed = ticket(TicketStatus.CLOSED, closed_at=AT)
    rated = decide(closed, attempt(Trigger.RATE, REPORTER, now=AT + timedelta(days=30), rating=4)).decided
    assert rated.state.status is TicketStatus.RATED and rated.facts[0].rating == 4  # type: ignore[attr-defined]
    with pytest.raises(
        TicketRefused, match=r"^Batas memberi penilaian telah lewat \(30 hari setelah tiket ditutup\)\.$"
    ):
        decide(closed, attempt(Trigger.RATE, REPORTER, now=AT + timedelta(days=30, seconds=1)))
    with pytest.raises(TicketRefused, match=r"^Hanya pelapor yang dapat melakukan tindakan ini"):
        decide(closed, attempt(Trigger.RATE, ADMIN))


def test_the_desk_of_another_level_does_not_take_the_ticket() -> None:
    with pytest.raises(TicketRefused, match=r"^Tiket ini di antrean Helpdesk LPSE\.$"):
        decide(ticket(), attempt(Trigger.CLAIM, ADMIN))


def test_the_reporter_closes_only_a_resolved_ticket() -> None:
    with pytest.raises(TicketRefused, match=r"^Laporan dapat ditutup pelapor setelah ditandai selesai oleh helpdesk"):
        decide(ticket(TicketStatus.IN_PROGRESS), attempt(Trigger.CLOSE, REPORTER))
    closed = decide(ticket(TicketStatus.RESOLVED), attempt(Trigger.CLOSE, REPORTER, close_reason=None)).decided
    assert closed.facts[0].closed_by == "pelapor" and closed.facts[0].reason == "selesai"  # type: ignore[attr-defined]
