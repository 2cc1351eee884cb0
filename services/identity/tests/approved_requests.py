"""Helpers of the internal-account tests: an approved request as the helpdesk publishes it, and the facts after it."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from nats.aio.client import Client

from contracts.account_requests import AccountRequestApprovedV1
from contracts.envelope import Actor

ADMIN_AGENCY = Actor(id="adminagency.depok", role="admin_agency")
LINK_SECRET = "kunci-segel-tautan-uji-identitas"


def approved(
    *,
    at: datetime,
    username: str,
    kind: str = "akun_baru",
    lpse: str = "depok",
    staff_role: str | None = "ppk",
    email: str | None = "ppk.baru@contoh.go.id",
    change_kind: str | None = None,
    access_until: date | None = None,
    role: str = "ppk",
) -> AccountRequestApprovedV1:
    """The helpdesk's word that an account request was approved by the Admin Agency."""
    case_id = uuid.uuid4()
    return AccountRequestApprovedV1.model_validate(
        {
            "occurred_at": at,
            "lpse": lpse,
            "correlation_id": case_id,
            "actor": ADMIN_AGENCY,
            "case_id": case_id,
            "reference": "AKN-2026-0001",
            "service_id": "DPK-2a",
            "requester_email": "pemohon@contoh.go.id",
            "status_url": "tersegel",
            "kind": kind,
            "role": role,
            "username": username,
            "person_name": "Sari Wulandari",
            "account_email": email,
            "staff_role": staff_role,
            "change_kind": change_kind,
            "access_until": access_until,
            "prepared_by": "adminagency.depok",
        }
    )


async def publish(nc: Client, fact: AccountRequestApprovedV1) -> None:
    """Publish the fact on its subject, as the helpdesk's relay does."""
    await nc.jetstream().publish(fact.subject, fact.model_dump_json().encode())


async def published(nc: Client, subject: str) -> list[dict[str, Any]]:
    """Every payload the IDENTITY stream holds on this subject, in order."""
    js = nc.jetstream()
    info = await js.stream_info("IDENTITY", subjects_filter=subject)
    total = sum((info.state.subjects or {}).values())
    if total == 0:
        return []
    reader = await js.pull_subscribe(subject, stream="IDENTITY")
    try:
        messages = await reader.fetch(total, timeout=5)
    finally:
        await reader.unsubscribe()
    return [json.loads(m.data) for m in messages]
