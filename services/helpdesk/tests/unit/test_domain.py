"""Helpdesk's ticket table and intake rules."""

from __future__ import annotations

import itertools

import pytest

from helpdesk.domain import TRANSITIONS, TicketStatus, Trigger, decide, validate_ticket
from lpse_runtime.machine import TransitionRefused


@pytest.mark.parametrize(("pair", "target"), TRANSITIONS.items())
def test_transitions(pair: tuple[TicketStatus, Trigger], target: TicketStatus) -> None:
    assert decide(*pair) is target


@pytest.mark.parametrize("pair", [p for p in itertools.product(TicketStatus, Trigger) if p not in TRANSITIONS])
def test_pairs_outside_the_table_are_refused(pair: tuple[TicketStatus, Trigger]) -> None:
    with pytest.raises(TransitionRefused):
        decide(*pair)


def test_intake_messages_per_field() -> None:
    form, errors = validate_ticket({"category": "x", "summary": "", "description": "pendek", "email": "no"})
    assert form is None
    assert set(errors) == {"category", "summary", "description", "email"}


def test_valid_ticket() -> None:
    form, errors = validate_ticket(
        {
            "category": "masalah_spse",
            "summary": "Gagal unggah",
            "description": "Unggah dokumen penawaran gagal terus.",
            "email": "a@contoh.co.id",
        }
    )
    assert errors == {} and form is not None and form.summary == "Gagal unggah"
