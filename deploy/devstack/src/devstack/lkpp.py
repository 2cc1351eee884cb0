"""A small LKPP simulator for the dev stack and the tests: LKPP's ticket API, and its answers by signed callback.

An HTTP server (`/lkpp/api/…`). `POST /lkpp/api/tiket` is LKPP's helpdesk taking a ticket the gateway forwards: a
request whose `x-lkpp-signature` does not match the shared secret gets 401; the first request under an
`Idempotency-Key` opens a ticket (202 with its `lkpp_ref`), a repeat of it gets 200 and the same number. A moment
later LKPP answers on the `callback_url` the request named, signed with the same secret: a summary containing
"TUNDA" is never answered (LKPP keeps it open, as it may), one containing "TOLAK" is returned (`dikembalikan`), any
other is solved (`selesai`). `POST /lkpp/api/forensik` takes forensic tests (`devstack.forensik`, shared with the
BSSN simulator). `POST /lkpp/api/penyedia/perubahan` takes changes of aggregated provider accounts and
`GET /lkpp/api/penyedia/<user_id>` shows what LKPP holds of one (`devstack.penyedia`). `GET /lkpp/api/diterima` lists
what it received (tickets, forensic tests, provider changes), per key, for the tests.

With `--callback-url` it also answers ADP requests as before: it listens for `verification.*.aggregation.requested.v1`
and posts LKPP's answer to verification's callback: aggregated, or refused when the company name contains "TOLAK".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import nats
import uvicorn
from nats.aio.client import Client
from nats.aio.msg import Msg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from contracts.digests import LKPP_SIGNATURE_HEADER, lkpp_signature_valid
from devstack.forensik import ForensicDesk
from devstack.penyedia import ProviderDesk
from devstack.signed import post_signed

log = logging.getLogger("lkpp")
IDEMPOTENCY_KEY = "Idempotency-Key"
RETURNED_ANSWER = "Bukan permasalahan aplikasi SPSE (simulasi LKPP)"
SOLVED_ANSWER = "Permasalahan telah ditangani Helpdesk LKPP (simulasi LKPP)"


def answer_for(request: dict[str, object]) -> dict[str, object]:
    """LKPP's (simulated) decision on one ADP request."""
    ref = str(request["request_ref"])
    if "TOLAK" in str(request.get("company_name", "")).upper():
        return {
            "request_ref": ref,
            "result": "refused",
            "lkpp_ref": f"LKPP-{uuid.uuid4().hex[:8].upper()}",
            "reason": "NPWP tidak ditemukan pada data DJP (simulasi LKPP)",
        }
    return {"request_ref": ref, "result": "aggregated", "lkpp_ref": f"LKPP-{uuid.uuid4().hex[:8].upper()}"}


def ticket_answer(ticket: dict[str, object], lkpp_ref: str) -> dict[str, object] | None:
    """LKPP's (simulated) answer to a ticket, by the words in its summary; None: it is never answered."""
    summary = str(ticket.get("summary") or "").upper()
    if "TUNDA" in summary:
        return None
    base = {"lkpp_ref": lkpp_ref, "ticket_ref": str(ticket["ticket_ref"])}
    if "TOLAK" in summary:
        return {**base, "result": "dikembalikan", "answer": RETURNED_ANSWER}
    return {**base, "result": "selesai", "answer": SOLVED_ANSWER}


post_answer = post_signed  # the agregasi answer's name before tickets existed


@dataclass
class Received:
    """One ticket LKPP opened: its number, and how many requests carried its key."""

    lkpp_ref: str
    requests: int = 1


