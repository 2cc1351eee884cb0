"""Form models: one pydantic model per form, its Indonesian messages beside its fields, errors as field → message.

Pure (pydantic only), so a domain may declare its forms here and a route only parses, calls a use case, renders.
Which message a bad field shows, in order: the one a validator raised with `refuse()`, the model's own `messages`
for that field, the generic one for pydantic's error type, then "Isian tidak valid.".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

FieldErrors = dict[str, str]
FORM = "form"  # the key of an error about the form as a whole (a model validator's)
REFUSAL = "isian_ditolak"

GENERIC: Mapping[str, str] = {
    "missing": "Wajib diisi.",
    "string_too_short": "Wajib diisi.",
    "string_too_long": "Terlalu panjang.",
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


F = TypeVar("F", bound=FormModel)


def refuse(message: str) -> PydanticCustomError:
    """The error a validator raises to show exactly this Indonesian message beside its field."""
    return PydanticCustomError(REFUSAL, message)


def message_for(error_type: str, raised: str, field_message: str | None) -> str:
    """The one message a person sees for one pydantic error."""
    if error_type == REFUSAL:
        return raised
    return field_message or GENERIC.get(error_type, FALLBACK)


def errors_of(error: ValidationError, messages: Mapping[str, str]) -> FieldErrors:
    """Field → message, the first error of each field only."""
    found: FieldErrors = {}
    for detail in error.errors():
        loc = detail.get("loc", ())
        name = str(loc[0]) if loc else FORM
        if name not in found:
            found[name] = message_for(detail["type"], detail["msg"], messages.get(name))
    return found


def parse_form(model: type[F], raw: Mapping[str, object]) -> tuple[F | None, FieldErrors]:
    """The valid form, or None and a message per bad field (nothing of a bad form is kept by the caller)."""
    try:
        return model.model_validate(dict(raw)), {}
    except ValidationError as error:
        return None, errors_of(error, model.messages)
