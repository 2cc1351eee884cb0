"""Tickets and attempts for the unit tests: a Temanggung ticket at any status and level, and steps on it."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from contracts.envelope import Actor
from contracts.helpdesk import TicketCategory
from contracts.lpse import LpseProfile, load_profiles
from helpdesk.domain import Attempt, Ticket, TicketStatus, Trigger
from lpse_runtime.settings import REPO_ROOT

PROFILES: dict[str, LpseProfile] = load_profiles(REPO_ROOT / "deploy" / "lpse")
AT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
HELPDESK = Actor(id="helpdesk.temanggung", role="helpdesk")
ADMIN = Actor(id="adminppe.temanggung", role="admin_ppe")
KEPALA = Actor(id="kepala.temanggung", role="kepala_lpse")
REPORTER = Actor(id="pelapor:TIK-TMG-1", role="pelapor")
LKPP = Actor(id="lkpp", role="lkpp")
TEXT = "Sudah dicek di server; mohon coba lagi."
NOTE_TO_LKPP = "Galat 500 saat unggah penawaran di SPSE versi terbaru."


def ticket(status: TicketStatus = TicketStatus.QUEUED, **changes: Any) -> Ticket:
    """A Temanggung ticket at the Helpdesk's level, held by its Helpdesk when in progress."""
    base = Ticket(
        id=uuid.UUID(int=9),
        lpse="temanggung",
        reference="TIK-TMG-1",
        category=TicketCategory.SPSE_PROBLEM,
        category_label="Permasalahan aplikasi SPSE",
        service_id="TMG-9",
        status=status,
        level="helpdesk",
        level_label="Helpdesk LPSE",
        summary="Gagal unggah",
        reporter_role="penyedia",
        reporter_email="pelapor@contoh.co.id",
        language="id",
        status_url="sealed",
        opened_at=AT,
    )
    if status is TicketStatus.IN_PROGRESS:
        base = replace(base, holder=HELPDESK.id, lease_until=AT + timedelta(minutes=30))
    if status is TicketStatus.AT_LKPP:
        base = replace(base, level="lkpp", forwarded_from="admin_ppe")
    if status is TicketStatus.RESOLVED:
        base = replace(base, resolved_level="helpdesk", reopen_until=AT + timedelta(days=7))
    if status in (TicketStatus.CLOSED, TicketStatus.RATED):
        base = replace(base, closed_at=AT)
    return replace(base, **changes)


def attempt(trigger: Trigger, actor: Actor = HELPDESK, lpse: str = "temanggung", **changes: Any) -> Attempt:
    """A step by `actor` with whatever its form would carry filled in."""
    profile = PROFILES[lpse]
    fields: dict[str, Any] = {
        "text": TEXT,
        "lkpp_note": NOTE_TO_LKPP,
        "close_reason": "duplikat",
        "rating": 5,
        "result": "selesai",
        "message_id": uuid.UUID(int=1),
        "reopen_until": AT + timedelta(days=7),
        "survey_url": "sealed-survey",
    }
    fields.update(changes)
    return Attempt(
        trigger=trigger,
        actor=actor,
        now=fields.pop("now", AT),
        ladder=profile.helpdesk.ladder_for("masalah_spse"),
        lpse_name=profile.name,
        zone=ZoneInfo(profile.time_zone),
        zone_label=profile.zone_label,
        actor_lpses=(lpse,),
        service_id=profile.helpdesk.service,
        lkpp_clock_note=profile.helpdesk.lkpp_note,
        **fields,
    )


# Who may take each step when the guards are met (the table test is about the table, not the guards).
def actor_for(status: TicketStatus, trigger: Trigger) -> Actor:
    """The actor the standard has take this step from this status."""
    if trigger in (Trigger.REPORTER_REPLY, Trigger.REOPEN, Trigger.RATE):
        return REPORTER
    if trigger is Trigger.LKPP_ANSWER:
        return LKPP
    if trigger is Trigger.CLAIM and status is TicketStatus.IN_PROGRESS:
        return HELPDESK
    return HELPDESK
