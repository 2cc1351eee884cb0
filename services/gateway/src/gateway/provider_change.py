"""Changes of an aggregated provider account to LKPP, pure: which facts become a forward, and the request LKPP reads.

An aggregated account (agregasi data penyedia) is one provider across every LPSE: LKPP holds its data, so an approved
change of it (email, NPWP, CV → PT, other data), a deactivation and a reactivation must reach LKPP or the LPSEs would
disagree. Verification announces each (`verification.<lpse>.account.changed|deactivated|reactivated.v1`); the gateway
forwards the ones of aggregated accounts, once per fact, under `<event id>:lkpp`, with its other forwards' retries.
An account that is not aggregated is LKPP's business in no way: its facts become nothing.

The request carries the new NPWP in full (LKPP matches providers by it); the forward's reference is the account's
user ID, the only thing of it the gateway's log lines name.
"""

from __future__ import annotations

import json
from datetime import datetime

from contracts.provider_account import (
    ProviderAccountChangedV1,
    ProviderAccountDeactivatedV1,
    ProviderAccountReactivatedV1,
)
from gateway.domain import Forward, ForwardKind, ForwardStatus
from gateway.forensic import idempotency_key

TARGET = "penyedia/perubahan"  # under LKPP's API: `LKPP_API_URL/penyedia/perubahan`

AccountFact = ProviderAccountChangedV1 | ProviderAccountDeactivatedV1 | ProviderAccountReactivatedV1


def change_kind(event: AccountFact) -> str:
    """Which of the three facts it is, as the request and the gateway's facts name it."""
    if isinstance(event, ProviderAccountChangedV1):
        return "changed"
    if isinstance(event, ProviderAccountDeactivatedV1):
        return "deactivated"
    return "reactivated"


def provider_change_forward(event: AccountFact, *, now: datetime) -> Forward | None:
    """The forward an aggregated account's fact becomes, due at once; None for an account LKPP holds nothing of."""
    if not event.aggregated:
        return None
    return Forward(
        escalation_event_id=event.event_id,
        case_id=event.provider_id,
        reference=event.user_id,
        lpse=event.lpse,
        body=request_body(event),
        status=ForwardStatus.PENDING,
        attempts=0,
        next_attempt_at=now,
        party="lkpp",
        kind=ForwardKind.PROVIDER_CHANGE,
        target=TARGET,
        idempotency_key=idempotency_key(event.event_id, "lkpp"),
    )


def request_body(event: AccountFact) -> str:
    """The JSON LKPP's provider API receives: the account, what changed (a new NPWP in full), its status after."""
    body: dict[str, object] = {
        "lpse": event.lpse,
        "user_id": event.user_id,
        "provider_id": str(event.provider_id),
        "kind": change_kind(event),
        "what": None,
        "request_id": str(event.request_id) if event.request_id else None,
        "request_ref": None,
        "changes": [],
        "npwp": None,
        "email": str(event.email),
        "provider_type": None,
        "company_name": event.company_name,
        "director_name": event.director_name,
        "status": "nonaktif" if isinstance(event, ProviderAccountDeactivatedV1) else "aktif",
        "reason": None,
        "deactivated_by": None,
        "occurred_at": event.occurred_at.isoformat(),
    }
    if isinstance(event, ProviderAccountChangedV1):
        body |= {
            "what": event.kind,
            "request_ref": event.reference,
            "changes": [changed_field(change.model_dump(), event.npwp) for change in event.changes],
            "npwp": event.npwp,
            "provider_type": event.provider_type,
        }
    elif isinstance(event, ProviderAccountDeactivatedV1):
        body |= {"reason": event.reason, "deactivated_by": event.by}
    return json.dumps(body, ensure_ascii=False, sort_keys=True)


def changed_field(change: dict[str, str], npwp: str | None) -> dict[str, str]:
    """One field's change as LKPP reads it: a new NPWP in full (the fact shows it masked), others as they are."""
    if change["field"] == "npwp" and npwp is not None:
        return {**change, "after": npwp}
    return change
