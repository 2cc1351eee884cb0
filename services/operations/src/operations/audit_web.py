"""'Periksa rantai audit': each service walks its own audit chain; the operators' page shows the answers."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from lpse_runtime.web import templates_for
from operations.domain import full_time, parse_instant

templates = templates_for(__file__)

# Each service that keeps an audit log, and the prefix its health routes live under at the front door.
AUDITED: Mapping[str, str] = {
    "registration": "/daftar",
    "verification": "/staf",
    "helpdesk": "/helpdesk",
    "notifier": "/notifier",
    "identity": "/identitas",
}


@dataclass(frozen=True)
class ChainStatus:
    """What one service answered about its chain, in words for the page."""

    service: str
    table: str
    rows: int | None
    intact: bool
    result: str
    anchor: str = "—"


def anchor_words(anchor: object) -> str:
    """The latest head anchored on the bus, in words (UTC, said as such: a chain holds every LPSE's decisions)."""
    if not isinstance(anchor, Mapping):
        return "—"
    if not anchor.get("last_id"):
        return "Belum ada jangkar di bus"
    at = parse_instant(anchor.get("last_at"))
    when = full_time(at, None) if at is not None else "waktu tidak diketahui"
    return f"id {anchor['last_id']} ({anchor.get('last_rows')} baris), {when}; {anchor.get('anchors')} jangkar disimpan"


def result_words(broken: object, anchor: object) -> str:
    """The verdict: a broken link first, then a rewrite the anchors reveal, else intact."""
    if isinstance(broken, Mapping):
        return f"Terputus pada baris id {broken['row_id']} (kolom {broken['column']} tidak cocok)"
    rewrite = anchor.get("rewritten_after") if isinstance(anchor, Mapping) else None
    if isinstance(rewrite, Mapping):
        return (
            f"Ditulis ulang setelah jangkar pada id {rewrite['anchor_id']} "
            f"(perubahan di antara baris id {int(rewrite['held_up_to']) + 1} dan {rewrite['anchor_id']})"
        )
    return "Utuh"


def status_from(service: str, answer: Mapping[str, object]) -> ChainStatus:
    """A service's JSON answer as a row of the page."""
    broken, anchor, rows = answer.get("broken_at"), answer.get("anchor"), answer.get("rows")
    result = result_words(broken, anchor)
    return ChainStatus(
        service,
        str(answer.get("table", "")),
        rows if isinstance(rows, int) else None,
        result == "Utuh",
        result,
        anchor_words(anchor),
    )


async def chain_status(client: httpx.AsyncClient, service: str, prefix: str) -> ChainStatus:
    """Ask one service to walk its chain; a service that does not answer is said so, not hidden."""
    try:
        answer = await client.get(f"{prefix}/health/audit", headers={"Accept": "application/json"})
        if answer.status_code in (200, 409):
            return status_from(service, answer.json())
        problem = f"layanan menjawab {answer.status_code}"
    except httpx.HTTPError as exc:
        problem = f"layanan tidak menjawab ({type(exc).__name__})"
    return ChainStatus(service, "—", None, False, f"Tidak dapat diperiksa: {problem}")


def router(base_url: str, audited: Mapping[str, str] = AUDITED) -> APIRouter:
    """GET /ops/audit: every service's chain, checked now."""
    r = APIRouter(prefix="/ops")

    @r.get("/audit", response_class=HTMLResponse)
    async def audit(request: Request) -> Response:
        async with httpx.AsyncClient(base_url=base_url, timeout=120) as client:
            statuses = await asyncio.gather(*(chain_status(client, s, p) for s, p in audited.items()))
        return templates.TemplateResponse(request, "audit.html", {"statuses": statuses})

    return r