class TicketDesk:
    """LKPP's helpdesk as the simulator plays it: one ticket per Idempotency-Key, answered by callback."""

    def __init__(self, secret: str, delay: float) -> None:
        self.secret = secret
        self.delay = delay
        self.client: httpx.AsyncClient | None = None  # the app's, while it runs
        self.received: dict[str, Received] = {}
        self._answering: set[asyncio.Task[None]] = set()

    async def take(self, request: Request) -> JSONResponse:
        """`POST /lkpp/api/tiket`: 401 unsigned, 400 without a key, 422 unreadable, 202 new, 200 a repeat."""
        body = await request.body()
        if not lkpp_signature_valid(self.secret, body, request.headers.get(LKPP_SIGNATURE_HEADER, "")):
            return JSONResponse({"error": "tanda tangan tidak sah"}, status_code=401)
        key = request.headers.get(IDEMPOTENCY_KEY, "").strip()
        if not key:
            return JSONResponse({"error": "Idempotency-Key wajib diisi"}, status_code=400)
        if key in self.received:
            seen = self.received[key]
            seen.requests += 1
            return JSONResponse({"lkpp_ref": seen.lkpp_ref}, status_code=200)
        try:
            ticket = json.loads(body)
        except ValueError:
            ticket = None
        if not isinstance(ticket, dict) or not all(
            isinstance(ticket.get(k), str) for k in ("ticket_ref", "callback_url")
        ):
            return JSONResponse({"error": "ticket_ref dan callback_url wajib diisi"}, status_code=422)
        ref = f"LKPP-TIK-{uuid.uuid4().hex[:8].upper()}"
        self.received[key] = Received(ref)
        task = asyncio.create_task(self._answer(ticket, ref))
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)
        return JSONResponse({"lkpp_ref": ref}, status_code=202)

    async def _answer(self, ticket: dict[str, object], ref: str) -> None:
        await asyncio.sleep(self.delay)
        answer = ticket_answer(ticket, ref)
        if answer is None or self.client is None:
            log.info("ticket %s (%s) is kept open: no answer", ticket["ticket_ref"], ref)
            return
        await post_signed(self.client, str(ticket["callback_url"]), self.secret, answer, retry_not_found=True)

    def listed(self) -> dict[str, dict[str, object]]:
        """`GET /lkpp/api/diterima` (ticket part): per key, the ticket number and how many requests carried it."""
        return {k: {"lkpp_ref": r.lkpp_ref, "permintaan": r.requests} for k, r in self.received.items()}

    async def close(self) -> None:
        """Stop answering."""
        for task in list(self._answering):
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def ready(_: Request) -> JSONResponse:
    """`GET /lkpp/health/ready`: the simulator answers."""
    return JSONResponse({"status": "ok"})


def simulator_app(
    secret: str, *, delay: float = 1.0, nats_url: str | None = None, agregasi_callback: str | None = None
) -> Starlette:
    """The simulator as an ASGI app; with a NATS URL and verification's callback it also answers agregasi."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with httpx.AsyncClient(timeout=10.0) as client:
            desk.client = forensik.client = client
            nc = await answer_agregasi(nats_url, agregasi_callback, secret, delay, client) if nats_url else None
            try:
                yield
            finally:
                await desk.close()
                await forensik.close()
                desk.client = forensik.client = None
                if nc is not None:
                    await nc.drain()

    desk = TicketDesk(secret, delay)
    forensik = ForensicDesk("lkpp", secret, delay)
    penyedia = ProviderDesk(secret)

    async def listing(_: Request) -> JSONResponse:
        # Tickets are keyed by the escalation's event id, forensic tests and provider changes by `<event id>:lkpp`:
        # one listing holds them all.
        return JSONResponse({**desk.listed(), **forensik.listed(), **penyedia.listed()})

    app = Starlette(
        routes=[
            Route("/lkpp/api/tiket", desk.take, methods=["POST"]),
            Route("/lkpp/api/forensik", forensik.take, methods=["POST"]),
            Route("/lkpp/api/penyedia/perubahan", penyedia.take, methods=["POST"]),
            Route("/lkpp/api/penyedia/{user_id}", penyedia.holding, methods=["GET"]),
            Route("/lkpp/api/diterima", listing, methods=["GET"]),
            Route("/lkpp/health/ready", ready, methods=["GET"]),
        ],
        lifespan=lifespan,
    )
    app.state.desk = desk
    app.state.forensik = forensik
    app.state.penyedia = penyedia
    return app


async def answer_agregasi(
    nats_url: str, callback_url: str | None, secret: str, delay: float, client: httpx.AsyncClient
) -> Client | None:
    """Answer every ADP request on verification's callback (core NATS, as before the gateway takes agregasi)."""
    if callback_url is None:
        return None
    nc = await nats.connect(nats_url, name="lkpp-simulator", max_reconnect_attempts=-1)

    async def on_request(msg: Msg) -> None:
        request = json.loads(msg.data)
        await asyncio.sleep(delay)
        await post_signed(client, callback_url, secret, answer_for(request))

    await nc.subscribe("verification.*.aggregation.requested.v1", cb=on_request)
    log.info("LKPP simulator answering agregasi at %s", callback_url)
    return nc


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nats-url", default=os.environ.get("NATS_URL", "nats://127.0.0.1:4222"))
    parser.add_argument("--callback-url", help="verification's agregasi callback (no agregasi answers without it)")
    parser.add_argument("--port", type=int, default=8490)
    parser.add_argument("--delay", type=float, default=1.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    app = simulator_app(
        os.environ["LKPP_CALLBACK_SECRET"],
        delay=args.delay,
        nats_url=args.nats_url if args.callback_url else None,
        agregasi_callback=args.callback_url,
    )
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", timeout_graceful_shutdown=5)


if __name__ == "__main__":
    main()
