"""The operators' page: live event feed (SSE), streams and consumers, dead letters with replay."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.js.errors import BadRequestError, NotFoundError
from sse_starlette.sse import EventSourceResponse

from contracts.catalog import EVENTS
from contracts.lpse import LpseProfile
from contracts.snapshots import ASYNCAPI_PATH
from lpse_runtime.authz import require
from lpse_runtime.deadletters import DeadLetter, list_dead_letters, replay_dead_letter
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.web import templates_for
from operations.domain import FeedItem, feed_item, full_time, matches, subject_lpse, zone_note

templates = templates_for(__file__)
Replayer = Annotated[StaffPrincipal, Depends(require("ops.putar_ulang"))]


def load_asyncapi() -> dict[str, Any]:
    """The committed AsyncAPI document."""
    loaded: dict[str, Any] = json.loads(ASYNCAPI_PATH.read_text(encoding="utf-8"))
    return loaded


class Feed:
    """Fans every bus message out to the connected browsers, each with a bounded queue."""

    def __init__(self, zones: Mapping[str, str] | None = None) -> None:
        self.listeners: set[asyncio.Queue[FeedItem]] = set()
        self.zones: Mapping[str, str] = zones or {}

    async def on_message(self, msg: Msg) -> None:
        """Core NATS callback."""
        item = feed_item(msg.subject, msg.data, zones=self.zones, received_at=datetime.now(UTC))
        for queue in list(self.listeners):
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(item)

    @contextlib.contextmanager
    def listen(self) -> Any:
        """Register a queue for one browser."""
        queue: asyncio.Queue[FeedItem] = asyncio.Queue(maxsize=1000)
        self.listeners.add(queue)
        try:
            yield queue
        finally:
            self.listeners.discard(queue)


async def stream_overview(nc: Client) -> list[dict[str, Any]]:
    """Each stream with its state and its consumers' pending, ack-pending and redelivered counts."""
    js = nc.jetstream()
    overview = []
    for info in await js.streams_info():
        name = str(info.config.name)
        consumers: list[dict[str, Any]] = []
        with contextlib.suppress(NotFoundError):
            for c in await js.consumers_info(name):
                consumers.append(
                    {
                        "name": c.name,
                        "filter": ", ".join(c.config.filter_subjects or [c.config.filter_subject or ">"]),
                        "pending": c.num_pending,
                        "ack_pending": c.num_ack_pending,
                        "redelivered": c.num_redelivered,
                        "delivered": c.delivered.stream_seq if c.delivered else 0,
                        "max_deliver": c.config.max_deliver,
                    }
                )
        overview.append(
            {
                "name": info.config.name,
                "subjects": info.config.subjects,
                "messages": info.state.messages,
                "bytes": info.state.bytes,
                "last_seq": info.state.last_seq,
                "consumers": sorted(consumers, key=lambda c: str(c["name"])),
            }
        )
    return sorted(overview, key=lambda s: str(s["name"]))


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


def router(get_nc: Callable[[], Client], feed: Feed, profiles: Mapping[str, LpseProfile]) -> APIRouter:
    """The /ops pages and their JSON and SSE endpoints."""
    r = APIRouter(prefix="/ops")
    # Everything here but the AsyncAPI document (the wire's public description, no data) is for operators.
    watcher = APIRouter(dependencies=[Depends(require("ops.lihat"))])
    lpse_codes = list(profiles)
    zones = {code: p.time_zone for code, p in profiles.items()}
    note = zone_note(zones, {code: p.name.removeprefix("LPSE ") for code, p in profiles.items()})
    event_types = sorted({".".join(e.subject_template.split(".")[2:4]) for e in EVENTS})

    @watcher.get("/", response_class=HTMLResponse)
    async def index(request: Request, lpse: str = "", type: str = "") -> Response:
        nc = get_nc()
        return templates.TemplateResponse(
            request,
            "ops.html",
            {
                "streams": await stream_overview(nc),
                "dead": dead_letter_rows(await list_dead_letters(nc.jetstream(), limit=50), zones),
                "zone_note": note,
                "lpse_codes": lpse_codes,
                "event_types": event_types,
                "lpse": lpse,
                "type": type,
                "replayed": request.query_params.get("diputar"),
                "staff": request.state.staff,  # read by the route's authorization
            },
        )

    @r.get("/asyncapi.json")
    async def asyncapi_json() -> dict[str, Any]:
        return load_asyncapi()

    @r.get("/asyncapi", response_class=HTMLResponse)
    async def asyncapi_page(request: Request) -> Response:
        doc = load_asyncapi()
        channels = []
        for channel_id, channel in doc["channels"].items():
            name = next(iter(channel["messages"]))
            message = doc["components"]["messages"][name]
            ops = [
                (op_id, op["action"])
                for op_id, op in doc["operations"].items()
                if op["channel"]["$ref"] == f"#/channels/{channel_id}"
            ]
            channels.append(
                {
                    "id": channel_id,
                    "address": channel["address"],
                    "message": message,
                    "operations": ops,
                    "payload": json.dumps(message["payload"], indent=2, ensure_ascii=False),
                }
            )
        return templates.TemplateResponse(request, "asyncapi.html", {"doc": doc, "channels": channels})

    @watcher.get("/api/streams")
    async def streams() -> list[dict[str, Any]]:
        return await stream_overview(get_nc())

    @watcher.get("/api/dead-letters")
    async def dead_letters() -> list[dict[str, Any]]:
        letters = await list_dead_letters(get_nc().jetstream())
        return [
            {
                "seq": d.seq,
                "consumer": d.consumer,
                "subject": d.original_subject,
                "error": d.error,
                "deliveries": d.deliveries,
            }
            for d in letters
        ]

    @r.post("/dead-letters/{seq}/replay")
    async def replay(seq: int, _: Replayer) -> Response:
        if seq < 1:
            raise HTTPException(404, "Dead letter tidak ditemukan")
        try:
            subject = await replay_dead_letter(get_nc().jetstream(), seq)
        except (NotFoundError, BadRequestError, KeyError):
            raise HTTPException(404, "Dead letter tidak ditemukan (mungkin sudah diputar ulang)") from None
        return RedirectResponse(f"/ops/?diputar={subject}", status_code=303)

    @watcher.get("/api/feed")
    async def live(request: Request, lpse: str = "", type: str = "") -> EventSourceResponse:
        async def items() -> AsyncIterator[dict[str, str]]:
            with feed.listen() as queue:
                yield {"event": "ready", "data": "{}"}  # the browser (or a test) knows it will miss nothing now
                while not await request.is_disconnected():
                    try:
                        item = await asyncio.wait_for(queue.get(), timeout=15)
                    except TimeoutError:
                        continue
                    if matches(item, lpse=lpse or None, event_type=type or None):
                        yield {"event": "fact", "data": item.to_json()}

        return EventSourceResponse(items(), ping=15)

    r.include_router(watcher)
    return r
