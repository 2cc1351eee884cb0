"""A small LKPP simulator for the dev stack and the tests: answers ADP requests through the signed callback.

It listens for `verification.*.aggregation.requested.v1` and, a moment later, posts LKPP's answer to the
verification service's callback, signed with the shared secret: aggregated, or refused when the company name
contains "TOLAK" (so a refusal can be tried by hand).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import uuid

import httpx
import nats
from nats.aio.msg import Msg

from contracts.digests import LKPP_SIGNATURE_HEADER, lkpp_signature

log = logging.getLogger("lkpp")


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


async def post_answer(client: httpx.AsyncClient, url: str, secret: str, answer: dict[str, object]) -> None:
    """Post a signed answer, retrying a few times with backoff while the callback is unavailable."""
    body = json.dumps(answer).encode()
    for attempt in range(8):
        try:
            response = await client.post(
                url,
                content=body,
                headers={"content-type": "application/json", LKPP_SIGNATURE_HEADER: lkpp_signature(secret, body)},
            )
            if response.status_code < 500:
                log.info("answered %s: %s %s", answer["request_ref"], response.status_code, response.text)
                return
        except httpx.HTTPError as exc:
            log.warning("callback failed (%s); retrying", exc)
        await asyncio.sleep(min(2**attempt * 0.5, 10))


async def serve(nats_url: str, callback_url: str, secret: str, delay: float) -> None:
    """Answer every ADP request until stopped."""
    nc = await nats.connect(nats_url, name="lkpp-simulator", max_reconnect_attempts=-1)
    client = httpx.AsyncClient(timeout=10.0)

    async def on_request(msg: Msg) -> None:
        request = json.loads(msg.data)
        await asyncio.sleep(delay)
        await post_answer(client, callback_url, secret, answer_for(request))

    await nc.subscribe("verification.*.aggregation.requested.v1", cb=on_request)
    log.info("LKPP simulator answering at %s", callback_url)
    try:
        await asyncio.Event().wait()
    finally:
        await client.aclose()
        await nc.drain()


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--nats-url", default=os.environ.get("NATS_URL", "nats://127.0.0.1:4222"))
    parser.add_argument("--callback-url", required=True)
    parser.add_argument("--delay", type=float, default=1.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    asyncio.run(serve(args.nats_url, args.callback_url, os.environ["LKPP_CALLBACK_SECRET"], args.delay))


if __name__ == "__main__":
    main()
