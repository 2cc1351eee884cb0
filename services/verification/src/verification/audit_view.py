"""The audit trail as staff read it: the domain's words in Indonesian, while the log and the API keep the codes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from verification.agregasi import STATUS_LABEL as AGGREGATION_LABEL
from verification.agregasi import AggregationTrigger
from verification.domain import ITEM_LABEL, STATUS_LABEL, Trigger

ACTION_LABEL: dict[str, str] = {
    "open": "Masuk antrean verifikasi",
    Trigger.CHECK_IN.value: "Kedatangan pemohon dicatat di loket",
    Trigger.HAND_OVER.value: "Berkas diterima di loket",
    Trigger.CLAIM.value: "Diklaim",
    Trigger.RELEASE.value: "Dilepaskan",
    Trigger.REASSIGN.value: "Dialihkan",
    Trigger.RETURN.value: "Berkas dikembalikan",
    Trigger.RESUME.value: "Verifikasi dilanjutkan",
    Trigger.RESUBMIT.value: "Pemohon mengunggah ulang dokumen",
    Trigger.REJECT.value: "Ditolak",
    Trigger.APPROVE.value: "Disetujui",
    Trigger.VERIFY.value: "Diverifikasi, diteruskan ke petugas kedua",
    Trigger.CONFIRM.value: "Dikonfirmasi petugas kedua",
    "check": "Dokumen diperiksa",
    "deadline_breached": "Melewati tenggat",
    "set_password": "Kata sandi dibuat",
    "reset_password": "Tautan atur ulang kata sandi dikirim",
    f"agregasi:{AggregationTrigger.SELF_ACTIVATE.value}": "Agregasi diaktifkan penyedia",
    f"agregasi:{AggregationTrigger.REQUEST.value}": "Permohonan ADP dikirim ke LKPP",
    f"agregasi:{AggregationTrigger.LKPP_AGGREGATED.value}": "LKPP: berhasil diagregasi",
    f"agregasi:{AggregationTrigger.LKPP_REFUSED.value}": "LKPP: agregasi ditolak",
}

ROLE_LABEL: dict[str, str] = {
    "system": "sistem",
    "penyedia": "penyedia",
    "verifikator": "Verifikator",
    "helpdesk": "Helpdesk",
    "admin_ppe": "Admin PPE",
    "admin_agency": "Admin Agency",
    "kepala_lpse": "Kepala LPSE",
}

STATE_LABEL: dict[str, str] = {
    **{status.value: label for status, label in STATUS_LABEL.items()},
    **{f"aggregation:{status.value}": label for status, label in AGGREGATION_LABEL.items()},
    "password_set": "kata sandi dibuat",
    "reset_link_sent": "tautan atur ulang dikirim ke email terdaftar",
}


HELD = re.compile(r"(?P<status>[a-z_]+) \((?P<holder>[^()]*)\)")


@dataclass(frozen=True)
class AuditLine:
    """One audit row in words: when, who, what, the change and the note."""

    at: datetime
    who: str
    action: str
    change: str
    note: str


def state_words(value: str | None, item_names: Mapping[str, str]) -> str:
    """A status code, a status with its holder 'in_review (rina)', or a checklist entry 'ktp: verified', in words."""
    if value is None:
        return "—"
    held = HELD.fullmatch(value)
    if held:
        words = STATE_LABEL.get(held["status"], held["status"])
        return words if held["holder"] == "-" else f"{words} ({held['holder']})"
    if ": " in value:
        code, result = value.split(": ", 1)
        name = item_names.get(code, code)
        words = {r.value: label for r, label in ITEM_LABEL.items()}.get(result, result)
        return f"{name}: {words}"
    return STATE_LABEL.get(value, value)


def audit_line(row: Mapping[str, object], item_names: Mapping[str, str]) -> AuditLine:
    """One audit_log row in the domain's words; an unknown code is shown as it is rather than hidden."""
    action = str(row["action"])
    before = row["before"]
    after = row["after"]
    if action.startswith("agregasi:"):
        before = f"aggregation:{before}" if before else None
        after = f"aggregation:{after}" if after else None
    role = str(row["actor_role"])
    note = "" if action == "open" else str(row["reason"] or "")  # 'open' keeps the causing event id, for operators
    at = row["at"]
    assert isinstance(at, datetime)
    return AuditLine(
        at=at,
        who=f"{row['actor_id']} ({ROLE_LABEL.get(role, role)})",
        action=ACTION_LABEL.get(action, action),
        change=f"{state_words(_text(before), item_names)} → {state_words(_text(after), item_names)}",
        note=note,
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)
