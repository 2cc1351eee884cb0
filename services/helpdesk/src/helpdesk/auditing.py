"""An external auditor's reach (Depok DPK-3a): only the tenders and the period of its access, every read audited.

The account-request desk writes an `auditor_access` row when an auditor's request completes; the ubah-jadwal and
uji-forensik desks call `auditor_scope` before showing a case to a signed-in `auditor_paket` and `record_read` for
every page or file it opens (the chain of custody).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import asyncpg

from lpse_runtime import audit
from lpse_runtime.decision import AuditEntry
from lpse_runtime.staff import StaffPrincipal

READ_ACTION = "dibaca_auditor"


@dataclass(frozen=True)
class AuditorScope:
    """The tenders an auditor may read in one LPSE, and the days of its access (both ends included)."""

    lpse: str
    tenders: frozenset[str]
    access_from: date
    access_until: date

    def covers(self, tender_id: str, on: date) -> bool:
        """Whether a case of this tender may be read on this day (the LPSE's local date)."""
        return tender_id in self.tenders and self.access_from <= on <= self.access_until


@dataclass(frozen=True)
class AuditedCase:
    """One case an auditor may open, as its list shows it."""

    kind_label: str
    reference: str
    tender_id: str
    opened_at: datetime
    status_label: str
    path: str


def merge(rows: Sequence[asyncpg.Record], lpse: str) -> AuditorScope | None:
    """Every grant of one auditor in one LPSE as one scope: the union of tenders, the widest period."""
    if not rows:
        return None
    tenders = frozenset(t for row in rows for t in row["tenders"])
    return AuditorScope(lpse, tenders, min(r["access_from"] for r in rows), max(r["access_until"] for r in rows))


async def auditor_scope(
    conn: asyncpg.Connection, staff: StaffPrincipal, lpse: str, now: datetime, zone: ZoneInfo
) -> AuditorScope | None:
    """The signed-in auditor's scope in this LPSE today, or None (no grant, or outside its period)."""
    today = now.astimezone(zone).date()
    rows = await conn.fetch(
        """SELECT tenders, access_from, access_until FROM auditor_access
           WHERE lpse = $1 AND username = $2 AND access_from <= $3 AND access_until >= $3""",
        lpse,
        staff.username,
        today,
    )
    return merge(rows, lpse)


async def record_read(
    conn: asyncpg.Connection, staff: StaffPrincipal, *, entity: str, entity_id: uuid.UUID, what: str, now: datetime
) -> None:
    """Append who read what and when to the audit log (the case's chain of custody shows these rows)."""
    await audit.append(conn, AuditEntry(now, staff.actor, entity, str(entity_id), READ_ACTION, None, None, what[:500]))
