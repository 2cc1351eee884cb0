"""A missed deadline on `/ops/` reads its reference, kind, clock and due instant in its LPSE's zone; the list keeps
the newest (issue 11: "breaches appear on `/ops/`")."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from operations.domain import breach_row, latest_breaches

ZONES = {"depok": "Asia/Jakarta", "banjarmasin": "Asia/Makassar"}


def payload(**fields: object) -> bytes:
    return json.dumps(fields).encode()


def test_a_verification_breach_shows_its_due_instant_in_wita() -> None:
    row = breach_row(
        "verification.banjarmasin.case.deadline_breached.v1",
        payload(
            reference="BJM-2612-ABCDEF",
            clock="verifikasi",
            clock_label="Verifikasi berkas",
            due_at="2026-12-11T07:00:00Z",
            occurred_at="2026-12-11T07:00:05Z",
        ),
        zones=ZONES,
    )
    assert (row.lpse, row.kind, row.reference, row.clock) == (
        "banjarmasin",
        "Permohonan (verifikasi)",
        "BJM-2612-ABCDEF",
        "Verifikasi berkas",
    )
    assert (row.due, row.noticed) == ("11 Des 2026 15.00 WITA", "11 Des 2026 15.00 WITA")


def test_a_ticket_and_a_complaint_breach_name_their_kind_and_read_wib() -> None:
    ticket = breach_row(
        "helpdesk.depok.ticket.deadline_breached.v1",
        payload(reference="HD-DPK-0001", clock="respon", clock_label="1 × 24 jam", due_at="2026-12-10T03:00:00Z"),
        zones=ZONES,
    )
    complaint = breach_row("helpdesk.depok.complaint.deadline_breached.v1", payload(reference="PGD-1"), zones=ZONES)
    assert (ticket.kind, ticket.clock, ticket.due) == ("Tiket helpdesk", "1 × 24 jam", "10 Des 2026 10.00 WIB")
    assert (complaint.kind, complaint.due) == ("Pengaduan", "—")


def test_an_unreadable_breach_still_shows_its_subject() -> None:
    row = breach_row("helpdesk.depok.ticket.deadline_breached.v1", b"{bukan json", zones=ZONES)
    assert (row.subject, row.lpse, row.reference, row.due) == (
        "helpdesk.depok.ticket.deadline_breached.v1",
        "depok",
        "—",
        "—",
    )


def test_an_lpse_of_no_known_zone_reads_utc_said_as_such() -> None:
    row = breach_row("verification.atlantis.case.deadline_breached.v1", payload(due_at="2026-12-10T03:00:00Z"))
    assert row.due == "10 Des 2026 03.00 UTC"


def test_the_newest_come_first_and_only_as_many_as_asked() -> None:
    start = datetime(2026, 12, 1, tzinfo=UTC)
    rows = [
        breach_row(
            "verification.depok.case.deadline_breached.v1",
            payload(reference=f"DPK-{n:04d}", occurred_at=(start + timedelta(hours=n)).isoformat()),
            zones=ZONES,
        )
        for n in (3, 1, 4, 2)
    ]
    unreadable = breach_row("helpdesk.depok.ticket.deadline_breached.v1", b"", zones=ZONES)
    assert [b.reference for b in latest_breaches([unreadable, *rows], 3)] == ["DPK-0004", "DPK-0003", "DPK-0002"]
    assert latest_breaches([unreadable, *rows], 10)[-1] is unreadable
