"""The wire's public description: the committed AsyncAPI document, as JSON and as a page (no data, no sign-in)."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from contracts.snapshots import ASYNCAPI_PATH
from lpse_runtime.web import templates_for

templates = templates_for(__file__)


def load_asyncapi() -> dict[str, Any]:
    """The committed AsyncAPI document."""
    loaded: dict[str, Any] = json.loads(ASYNCAPI_PATH.read_text(encoding="utf-8"))
    return loaded


def channels_of(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Each channel with its message, the operations on it and its payload schema, as the page lists them."""
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
    return channels


def router() -> APIRouter:
    """GET /ops/asyncapi.json and /ops/asyncapi."""
    r = APIRouter(prefix="/ops")

    @r.get("/asyncapi.json")
    async def asyncapi_json() -> dict[str, Any]:
        return load_asyncapi()

    @r.get("/asyncapi", response_class=HTMLResponse)
    async def asyncapi_page(request: Request) -> Response:
        doc = load_asyncapi()
        return templates.TemplateResponse(request, "asyncapi.html", {"doc": doc, "channels": channels_of(doc)})

    return r
