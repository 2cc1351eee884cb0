"""A helpdesk ticket's report, opening and steps, with every expected field and boundary written out.

README (helpdesk): a report names its category, a one-line summary of at most 200 characters, a description of 10
to 5000 characters and the address the answer goes to; it opens a ticket that is announced (the reporter's email)
and audited as opened; staff take it, then resolve it.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.envelope import Actor
from contracts.helpdesk import TicketCategory, TicketOpenedV1
from contracts.lpse import load_profiles
from helpdesk.domain import NewTicket, Ticket, TicketStatus, Trigger, decide, open_ticket, validate_ticket
from lpse_runtime.decision import AuditEntry

DEPOK = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")["depok"]
NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
TICKET_ID, KEY = uuid.UUID(int=11), uuid.UUID(int=12)
STAFF = Actor(id="helpdesk.depok", role="helpdesk")
REPORT = {
    "category": "akun_penyedia",
    "summary": "  Lupa   kata sandi ",
    "description": "Saya lupa kata sandi akun penyedia.",
    "email": "Pelapor@Contoh.CO.ID",
}


SUMMARY = "Ringkasan wajib diisi, paling banyak 200 karakter."
DESCRIPTION = "Uraikan permasalahan dalam 10 sampai 5000 karakter."


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("summary", "x" * 200, None),
        ("summary", "x" * 201, SUMMARY),
        ("summary", "   ", SUMMARY),
        ("description", "x" * 10, None),
        ("description", " " + "x" * 9 + " ", DESCRIPTION),
        ("description", "x" * 5000, None),
        ("description", "x" * 5001, "Isian terlalu panjang: paling banyak 5000 karakter."),  # the platform's ceiling
        ("email", "bukan-alamat", "Alamat email tidak valid, contoh: nama@perusahaan.co.id."),
    ],
)
def test_the_reports_limits(field: str, value: str, message: str | None) -> None:
    form, errors = validate_ticket({**REPORT, field: value})
    assert (form is None) is (message is not None)
    assert errors == ({} if message is None else {field: message})


def test_a_report_opens_a_ticket_announced_to_the_reporter_and_audited_as_open() -> None:
    form, _ = validate_ticket(REPORT)
    assert form is not None
    assert (form.summary, form.email, form.category) == (
        "Lupa kata sandi",
        "Pelapor@contoh.co.id",
        TicketCategory.ACCOUNT,
    )
    decided = open_ticket(
        form, profile=DEPOK, ticket_id=TICKET_ID, reference="HD-DPK-0001", submission_key=KEY, now=NOW
    )
    assert decided.state == NewTicket(TICKET_ID, "depok", "HD-DPK-0001", KEY, form, NOW)
    (fact,) = decided.facts
    assert isinstance(fact, TicketOpenedV1)
    reporter = Actor(id="Pelapor@contoh.co.id", role="penyedia")
    assert (fact.lpse, fact.correlation_id, fact.actor, fact.occurred_at) == ("depok", TICKET_ID, reporter, NOW)
    assert (fact.ticket_id, fact.reference, fact.category) == (TICKET_ID, "HD-DPK-0001", TicketCategory.ACCOUNT)
    assert (fact.summary, fact.reporter_email) == ("Lupa kata sandi", "Pelapor@contoh.co.id")
    assert decided.audit == AuditEntry(NOW, reporter, "ticket", str(TICKET_ID), "open", None, "open")


def test_staff_take_a_ticket_then_resolve_it_each_step_audited() -> None:
    taken = decide(Ticket(TICKET_ID, TicketStatus.OPEN), Trigger.TAKE, at=NOW, actor=STAFF)
    assert taken.state == Ticket(TICKET_ID, TicketStatus.IN_PROGRESS) and taken.facts == ()
    assert taken.audit == AuditEntry(NOW, STAFF, "ticket", str(TICKET_ID), "take", "open", "in_progress")
    resolved = decide(taken.state, Trigger.RESOLVE, at=NOW, actor=STAFF)
    assert resolved.audit == AuditEntry(NOW, STAFF, "ticket", str(TICKET_ID), "resolve", "in_progress", "resolved")
