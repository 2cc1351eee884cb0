"""The forwarder: takes due forwards under a lease, posts each to its party's API, records what the party answered.

A forward is claimed (status `sending`, attempt counted, a lease) and committed before the request; the outcome is
recorded in a second transaction with its fact. A forwarder that dies between the party's 2xx and that record leaves
the lease to lapse; the forward is then sent again with the same body and the same Idempotency-Key, and the party
answers with the number it gave the first time instead of opening a second case.

Each party has its own loop: LKPP's forwards never wait behind a BSSN that is down or slow to time out, or the other
way round.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import asyncpg
import httpx
from prometheus_client import CollectorRegistry, Counter, Gauge

from contracts.digests import lkpp_signature
from contracts.forensic import ExternalParty
from gateway import db
from gateway.domain import OVERDUE_AFTER, REF_FIELD, Answer, Forward, ForwardKind, decide
from gateway.settings import PartyApi, Settings
from lpse_runtime.clock import Clock
from lpse_runtime.commit import commit
from lpse_runtime.loop import WakingLoop

log = logging.getLogger(__name__)
BATCH = 10
IDEMPOTENCY_KEY = "Idempotency-Key"

FaultHook = Callable[[Forward], None]  # tests: raise after the party accepted, before the outcome is recorded


@dataclass(frozen=True)
class ForwardMetrics:
    """The forwarders' metrics, registered once and shared by every party's loop."""

    outcomes: Counter
    overdue: Gauge

    @classmethod
    def registered(cls, registry: CollectorRegistry | None) -> ForwardMetrics:
        """The metrics on a registry (the service's, on `/gateway/metrics`)."""
        return cls(
            Counter("gateway_forward_outcomes", "The parties' answers", ["party", "outcome"], registry=registry),
            Gauge(
                "gateway_forwards_overdue",
                "Forwards (tickets, forensic tests, provider changes) unaccepted after a day",
                registry=registry,
            ),
        )


def answer_of(response: httpx.Response, kind: ForwardKind = ForwardKind.TICKET) -> Answer:
    """A party's HTTP answer as the domain reads it: the status, its number, its message."""
    try:
        data = response.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return Answer(response.status_code, message=response.text[:500])
    ref = data.get(REF_FIELD[kind])
    message = data.get("error") or data.get("message") or data.get("detail") or ""
    return Answer(response.status_code, external_ref=ref if isinstance(ref, str) else None, message=str(message))


def headers(forward: Forward, api: PartyApi) -> dict[str, str]:
    """Every attempt's headers: the forward's own key, and the body's HMAC-SHA256 under its party's secret."""
    return {
        "content-type": "application/json",
        IDEMPOTENCY_KEY: forward.idempotency_key,
        api.signature_header: lkpp_signature(api.secret, forward.body.encode()),
    }


class Forwarder:
    """One party's forwarder loop per gateway process; several processes share the work through row locks."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        clock: Clock,
        settings: Settings,
        metrics: ForwardMetrics,
        *,
        party: ExternalParty = "lkpp",
        after_accepted: FaultHook | None = None,
        schema: str = "gateway",
    ) -> None:
        self._pool = pool
        self._clock = clock
        self._settings = settings
        self._party = party
        self._api = settings.party_api(party)
        self._schema = schema
        self._after_accepted = after_accepted
        self._client: httpx.AsyncClient | None = None
        self._metrics = metrics

    async def forward_due(self) -> int:
        """Send this party's forwards that are due; returns how many were attempted."""
        now = self._clock.now()
        lease = timedelta(seconds=self._settings.lease_seconds)
        async with self._pool.acquire() as conn:
            async with conn.transaction():
                claimed = await db.claim_due(conn, now, BATCH, lease, self._party)
            self._metrics.overdue.set(await db.overdue_count(conn, now - OVERDUE_AFTER))
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
        self._metrics.outcomes.labels(self._party, decided.state.outcome.value).inc()
        async with self._pool.acquire() as conn, conn.transaction():
            if not await db.still_claimed(conn, forward):
                log.warning(
                    "forward of %s to %s was taken by another attempt; not recorded", forward.reference, self._party
                )
                return
            await commit(conn, decided, db.save_recorded)
        log.info(
            "forward of %s to %s (attempt %s): HTTP %s, %s",
            forward.reference,
            self._party,
            forward.attempts,
            answer.http_status,
            decided.state.forward.status.value,
        )

    async def _post(self, forward: Forward) -> Answer:
        url = f"{self._api.url.rstrip('/')}/{forward.target}"
        try:
            response = await self._http().post(url, content=forward.body.encode(), headers=headers(forward, self._api))
        except httpx.HTTPError as exc:  # refused, reset, timed out: no answer, try again later
            return Answer(None, message=f"{type(exc).__name__}: {exc}")
        return answer_of(response, forward.kind)

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._api.timeout_seconds)
        return self._client

    async def run(self) -> None:
        """Forward until cancelled: woken when escalations are recorded, polling for retries that fall due."""
        try:
            await WakingLoop(
                self._forwarded_some,
                name=f"forwarder-{self._party}",
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
