"""LKPP's answer to a forwarded change of an aggregated account, pure: the line the account's history shows.

The gateway forwards an approved change, a deactivation or a reactivation of an aggregated account to LKPP and says
what LKPP made of it (`gateway.<lpse>.provider_change.forwarded|forward_refused.v1`); the provider and staff read it
in the account's history: "Perubahan diteruskan ke LKPP" with LKPP's number, or "LKPP menolak perubahan" with the
reason LKPP gave (masked by the gateway: no NPWP reaches the history).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from contracts.gateway import ProviderChange, ProviderChangeForwardedV1, ProviderChangeForwardRefusedV1
from lpse_runtime.decision import AuditEntry, Decided

FORWARDED = "Perubahan diteruskan ke LKPP"
REFUSED = "LKPP menolak perubahan"
ACTOR = "LKPP"
CHANGE_LABEL: dict[ProviderChange, str] = {
    "changed": "Perubahan data akun",
    "deactivated": "Penonaktifan akun",
    "reactivated": "Aktivasi kembali akun",
}

LkppAnswer = ProviderChangeForwardedV1 | ProviderChangeForwardRefusedV1


@dataclass(frozen=True)
class HistoryLine:
    """One row of `account_history`."""

    provider_id: uuid.UUID
    at: datetime
    what: str
    detail: str
    actor: str
    request_id: uuid.UUID | None


def what_changed(event: LkppAnswer) -> str:
    """Which change LKPP answered, with the request that made it when one did."""
    label = CHANGE_LABEL[event.change]
    return f"{label}, permohonan {event.request_reference}" if event.request_reference else label


def history_of(event: LkppAnswer) -> Decided[HistoryLine]:
    """The history line LKPP's answer leaves, and the audit row of it."""
    if isinstance(event, ProviderChangeForwardedV1):
        what, detail = FORWARDED, f"Nomor LKPP {event.lkpp_ref} ({what_changed(event)})"
    else:
        reason = event.reason or f"HTTP {event.http_status}"
        what, detail = REFUSED, f"Alasan: {reason} ({what_changed(event)})"
    line = HistoryLine(event.provider_id, event.occurred_at, what, detail, ACTOR, event.request_id)
    audit = AuditEntry(
        at=event.occurred_at,
        actor=event.actor,
        entity="provider",
        entity_id=str(event.provider_id),
        action="lkpp_forwarded" if isinstance(event, ProviderChangeForwardedV1) else "lkpp_refused",
        before=None,
        after=None,
        reason=f"{what}: {detail}",
    )
    return Decided(line, audit=audit)
