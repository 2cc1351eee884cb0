"""The rule every form shares: no control character in any text, nothing beyond a limit, each with its message."""

from __future__ import annotations

from typing import ClassVar

import pytest
from pydantic import Field

from lpse_runtime.formmodel import FormModel, parse_form

CONTROL = "Isian memuat karakter kontrol yang tidak diizinkan (misalnya NUL); ketik ulang tanpa karakter itu."


class Note(FormModel):
    """A form with a free text, a limited one, one with its own message and a list of ticked boxes."""

    messages: ClassVar[dict[str, str]] = {"title": "Judul paling banyak 10 karakter."}

    text: str = ""
    short: str = Field(default="", max_length=20)
    title: str = Field(default="", max_length=10)
    ticked: list[str] = Field(default_factory=list)


@pytest.mark.parametrize("bad", ["a\x00b", "\x00", "a\x1bb", "a\x7fb", "a\x85b", "a\ud800b", "\x08"])
def test_a_control_character_is_refused_beside_its_field(bad: str) -> None:
    assert parse_form(Note, {"text": bad}) == (None, {"text": CONTROL})
    assert parse_form(Note, {"ticked": ["ok", bad]}) == (None, {"ticked": CONTROL})


def test_tab_and_line_breaks_and_any_script_are_kept() -> None:
    form, errors = parse_form(Note, {"text": "Baris satu\r\n\tBaris dua — ’Budi’ 中文 ٣"})
    assert errors == {} and form is not None and form.text == "Baris satu\r\n\tBaris dua — ’Budi’ 中文 ٣"


def test_lengths_have_a_message_naming_the_limit() -> None:
    assert parse_form(Note, {"short": "x" * 21}) == (
        None,
        {"short": "Isian terlalu panjang: paling banyak 20 karakter."},
    )
    assert parse_form(Note, {"title": "x" * 11}) == (None, {"title": "Judul paling banyak 10 karakter."})
    # No field goes unbounded: the platform's ceiling holds where a field sets no limit of its own.
    assert parse_form(Note, {"text": "x" * 5001}) == (
        None,
        {"text": "Isian terlalu panjang: paling banyak 5000 karakter."},
    )
    assert parse_form(Note, {"text": "x" * 5000})[1] == {}
