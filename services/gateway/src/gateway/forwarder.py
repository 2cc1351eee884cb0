"""The forwarder: takes due forwards under a lease, posts each to LKPP's ticket API, records what LKPP answered.

A forward is claimed (status `sending`, attempt counted, a lease) and committed before the request; the outcome is
recorded in a second transaction with its fact. A forwarder that dies between LKPP's 2xx and that record leaves the
lease to lapse; the forward is then sent again with the same body and the same Idempotency-Key, and LKPP answers
with the ticket number it gave the first time instead of opening a second ticket.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

import asyncpg
import httpx
from prometheus_client import CollectorRegistry, Counter, Gauge

from contracts.digests import LKPP_SIGNATURE_HEADER, lkpp_signature
from gateway import db
from gateway.domain import OVERDUE_AFTER, Answer, Forward, decide
from gateway.settings import Settings
from lpse_runtime.clock import Clock
from lpse_runtime.commit import commit
from lpse_runtime.loop import WakingLoop

log = logging.getLogger(__name__)
BATCH = 10
IDEMPOTENCY_KEY = "Idempotency-Key"

FaultHook = Callable[[Forward], None]  # tests: raise after LKPP accepted, before the outcome is recorded


def answer_of(response: httpx.Response) -> Answer:
    """LKPP's HTTP answer as the domain reads it: the status, its ticket number, its message."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return Answer(response.status_code, message=response.text[:500])
    ref = data.get("lkpp_ref")
    message = data.get("error") or data.get("message") or data.get("detail") or ""
    return Answer(response.status_code, lkpp_ref=ref if isinstance(ref, str) else None, message=str(message))


class Forwarder:
    """One forwarder loop per gateway process; several processes share the work through row locks."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        clock: Clock,
        settings: Settings,
        registry: CollectorRegistry | None = None,
        *,
        after_accepted: FaultHook | None = None,
        schema: str = "gateway",
    ) -> None:
        self._pool = pool
        self._clock = clock
        self._settings = settings
        self._schema = schema
        self._after_accepted = after_accepted
        self._url = settings.lkpp_api_url.rstrip("/") + "/tiket"
        self._client: httpx.AsyncClient | None = None
        self._outcomes = Counter("gateway_forward_outcomes", "LKPP's answers", ["outcome"], registry=registry)
        self._overdue = Gauge("gateway_forwards_overdue", "Escalations unaccepted after a day", registry=registry)

    async def forward_due(self) -> int:
        """Send what is due; returns how many forwards were attempted."""
        now = self._clock.now()
        async with self._pool.acquire() as conn:
            async with conn.transaction():
                claimed = await db.claim_due(conn, now, BATCH, timedelta(seconds=self._settings.lease_seconds))
            self._overdue.set(await db.overdue_count(conn, now - OVERDUE_AFTER))
        # Side by side: one slow answer (up to the timeout) must not hold the rest of the batch past its lease. Not a
        # TaskGroup: on Python 3.11 one failed attempt would leave the loop's own task marked as cancelled.
        outcomes = await asyncio.gather(*(self._attempt(forward) for forward in claimed), return_exceptions=True)
        for failed in (o for o in outcomes if isinstance(o, BaseException)):
            raise failed  # after every other attempt of the batch was recorded
        return len(claimed)

    async def _attempt(self, forward: Forward) -> None:
        answer = await self._post(forward)
        if self._after_accepted is not None and answer.http_status is not None and answer.http_status < 300:
            self._after_accepted(forward)
        decided = decide(forward, answer, now=self._clock.now())
        self._outcomes.labels(decided.state.outcome.value).inc()
        async with self._pool.acquire() as conn, conn.transaction():
            if not await db.still_claimed(conn, forward):
                log.warning("forward %s was taken by another attempt; this answer is not recorded", forward.reference)
                return
            await commit(conn, decided, db.save_recorded)
        log.info(
            "forward of %s (attempt %s): HTTP %s, %s",
            forward.reference,
            forward.attempts,
            answer.http_status,
            decided.state.forward.status.value,
        )

    async def _post(self, forward: Forward) -> Answer:
        body = forward.body.encode()
        headers = {
            "content-type": "application/json",
            IDEMPOTENCY_KEY: str(forward.escalation_event_id),
            LKPP_SIGNATURE_HEADER: lkpp_signature(self._settings.lkpp_callback_secret, body),
        }
        try:
            response = await self._http().post(self._url, content=body, headers=headers)
        except httpx.HTTPError as exc:  # refused, reset, timed out: no answer, try again later
            return Answer(None, message=f"{type(exc).__name__}: {exc}")
        return answer_of(response)

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._settings.lkpp_timeout_seconds)
        return self._client

    async def run(self) -> None:
        """Forward until cancelled: woken when escalations are recorded, polling for retries that fall due."""
        try:
            await WakingLoop(
                self._forwarded_some,
                name="forwarder",
                poll_seconds=self._settings.forwarder_poll_seconds,
                database_url=self._settings.database_url,
                schema=self._schema,
                channel=f"{self._schema}_forwards",
            ).run()
        finally:
            if self._client is not None:
                await self._client.aclose()
                self._client = None

    async def _forwarded_some(self) -> bool:
        return await self.forward_due() >= BATCH
