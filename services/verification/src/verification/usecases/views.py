"""What the staff console's pages read: a page of the queue, one case with everything beside it, a receipt."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from contracts.lpse import LpseProfile
from contracts.registration import ProviderType
from lpse_runtime.authz import acting_lpse, permits
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.worktime import ClockView, clock_view
from verification import checklist_db, clocks, clocks_db, db, queue_db
from verification.audit_view import AuditLine, audit_line
from verification.domain import ChecklistItem, ItemResult, finding_labels, gaps
from verification.queue import QueueFilter, QueueKey, Search, count_text, parse_search, parse_status
from verification.usecases.desk import CaseDesk


def clock_views(
    profile: LpseProfile, case: asyncpg.Record, clock_rows: list[asyncpg.Record], now: datetime
) -> list[ClockView]:
    """Each clock of a case as the queue and the case page show it."""
    calendar = clocks.calendar_of(profile, case["service_id"])
    return [clock_view(row, now, calendar) for row in clock_rows]


@dataclass(frozen=True)
class QueuePageView:
    """One page of an LPSE's queue with each case's clocks, the count and the keys of the pages either side."""

    profile: LpseProfile
    status: str
    search: Search
    cases: list[tuple[asyncpg.Record, list[ClockView]]]
    count: str
    previous: str | None
    next: str | None


async def queue_page(
    desk: CaseDesk, staff: StaffPrincipal, status: str, term: str, after_token: str, before_token: str
) -> QueuePageView:
    """The page of the staff member's LPSE queue after or before a key, filtered by status and a search."""
    lpse = acting_lpse(staff, "kasus.antrean")
    search = parse_search(term)
    view = QueueFilter(lpse, parse_status(status), search.reference, search.npwp, search.name)
    after, before = QueueKey.parse(after_token), QueueKey.parse(before_token)
    async with desk.pool.acquire() as conn:
        found = await queue_db.page(conn, view, after=after, before=before)
        total = await queue_db.count_of(conn, view, found, first=after is None and before is None)
        case_clocks = await clocks_db.clocks_of(conn, [r["id"] for r in found.rows])
    profile, now = desk.profiles[lpse], desk.now()
    return QueuePageView(
        profile=profile,
        status=view.status or "",
        search=search,
        cases=[(row, clock_views(profile, row, case_clocks.get(row["id"], []), now)) for row in found.rows],
        count=count_text(*total),
        previous=found.previous.token() if found.previous else None,
        next=found.next.token() if found.next else None,
    )


@dataclass(frozen=True)
class CaseView:
    """One case with its checklist, clocks, audit trail, the LPSE's verifiers and the provider it activated."""

    row: asyncpg.Record
    profile: LpseProfile
    items: list[ChecklistItem]
    item_labels: dict[str, dict[ItemResult, str]]
    gaps: list[str]
    audit: list[AuditLine]
    clocks: list[ClockView]
    verifiers: list[asyncpg.Record]
    four_eyes: bool
    provider: asyncpg.Record | None
    uploads: dict[str, Any]
    now: datetime


async def case_view(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal) -> CaseView | None:
    """A case of the staff member's LPSE (None for a missing one or another LPSE's)."""
    async with desk.pool.acquire() as conn:
        row = await db.get_case(conn, case_id)
        if row is None or not permits(staff, "kasus.lihat", row["lpse"]):
            return None
        audit = await db.audit_of_case(conn, case_id)
        case_clocks = await clocks_db.clocks_of(conn, [case_id])
        items = await checklist_db.checklist(conn, case_id)
        verifiers = await db.verifiers_of(conn, row["lpse"])
        provider = await db.activated_provider(conn, case_id)
    profile, now = desk.profiles[row["lpse"]], desk.now()
    service = clocks.service_of(profile, row["service_id"])
    originals = {rule.code: rule.original for rule in service.documents_for(ProviderType(row["provider_type"]))}
    names = {i.code: i.name for i in items}
    return CaseView(
        row=row,
        profile=profile,
        items=items,
        item_labels={i.code: finding_labels(row["verification_mode"], originals.get(i.code, True)) for i in items},
        gaps=gaps(items),
        audit=[audit_line(a, names) for a in audit],
        clocks=clock_views(profile, row, case_clocks.get(case_id, []), now),
        verifiers=verifiers,
        four_eyes=service.four_eyes,
        provider=provider,
        uploads={d["code"]: d for d in json.loads(row["documents"])},
        now=now,
    )


async def receipt_for_staff(desk: CaseDesk, case_id: uuid.UUID, staff: StaffPrincipal) -> asyncpg.Record | None:
    """The receipt a case issued, for staff of its LPSE (None when there is none to show them)."""
    async with desk.pool.acquire() as conn:
        row = await db.get_case(conn, case_id)
        stored = await db.receipt(conn, case_id)
    return stored if row is not None and permits(staff, "kasus.tanda_terima", row["lpse"]) else None
