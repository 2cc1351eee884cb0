"""The pieces every service's composition root assembles: pool, broker, relay, consumers, health."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from typing import Any

import asyncpg
from fastapi import FastAPI
from faststream.nats import NatsBroker
from faststream.nats.prometheus import NatsPrometheusMiddleware
from prometheus_client import CollectorRegistry

from contracts.lpse import LpseProfile, load_profiles
from contracts.streams import load_topology
from lpse_runtime.anchor import ANCHOR_STREAM, anchor_loop, check_anchors
from lpse_runtime.audit import ChainReport, check_chain
from lpse_runtime.clock import Clock, OffsetClock, SystemClock
from lpse_runtime.consumer import ConsumerMetrics, Dispatch, subscribe, watch_max_deliveries
from lpse_runtime.db import create_pool
from lpse_runtime.errors import install_error_pages
from lpse_runtime.health import health_router
from lpse_runtime.outbox import OutboxRelay
from lpse_runtime.security import install_security
from lpse_runtime.settings import ServiceSettings
from lpse_runtime.staff import SessionCheck
from lpse_runtime.timers import OnFire, TimerWorker

log = logging.getLogger(__name__)


def make_broker(nats_url: str, registry: CollectorRegistry, service: str) -> NatsBroker:
    """A NATS broker with Prometheus metrics; reconnects forever."""
    return NatsBroker(
        nats_url,
        name=service,
        max_reconnect_attempts=-1,
        reconnect_time_wait=1,
        middlewares=(NatsPrometheusMiddleware(registry=registry, app_name=service),),
        logger=logging.getLogger(f"{service}.broker"),
        # FastStream logs each message received and processed; at INFO that is two lines per message everywhere.
        log_level=logging.DEBUG,
    )


def clock_from(settings: ServiceSettings) -> Clock:
    """The wall clock, or in development the wall clock moved by `LPSE_CLOCK_OFFSET_SECONDS`."""
    if not settings.clock_offset_seconds:
        return SystemClock()
    settings.refuse_moved_clock()  # outside development a moved clock stops the service here too
    log.warning("jam layanan digeser %+g detik (LPSE_CLOCK_OFFSET_SECONDS)", settings.clock_offset_seconds)
    return OffsetClock(settings.clock_offset_seconds)


class ServiceRuntime:
    """One service's shared plumbing. Nothing connects until `start()`.

    `owns_tables=False` is a service with no schema of its own (no migrations, so no outbox, inbox, timers or audit
    log): it keeps the pool for the staff session check and readiness, and gets no relay and no audit route.
    """

    def __init__(
        self, service: str, settings: ServiceSettings, *, clock: Clock | None = None, owns_tables: bool = True
    ) -> None:
        self.service = service
        self.owns_tables = owns_tables
        self.settings = settings
        self.clock: Clock = clock or clock_from(settings)
        self.registry = CollectorRegistry()
        self.topology = load_topology(settings.topology_path)
        self.profiles: dict[str, LpseProfile] = load_profiles(settings.lpse_dir)
        self.broker = make_broker(settings.nats_url, self.registry, service)
        self.consumer_metrics = ConsumerMetrics(self.registry)
        self._pool: asyncpg.Pool | None = None
        self._relay_task: asyncio.Task[None] | None = None
        self.relay: OutboxRelay | None = None
        self._workers: list[tuple[str, Callable[[asyncpg.Pool], Awaitable[None]]]] = []
        self._timer_kinds: list[tuple[str, ...] | None] = []
        self._worker_tasks: list[asyncio.Task[None]] = []
        self._audit_lock = asyncio.Lock()
        self._audit_walk: asyncio.Task[ChainReport] | None = None
        self._consumes = False
        self._watching = False
        if owns_tables and any(spec.name == ANCHOR_STREAM for spec in self.topology.streams):
            every = settings.audit_anchor_seconds
            self.add_worker("audit-anchor", lambda pool: anchor_loop(pool, service, self.clock, every))

    @property
    def pool(self) -> asyncpg.Pool:
        """The connection pool (after start)."""
        if self._pool is None:
            raise RuntimeError(f"{self.service}: runtime not started")
        return self._pool

    def consume(self, durable: str, dispatch: Dispatch) -> None:
        """Read one owner's stream through the durable of that name, each fact to its handler, in stream order."""
        self._needs_tables(f"consume {durable}")
        spec = self.topology.consumer(durable)
        if spec.service != self.service:
            raise ValueError(f"{durable} belongs to {spec.service}, not {self.service}")
        if dispatch.subjects() != set(spec.filter_subjects):
            raise ValueError(f"{durable}: handlers for {sorted(dispatch.subjects())}, filters {spec.filter_subjects}")
        subscribe(
            self.broker,
            spec,
            dispatch,
            pool=lambda: self.pool,
            metrics=self.consumer_metrics,
            fetch_seconds=self.settings.consumer_fetch_seconds,
        )
        self._consumes = True

    def on_timer(self, handler: OnFire, *, kinds: tuple[str, ...] | None = None) -> None:
        """Run a durable-timer worker that calls this handler for each due timer (of these kinds, or of every kind).

        Two handlers of one service must claim disjoint kinds: a worker marks what it fires as fired, so a timer
        handed to a handler that does not know its kind would be lost."""
        self._needs_tables("durable timers")
        for taken in self._timer_kinds:
            if taken is None or kinds is None or set(taken) & set(kinds):
                raise ValueError(f"{self.service}: timer kinds {kinds or 'all'} overlap those of another handler")
        self._timer_kinds.append(kinds)
        poll, url = self.settings.timer_poll_seconds, self.settings.database_url
        self.add_worker(
            "timers" if kinds is None else f"timers-{'-'.join(kinds)}",
            lambda pool: TimerWorker(
                pool, self.clock, handler, poll_seconds=poll, database_url=url, schema=self.service, kinds=kinds
            ).run(),
        )

    def add_worker(self, name: str, loop: Callable[[asyncpg.Pool], Awaitable[None]]) -> None:
        """A background loop started with the service (after the pool) and cancelled when it stops."""
        self._workers.append((name, loop))

    def _needs_tables(self, what: str) -> None:
        if not self.owns_tables:
            raise ValueError(f"{self.service} has no schema of its own: {what} needs the runtime's tables")

    async def start(self, *, relay: bool = True) -> None:
        """Open the pool, connect and start consumers, start the outbox relay (for a service with tables)."""
        self._pool = await create_pool(self.settings.database_url, schema=self.service)
        advisory = self.topology.advisory_consumer(self.service) if self._consumes else None
        if advisory is not None and not self._watching:
            self._watching = True
            watch_max_deliveries(
                self.broker, advisory, metrics=self.consumer_metrics, fetch_seconds=self.settings.consumer_fetch_seconds
            )
        await self.broker.start()
        if self.owns_tables:
            self._start_relay(self._pool, run=relay)
        for name, loop in self._workers:
            self._worker_tasks.append(
                asyncio.create_task(_as_coroutine(loop(self._pool)), name=f"{self.service}-{name}")
            )

    def _start_relay(self, pool: asyncpg.Pool, *, run: bool) -> None:
        self.relay = OutboxRelay(
            pool=pool,
            broker=self.broker,
            topology=self.topology,
            database_url=self.settings.database_url,
            schema=self.service,
            batch_size=self.settings.relay_batch_size,
            poll_seconds=self.settings.relay_poll_seconds,
            registry=self.registry,
        )
        if run:
            self._relay_task = asyncio.create_task(self.relay.run(), name=f"{self.service}-outbox-relay")

    async def stop(self) -> None:
        """Stop consuming (in-flight handlers finish or are redelivered), stop the relay, close the pool."""
        await self.broker.stop()
        for task in (*self._worker_tasks, self._relay_task):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    async def audit_chain(self) -> ChainReport:
        """Walk this service's audit chain; callers arriving during a walk share its result (one walk at a time)."""
        async with self._audit_lock:
            if self._audit_walk is None or self._audit_walk.done():
                self._audit_walk = asyncio.create_task(self._walk_audit_chain())
            walk = self._audit_walk
        return await asyncio.shield(walk)

    async def _walk_audit_chain(self) -> ChainReport:
        async with self.pool.acquire() as conn:
            report = await check_chain(conn)
            js = self.broker.config.connection_state.stream
            return replace(report, anchor=await check_anchors(conn, js, self.service, "audit_log"))

    async def database_ready(self) -> bool:
        """PostgreSQL answers."""
        return bool(await self.pool.fetchval("SELECT 1"))

    async def nats_ready(self) -> bool:
        """NATS is connected and JetStream answers."""
        await self.broker.config.connection_state.stream.account_info()
        return bool(self.broker.connection.is_connected)

    def app(
        self,
        *,
        prefix: str,
        title: str,
        on_start: Callable[[], Awaitable[None]] | None = None,
        api_docs: bool = True,
    ) -> FastAPI:
        """A FastAPI app whose lifespan runs this runtime, with the staff session check and health routes mounted.

        `api_docs=False` serves no OpenAPI document or docs page (a service whose pages are all behind a role)."""

        @contextlib.asynccontextmanager
        async def lifespan(_: FastAPI) -> AsyncIterator[None]:
            await self.start()
            if on_start is not None:
                await on_start()
            try:
                yield
            finally:
                await self.stop()

        app = FastAPI(
            title=title,
            lifespan=lifespan,
            docs_url=f"{prefix}/api/docs" if api_docs else None,
            openapi_url=f"{prefix}/api/openapi.json" if api_docs else None,
            redoc_url=None,
        )
        install_error_pages(app)  # first: its failure containment sits inside the security middleware
        install_security(app, secret=self.settings.session_secret, development=self.settings.development)
        app.include_router(
            health_router(
                prefix,
                self.registry,
                {"postgres": self.database_ready, "nats": self.nats_ready},
                audit=self.audit_chain if self.owns_tables else None,
            )
        )
        app.state.runtime = self
        app.state.staff_sessions = SessionCheck(lambda: self.pool, self.clock)
        return app


async def _as_coroutine(awaitable: Awaitable[None]) -> None:
    await awaitable


def run_http(app: Any, settings: ServiceSettings) -> None:
    """Serve an app with uvicorn; SIGTERM/SIGINT trigger the graceful lifespan shutdown."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    uvicorn.run(
        app,
        host=settings.http_host,
        port=settings.http_port,
        log_level="warning",
        timeout_graceful_shutdown=10,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
    )
