"""Helpdesk's ticket table and intake rules."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.envelope import Actor
from contracts.helpdesk import TicketCategory, TicketOpenedV1
from contracts.lpse import load_profiles
from helpdesk.domain import Ticket, TicketStatus, Trigger, decide, open_ticket, validate_ticket
from lpse_runtime.machine import TransitionRefused

AT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
STAFF = Actor(id="helpdesk.depok", role="helpdesk")
S, T = TicketStatus, Trigger
# DPK-1c / the consolidated ticket machine (standard §7.4): a ticket is taken up, then resolved.
ALLOWED = {
    (S.OPEN, T.TAKE): S.IN_PROGRESS,
    (S.IN_PROGRESS, T.RESOLVE): S.RESOLVED,
}
VALID = {
    "category": "masalah_spse",
    "summary": "  Gagal   unggah ",
    "description": "Unggah dokumen penawaran gagal terus.",
    "email": "A@Contoh.co.id",
}


@pytest.mark.parametrize(("pair", "target"), ALLOWED.items())
def test_each_allowed_step_is_taken_and_audited(pair: tuple[TicketStatus, Trigger], target: TicketStatus) -> None:
    ticket = Ticket(uuid.uuid4(), pair[0])
    decided = decide(ticket, pair[1], at=AT, actor=STAFF)
    assert decided.state == Ticket(ticket.id, target)
    assert decided.audit is not None
    assert (decided.audit.entity_id, decided.audit.action, decided.audit.before, decided.audit.after) == (
        str(ticket.id),
        pair[1].value,
        pair[0].value,
        target.value,
    )
    assert decided.audit.actor == STAFF and decided.audit.at == AT


@pytest.mark.parametrize("pair", [p for p in itertools.product(S, T) if p not in ALLOWED])
def test_pairs_outside_the_table_are_refused(pair: tuple[TicketStatus, Trigger]) -> None:
    with pytest.raises(TransitionRefused):
        decide(Ticket(uuid.uuid4(), pair[0]), pair[1], at=AT, actor=STAFF)


def test_intake_messages_per_field_word_for_word() -> None:
    form, errors = validate_ticket({"category": "x", "summary": "", "description": "pendek", "email": "no"})
    assert form is None
    assert errors == {
        "category": "Pilih jenis permasalahan.",
        "summary": "Ringkasan wajib diisi, paling banyak 200 karakter.",
        "description": "Uraikan permasalahan dalam 10 sampai 5000 karakter.",
        "email": "Alamat email tidak valid, contoh: nama@perusahaan.co.id.",
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("summary", "x" * 201), ("description", "x" * 5001), ("description", "  sembilan  "), ("category", "")],
)
def test_too_long_too_short_or_missing_is_refused_beside_its_field(field: str, value: str) -> None:
    form, errors = validate_ticket({**VALID, field: value})
    assert form is None and list(errors) == [field]


def test_a_form_with_no_fields_at_all_asks_for_each() -> None:
    assert set(validate_ticket({})[1]) == {"category", "summary", "description", "email"}


def test_valid_ticket_is_normalised() -> None:
    form, errors = validate_ticket(VALID)
    assert errors == {} and form is not None
    assert (form.category, form.summary, form.email) == (TicketCategory.SPSE_PROBLEM, "Gagal unggah", "A@contoh.co.id")


def test_opening_a_ticket_publishes_its_fact_and_audits_it_as_open() -> None:
    form, _ = validate_ticket(VALID)
    assert form is not None
    profile = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")["temanggung"]
    ticket_id, key = uuid.uuid4(), uuid.uuid4()
    decided = open_ticket(
        form, profile=profile, ticket_id=ticket_id, reference="TIK-TMG-2612-ABCDEF", submission_key=key, now=AT
    )
    assert (decided.state.id, decided.state.submission_key, decided.state.lpse) == (ticket_id, key, "temanggung")
    (fact,) = decided.facts
    assert isinstance(fact, TicketOpenedV1)
    assert fact.subject == "helpdesk.temanggung.ticket.opened.v1"
    assert (fact.reference, fact.summary, fact.reporter_email) == (
        "TIK-TMG-2612-ABCDEF",
        "Gagal unggah",
        "A@contoh.co.id",
    )
    assert decided.audit is not None
    assert (decided.audit.action, decided.audit.before, decided.audit.after) == ("open", None, "open")
    assert decided.audit.actor == Actor(id="A@contoh.co.id", role="penyedia")
