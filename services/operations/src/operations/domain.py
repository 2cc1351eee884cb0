"""Pure helpers of the operators' view: reading subjects, showing times in the LPSE's zone, filtering the feed."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from contracts.catalog import event_for_subject
from contracts.lpse import ZONE_LABEL
from lpse_runtime.text import mask_email

MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def subject_lpse(subject: str) -> str:
    """The LPSE code a subject carries (`<owner>.<lpse>.…`, or a dead letter's original subject)."""
    parts = subject.split(".")
    if parts[0] == "deadletter":
        return parts[3] if len(parts) > 3 else "?"
    return parts[1] if len(parts) > 1 else "?"


def in_zone(value: datetime, zone: str | None) -> tuple[datetime, str]:
    """The moment in the LPSE's zone with its label; UTC, said as such, for a subject of no known LPSE."""
    if zone is None:
        return value.astimezone(UTC), "UTC"
    return value.astimezone(ZoneInfo(zone)), ZONE_LABEL.get(zone, zone)


def clock_time(value: datetime, zone: str | None) -> str:
    """'14.05.07 WITA': the time of day as people in that LPSE read it, with the zone."""
    local, label = in_zone(value, zone)
    return f"{local:%H.%M.%S} {label}"


def full_time(value: datetime, zone: str | None) -> str:
    """'2 Des 2026 14.05.07 WITA'."""
    local, label = in_zone(value, zone)
    return f"{local.day} {MONTHS_SHORT[local.month - 1]} {local.year} {local:%H.%M.%S} {label}"


def minute_time(value: datetime, zone: str | None) -> str:
    """'11 Des 2026 15.00 WITA': a deadline as people in that LPSE read it."""
    local, label = in_zone(value, zone)
    return f"{local.day} {MONTHS_SHORT[local.month - 1]} {local.year} {local:%H.%M} {label}"


def parse_instant(text: object) -> datetime | None:
    """An event's timezone-aware `occurred_at`, or None when it is missing or unreadable."""
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


@dataclass(frozen=True)
class FeedItem:
    """One message seen on the bus, as the live feed shows it."""

    subject: str
    owner: str
    lpse: str
    event_type: str
    event_id: str
    occurred_at: str
    correlation_id: str
    actor: str
    known: bool
    time: str = ""
    time_full: str = ""

    def to_json(self) -> str:
        """The SSE payload."""
        return json.dumps(self.__dict__)


def feed_item(
    subject: str, payload: bytes, *, zones: Mapping[str, str] | None = None, received_at: datetime | None = None
) -> FeedItem:
    """Read a message into a feed item; unknown or unreadable payloads still show their subject.

    The time is the event's `occurred_at` (or when the feed received it) in the zone of the subject's LPSE.
    """
    parts = subject.split(".")
    lpse = subject_lpse(subject)
    body: dict[str, object] = {}
    if parts[0] != "deadletter":
        try:
            loaded = json.loads(payload)
            body = loaded if isinstance(loaded, dict) else {}
        except (ValueError, RecursionError):  # unreadable or nested past the parser's depth: shown by its subject
            body = {}
    moment = parse_instant(body.get("occurred_at")) or received_at
    zone = (zones or {}).get(lpse)
    when = (clock_time(moment, zone), full_time(moment, zone)) if moment is not None else ("", "")
    if parts[0] == "deadletter" and len(parts) > 2:
        return FeedItem(subject, "deadletter", lpse, "dead_letter", "", "", "", parts[1], False, *when)
    actor = body.get("actor")
    return FeedItem(
        subject=subject,
        owner=parts[0],
        lpse=lpse,
        event_type=".".join(parts[2:4]) if len(parts) >= 4 else subject,
        event_id=str(body.get("event_id", "")),
        occurred_at=str(body.get("occurred_at", "")),
        correlation_id=str(body.get("correlation_id", "")),
        actor=f"{mask_email(str(actor.get('id')))} ({actor.get('role')})" if isinstance(actor, dict) else "",
        known=event_for_subject(subject) is not None,
        time=when[0],
        time_full=when[1],
    )


def zone_note(zones: Mapping[str, str], names: Mapping[str, str]) -> str:
    """'Waktu menurut zona LPSE pemilik event: WIB (Depok, …), WITA (Banjarmasin).'"""
    by_label: dict[str, list[str]] = {}
    for code in sorted(zones, key=lambda c: names.get(c, c)):
        by_label.setdefault(ZONE_LABEL.get(zones[code], zones[code]), []).append(names.get(code, code))
    groups = [f"{label} ({', '.join(places)})" for label, places in sorted(by_label.items())]
    return f"Waktu ditampilkan menurut zona LPSE pemilik event: {'; '.join(groups)}."


def matches(item: FeedItem, *, lpse: str | None, event_type: str | None) -> bool:
    """Whether the item passes the operator's filter (empty filter = everything)."""
    return (not lpse or item.lpse == lpse) and (not event_type or item.event_type == event_type)


# What a missed deadline is about, by the entity its subject names (`<owner>.<lpse>.<entity>.deadline_breached.v1`).
BREACH_KIND = {"case": "Permohonan (verifikasi)", "ticket": "Tiket helpdesk", "complaint": "Pengaduan"}


@dataclass(frozen=True)
class Breach:
    """One missed deadline as the console lists it: what, where, which clock, when it fell due (LPSE zone)."""

    subject: str
    lpse: str
    kind: str
    reference: str
    clock: str
    due: str
    noticed: str
    occurred_at: datetime | None


def breach_row(subject: str, payload: bytes, *, zones: Mapping[str, str] | None = None) -> Breach:
    """Read a stored breach fact; an unreadable one still shows its subject (as the feed does)."""
    parts = subject.split(".")
    lpse = subject_lpse(subject)
    try:
        loaded = json.loads(payload)
        body: dict[str, object] = loaded if isinstance(loaded, dict) else {}
    except (ValueError, RecursionError):
        body = {}
    zone = (zones or {}).get(lpse)
    due, occurred = parse_instant(body.get("due_at")), parse_instant(body.get("occurred_at"))
    return Breach(
        subject=subject,
        lpse=lpse,
        kind=BREACH_KIND.get(parts[2] if len(parts) > 2 else "", "—"),
        reference=str(body.get("reference") or "—"),
        clock=str(body.get("clock_label") or body.get("clock") or "—"),
        due=minute_time(due, zone) if due is not None else "—",
        noticed=minute_time(occurred, zone) if occurred is not None else "—",
        occurred_at=occurred,
    )


def latest_breaches(breaches: list[Breach], limit: int) -> list[Breach]:
    """The `limit` newest breaches, newest first (an unreadable one, whose time is unknown, last)."""
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(breaches, key=lambda b: b.occurred_at or oldest, reverse=True)[:limit]
