"""The staff console's forms: a reason, the verifier to reassign to, and one row of the checklist per document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from pydantic import Field

from lpse_runtime.formmodel import FieldErrors, FormModel, parse_form
from verification.domain.checklist import Finding, ItemResult

RESULT_PREFIX, NOTE_PREFIX = "result_", "note_"


class ReasonForm(FormModel):
    """Why a file goes back or is refused (the rules for an empty reason are the case's own)."""

    messages: ClassVar[Mapping[str, str]] = {"reason": "Alasan paling banyak 2000 karakter, tanpa karakter kontrol."}

    reason: str = Field(default="", max_length=2000)  # the reason the applicant's email and the event carry


class ReassignForm(FormModel):
    """The verifier the head of the LPSE hands the case to."""

    verifier: str = Field(default="", max_length=200)


class FindingForm(FormModel):
    """One document's row of the checklist: the result marked and the note beside it."""

    result: ItemResult | None = None
    note: str = Field(default="", max_length=500)
    messages: ClassVar[Mapping[str, str]] = {"result": "pilih hasil pemeriksaan yang tersedia."}


def findings_of(form: Mapping[str, object]) -> tuple[dict[str, Finding], FieldErrors]:
    """The checklist form's rows by document code (a row not sent keeps its finding), and a message per bad row."""
    codes = [key.removeprefix(RESULT_PREFIX) for key in form if key.startswith(RESULT_PREFIX)]
    codes += [key.removeprefix(NOTE_PREFIX) for key in form if key.startswith(NOTE_PREFIX)]
    findings: dict[str, Finding] = {}
    errors: FieldErrors = {}
    for code in dict.fromkeys(codes):
        row = {"note": form.get(NOTE_PREFIX + code, "")}
        if RESULT_PREFIX + code in form:
            row["result"] = form[RESULT_PREFIX + code]
        parsed, problems = parse_form(FindingForm, row)
        if parsed is None:
            errors[code] = next(iter(problems.values()))
        else:
            findings[code] = Finding(parsed.result, parsed.note)
    return findings, errors
