"""A simulated party's signed answer, posted to the LPSE's callback with retries (LKPP's and BSSN's simulators)."""

from __future__ import annotations

import asyncio
import json
import logging

import httpx

from contracts.digests import LKPP_SIGNATURE_HEADER, lkpp_signature

log = logging.getLogger("simulator")


async def post_signed(
    client: httpx.AsyncClient,
    url: str,
    secret: str,
    answer: dict[str, object],
    *,
    retry_not_found: bool = False,
    header: str = LKPP_SIGNATURE_HEADER,
) -> None:
    """Post a signed answer, retrying with backoff while the callback is unavailable.

    A ticket's or a forensic test's answer is also retried on 404: the party may answer before the LPSE has recorded
    the number it gave."""
    body = json.dumps(answer).encode()
    for attempt in range(8):
        try:
            response = await client.post(
                url,
                content=body,
                headers={"content-type": "application/json", header: lkpp_signature(secret, body)},
            )
            if response.status_code < 500 and not (retry_not_found and response.status_code == 404):
                log.info(
                    "answered %s: %s %s",
                    answer.get("request_ref") or answer.get("ticket_ref") or answer.get("case_ref"),
                    response.status_code,
                    response.text,
                )
                return
        except httpx.HTTPError as exc:
            log.warning("callback failed (%s); retrying", exc)
        await asyncio.sleep(min(2**attempt * 0.5, 10))
