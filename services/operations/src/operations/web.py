"""The operators' console: streams and consumers, dead letters with replay, the live event feed (SSE)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from nats.aio.client import Client
from nats.js.errors import BadRequestError, NotFoundError
from sse_starlette.sse import EventSourceResponse

from contracts.catalog import EVENTS
from contracts.lpse import LpseProfile
from lpse_runtime.authz import require
from lpse_runtime.deadletters import (
    PAGE_SIZE,
    DeadLetter,
    DeadLetterPage,
    page_heading,
    page_of_dead_letters,
    replay_dead_letter,
)
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for
from operations.bus import Feed, stored_breaches, stream_overview
from operations.domain import FeedItem, breach_row, full_time, latest_breaches, matches, subject_lpse, zone_note

templates = templates_for(__file__)
Replayer = Annotated[StaffPrincipal, Depends(require("ops.putar_ulang"))]
# How long the feed waits for a fact before looking again whether the browser is still there.
FEED_IDLE_SECONDS = 15
# How many missed deadlines the console lists (the newest).
BREACHES_SHOWN = 50
# The most dead letters one API call returns; the caller pages on with `offset` (the count is in X-Total-Count).
API_PAGE_MAX = 500


@dataclass(frozen=True)
class Console:
    """What the console's pages read: the bus, the live feed and the LPSEs (their codes, zones and names)."""

    get_nc: Callable[[], Client]
    feed: Feed
    profiles: Mapping[str, LpseProfile]

    @property
    def zones(self) -> dict[str, str]:
        """Each LPSE's time zone."""
        return {code: p.time_zone for code, p in self.profiles.items()}

    def zone_note(self) -> str:
        """Which LPSE reads which zone, under the page's times."""
        return zone_note(self.zones, {code: p.name.removeprefix("LPSE ") for code, p in self.profiles.items()})


EVENT_TYPES = sorted({".".join(e.subject_template.split(".")[2:4]) for e in EVENTS})


def dead_letter_rows(letters: list[DeadLetter], zones: Mapping[str, str]) -> list[dict[str, Any]]:
    """Dead letters as the page shows them, each stored time in the zone of its original subject's LPSE."""
    return [
        {
            "seq": d.seq,
            "consumer": d.consumer,
            "original_subject": d.original_subject,
            "error": d.error,
            "deliveries": d.deliveries,
            "stored": full_time(d.stored_at, zones.get(subject_lpse(d.original_subject))) if d.stored_at else "—",
        }
        for d in letters
    ]


def dead_letter_json(d: DeadLetter) -> dict[str, Any]:
    """A dead letter as the API gives it."""
    return {
        "seq": d.seq,
        "consumer": d.consumer,
        "subject": d.original_subject,
        "error": d.error,
        "deliveries": d.deliveries,
    }


def page_number(text: str) -> int:
    """The page asked for in the address; anything that is no page number is the first page."""
    return int(text) if text.isdecimal() and 0 < len(text) < 7 and int(text) > 0 else 1


def dead_letter_paging(page: DeadLetterPage, number: int) -> dict[str, Any]:
    """The heading and the previous/next page numbers under the dead-letter table."""
    return {
        "heading": page_heading(page),
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if page.has_next else None,
        "total": page.total,
    }


async def facts_for(
    request: Request, queue: asyncio.Queue[FeedItem], lpse: str, event_type: str
) -> AsyncIterator[dict[str, str]]:
    """One browser's feed: 'ready' once it is listening, then every matching fact until it goes away."""
    yield {"event": "ready", "data": "{}"}  # the browser (or a test) knows it will miss nothing now
    while not await request.is_disconnected():
        try:  # asyncio.timeout, not wait_for: on 3.11 wait_for can drop the cancel of a closing response
            async with asyncio.timeout(FEED_IDLE_SECONDS):
                item = await queue.get()
        except TimeoutError:
            continue
        if matches(item, lpse=lpse or None, event_type=event_type or None):
            yield {"event": "fact", "data": item.to_json()}


def router(console: Console) -> APIRouter:
    """The /ops console, its JSON and SSE endpoints and the replay: for operators only."""
    r = APIRouter(prefix="/ops")
    # Watching is one action; the replay, which changes the bus, is its own.
    watcher = APIRouter(dependencies=[Depends(require("ops.lihat"))])

    @watcher.get("/", response_class=HTMLResponse)
    async def index(request: Request, lpse: str = "", type: str = "", halaman: str = "1") -> Response:
        nc = console.get_nc()
        number = page_number(halaman)
        page = await page_of_dead_letters(nc.jetstream(), offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        stored = await stored_breaches(nc, BREACHES_SHOWN)
        breaches = [breach_row(subject, payload, zones=console.zones) for subject, payload in stored]
        return templates.TemplateResponse(
            request,
            "ops.html",
            {
                "streams": await stream_overview(nc),
                "dead": dead_letter_rows(page.letters, console.zones),
                "dead_paging": dead_letter_paging(page, number),
                "breaches": latest_breaches(breaches, BREACHES_SHOWN),
                "lpse_names": {code: p.name for code, p in console.profiles.items()},
                "zone_note": console.zone_note(),
                "lpse_codes": list(console.profiles),
                "event_types": EVENT_TYPES,
                "lpse": lpse,
                "type": type,
                "replayed": request.query_params.get("diputar"),
                "staff": request.state.staff,  # read by the route's authorization
            },
        )

    @watcher.get("/api/streams")
    async def streams() -> list[dict[str, Any]]:
        return await stream_overview(console.get_nc())

    @watcher.get("/api/dead-letters")
    async def dead_letters(response: Response, offset: int = 0, limit: int = PAGE_SIZE) -> list[dict[str, Any]]:
        limit = min(max(limit, 1), API_PAGE_MAX)
        page = await page_of_dead_letters(console.get_nc().jetstream(), offset=max(offset, 0), limit=limit)
        response.headers["X-Total-Count"] = str(page.total)
        return [dead_letter_json(d) for d in page.letters]

    @r.post("/dead-letters/{seq}/replay")
    async def replay(seq: int, _: Replayer) -> Response:
        if seq < 1:
            raise HTTPException(404, "Dead letter tidak ditemukan")
        try:
            subject = await replay_dead_letter(console.get_nc().jetstream(), seq)
        except (NotFoundError, BadRequestError, KeyError):
            raise HTTPException(404, "Dead letter tidak ditemukan (mungkin sudah diputar ulang)") from None
        return RedirectResponse(f"/ops/?diputar={subject}", status_code=303)

    @watcher.get("/api/feed")
    async def live(request: Request, lpse: str = "", type: str = "") -> EventSourceResponse:
        async def items() -> AsyncIterator[dict[str, str]]:
            with console.feed.listen() as queue:
                async for item in facts_for(request, queue, lpse, type):
                    yield item

        return EventSourceResponse(items(), ping=FEED_IDLE_SECONDS)

    r.include_router(watcher)
    return r
