"""The helpdesk e2e driver: what a reporter and the helpdesk staff do through the front door, and the facts a case
left on the bus (kept out of the test modules so that no test imports another)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import nats
from nats.aio.client import Client
from nats.js.errors import NotFoundError

from lpse_runtime.sealing import LinkBox
from tests.support import SiteClient, eventually

# The smallest PNG there is (one transparent pixel): a screenshot the reporter attaches.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f0a7a50000000049454e44ae426082"
)


async def report(reporter: SiteClient, lpse: str, email: str, summary: str) -> str:
    """Send the public helpdesk form with a screenshot; returns the ticket's reference from the receipt."""
    form = (await reporter.get(f"/helpdesk/{lpse}/")).text
    key = re.search(r'name="submission_key" value="([0-9a-f-]+)"', form)
    assert key, form
    data = {
        "submission_key": key.group(1),
        "category": "masalah_spse",
        "reporter_role": "penyedia",
        "name": "Siti Rahma",
        "email": email,
        "phone": "081234567890",
        "summary": summary,
        "description": "Unggah dokumen penawaran gagal terus dengan pesan galat 500 sejak pagi.",
        "language": "id",
    }
    sent = await reporter.post(f"/helpdesk/{lpse}/", data=data, files={"attachments": ("layar.png", PNG, "image/png")})
    assert sent.status_code == 200, sent.text
    found = re.search(r'id="ticket-reference">([^<]+)<', sent.text)
    assert found, sent.text
    return found.group(1)


async def sign_in(staff: httpx.AsyncClient, username: str, password: str) -> None:
    """Sign in through the staff sign-in page; the client keeps the session cookie."""
    assert (await staff.post("/staf/masuk", data={"username": username, "password": password})).status_code == 303


async def press(client: httpx.AsyncClient, path: str, data: dict[str, str] | None = None) -> None:
    """One button of a ticket page (staff) or of the status page (reporter): done means sent back with `?ok=`."""
    done = await client.post(path, data=data or {}, follow_redirects=False)
    assert done.status_code == 303 and "?ok=" in done.headers["location"], (path, done.status_code, done.text[-800:])


async def stream_facts(nc: Client, stream: str) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    """Every message a stream holds, in its order, as (subject, JSON body); an empty stream has none."""
    js = nc.jetstream()
    state = (await js.stream_info(stream)).state
    if not state.messages:
        return
    for seq in range(state.first_seq, state.last_seq + 1):
        try:
            message = await js.get_msg(stream, seq)
        except NotFoundError:  # a gap the stream's limits left
            continue
        yield str(message.subject), json.loads(message.data or b"{}")


async def facts(nats_url: str, stream: str, correlation_id: uuid.UUID) -> list[dict[str, Any]]:
    """The facts about one case in a stream, in the stream's order, each with its subject."""
    nc = await nats.connect(nats_url)
    try:
        found: list[dict[str, Any]] = []
        async for subject, body in stream_facts(nc, stream):
            if body.get("correlation_id") == str(correlation_id):
                found.append({**body, "subject": subject})
        return found
    finally:
        await nc.close()


async def opened_fact(nats_url: str, reference: str) -> dict[str, Any]:
    """Wait for the `ticket.opened` fact of a reference and return it."""
    box: dict[str, dict[str, Any]] = {}

    async def published() -> bool:
        nc = await nats.connect(nats_url)
        try:
            async for subject, body in stream_facts(nc, "HELPDESK"):
                if subject.endswith(".ticket.opened.v1") and body.get("reference") == reference:
                    box["fact"] = body
                    return True
            return False
        finally:
            await nc.close()

    await eventually(published, timeout=30, what=f"ticket.opened of {reference}")
    return box["fact"]


def status_token(fact: dict[str, Any], link_secret: str) -> str:
    """The status page's token, from the sealed link the fact carries (what the reporter's email links to)."""
    link = LinkBox(link_secret).open(str(fact["status_url"]))
    return link.rstrip("/").rsplit("/", 1)[1]
