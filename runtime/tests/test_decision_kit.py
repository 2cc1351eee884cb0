"""The kit's pure pieces every desk uses: a decision's value and the form models' Indonesian messages."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar, Literal

import pytest
from pydantic import Field, field_validator, model_validator

from contracts.envelope import Actor
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.formmodel import FORM, FormModel, parse_form, refuse

AT = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
ACTOR = Actor(id="verif.depok", role="verifikator")


def test_an_audit_entry_digest_is_sha256_over_the_json_of_its_predecessor_and_content() -> None:
    # Known answer: printf '%s' '["000…0" (64 zeros), "2026-03-20T09:00:00+00:00", "verif.depok", "verifikator",
    # "case", "c-1", "claim", "queued", "in_review", null]' | sha256sum
    entry = AuditEntry(AT, ACTOR, "case", "c-1", "claim", "queued", "in_review")
    assert entry.digest("0" * 64) == "25e3d63eba2749397cf4c74ad6feb4665026a4b4dd46410c7700caa37a5c7c58"


def test_a_decision_is_a_value_its_facts_replaced_or_extended_without_changing_the_original() -> None:
    decided: Decided[str] = Decided(state="queued")
    assert decided.facts == () and decided.audit is None
    assert decided.also() == decided
    assert decided.publishing([]).state == "queued"


class TicketForm(FormModel):
    messages: ClassVar[dict[str, str]] = {"summary": "Ringkasan wajib diisi, paling banyak 200 karakter."}

    category: Literal["akun", "teknis"]
    summary: str = Field(min_length=1, max_length=200)
    npwp: str

    @field_validator("npwp")
    @classmethod
    def fifteen_or_sixteen_digits(cls, value: str) -> str:
        digits = value.replace(".", "").replace("-", "")
        if not (digits.isdigit() and len(digits) in (15, 16)):
            raise refuse("NPWP harus 15 atau 16 digit angka.")
        return digits


def test_a_valid_form_is_parsed_stripped_and_normalised() -> None:
    form, errors = parse_form(
        TicketForm, {"category": "akun", "summary": "  Lupa sandi ", "npwp": "01.234.567.8-901.000"}
    )
    assert errors == {}
    assert form is not None and form.summary == "Lupa sandi" and form.npwp == "012345678901000"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {},
            {
                "category": "Wajib diisi.",
                "summary": "Ringkasan wajib diisi, paling banyak 200 karakter.",
                "npwp": "Wajib diisi.",
            },
        ),
        (
            {"category": "lain", "summary": "x" * 201, "npwp": "123"},
            {
                "category": "Pilih salah satu pilihan yang tersedia.",
                "summary": "Ringkasan wajib diisi, paling banyak 200 karakter.",
                "npwp": "NPWP harus 15 atau 16 digit angka.",
            },
        ),
        (
            {"category": "teknis", "summary": "   ", "npwp": "012345678901000", "extra": "x"},
            {"summary": "Ringkasan wajib diisi, paling banyak 200 karakter."},
        ),
    ],
)
def test_each_bad_field_gets_one_indonesian_message(raw: dict[str, str], expected: dict[str, str]) -> None:
    form, errors = parse_form(TicketForm, raw)
    assert form is None
    assert errors == expected


class PeriodForm(FormModel):
    start: int
    end: int

    @model_validator(mode="after")
    def start_before_end(self) -> PeriodForm:
        if self.start >= self.end:
            raise refuse("Awal harus sebelum akhir.")
        return self


def test_an_error_about_the_whole_form_is_keyed_form_and_a_wrong_type_gets_the_generic_message() -> None:
    assert parse_form(PeriodForm, {"start": "5", "end": "3"}) == (None, {FORM: "Awal harus sebelum akhir."})
    assert parse_form(PeriodForm, {"start": "lima", "end": "3"}) == (None, {"start": "Isian harus berupa angka bulat."})
