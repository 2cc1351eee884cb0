"""Form models: one pydantic model per form, its Indonesian messages beside its fields, errors as field → message.

Pure (pydantic only), so a domain may declare its forms here and a route only parses, calls a use case, renders.
Which message a bad field shows, in order: the one a validator raised with `refuse()`, the model's own `messages`
for that field, the generic one for pydantic's error type, then "Isian tidak valid.".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from lpse_runtime.text import plain_text_problem

FieldErrors = dict[str, str]
FORM = "form"  # the key of an error about the form as a whole (a model validator's)
REFUSAL = "isian_ditolak"

GENERIC: Mapping[str, str] = {
    "missing": "Wajib diisi.",
    "string_too_short": "Wajib diisi.",
    "string_too_long": "Isian terlalu panjang: paling banyak {max_length} karakter.",
    "string_type": "Isian harus berupa teks.",
    "string_pattern_mismatch": "Format isian tidak sesuai.",
    "enum": "Pilih salah satu pilihan yang tersedia.",
    "literal_error": "Pilih salah satu pilihan yang tersedia.",
    "int_parsing": "Isian harus berupa angka bulat.",
    "bool_parsing": "Pilih ya atau tidak.",
    "uuid_parsing": "Tautan atau kode tidak dikenal.",
    "date_from_datetime_parsing": "Tanggal tidak valid (format HH/BB/TTTT).",
    "date_parsing": "Tanggal tidak valid.",
}
FALLBACK = "Isian tidak valid."


class FormModel(BaseModel):
    """A submitted form: fields stripped, unknown fields ignored, frozen once valid."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)
    messages: ClassVar[Mapping[str, str]] = {}  # field → the Indonesian message shown for any bad value of it

    @field_validator("*", mode="before")
    @classmethod
    def plain_text(cls, value: object) -> object:
        """Every text a form brings (alone or in a list): no control character, never beyond the platform's ceiling."""
        for text in texts_in(value):
            problem = plain_text_problem(text)
            if problem is not None:
                raise refuse(problem)
        return value


def texts_in(value: object) -> tuple[str, ...]:
    """The strings a submitted value holds: itself, or the items of a list of ticked boxes."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(item for item in value if isinstance(item, str))
    return ()


F = TypeVar("F", bound=FormModel)


def refuse(message: str) -> PydanticCustomError:
    """The error a validator raises to show exactly this Indonesian message beside its field."""
    return PydanticCustomError(REFUSAL, message)


def message_for(
    error_type: str, raised: str, field_message: str | None, context: Mapping[str, object] | None = None
) -> str:
    """The one message a person sees for one pydantic error (a limit in it filled in from the error)."""
    if error_type == REFUSAL:
        return raised
    if field_message:
        return field_message
    generic = GENERIC.get(error_type, FALLBACK)
    try:
        return generic.format(**(context or {}))
    except (KeyError, IndexError):
        return FALLBACK


def errors_of(error: ValidationError, messages: Mapping[str, str]) -> FieldErrors:
    """Field → message, the first error of each field only."""
    found: FieldErrors = {}
    for detail in error.errors():
        loc = detail.get("loc", ())
        name = str(loc[0]) if loc else FORM
        if name not in found:
            found[name] = message_for(detail["type"], detail["msg"], messages.get(name), detail.get("ctx"))
    return found


def parse_form(model: type[F], raw: Mapping[str, object]) -> tuple[F | None, FieldErrors]:
    """The valid form, or None and a message per bad field (nothing of a bad form is kept by the caller)."""
    try:
        return model.model_validate(dict(raw)), {}
    except ValidationError as error:
        return None, errors_of(error, model.messages)
