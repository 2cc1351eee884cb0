"""Test support for the integration, e2e and browser tiers and the benchmarks: real NATS and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import nats
import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from nats.aio.client import Client
from nats.js.errors import NotFoundError

from contracts.audit import anchor_subject
from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.registration import ApplicationSubmittedV1, ProviderType
from contracts.streams import load_topology
from devstack.postgres import EmbeddedPostgres
from devstack.processes import Children, free_port, tcp_open, wait_until
from devstack.stack import DEPLOY, Stack, nats_server_binary
from lpse_runtime.anchor import ANCHOR_STREAM
from lpse_runtime.audit import AuditEntry, append
from lpse_runtime.jetstream import declare
from lpse_runtime.migrate import (
    ensure_role_and_schema,
    grant_data_rights,
    grant_session_check,
    migrate_as_owner,
    owner_role,
    service_url,
)
from lpse_runtime.sealing import LinkBox
from lpse_runtime.security import CSRF_COOKIE, CSRF_HEADER
from lpse_runtime.settings import REPO_ROOT, LinkSealing

SERVICE_SCHEMAS = ("identity", "registration", "verification", "helpdesk", "notifier", "gateway")
AUDIT_START = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # the audit tests' decisions start here
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


async def eventually(check: Callable[[], Awaitable[bool]], *, timeout: float = 20.0, what: str = "condition") -> None:
    """Wait for a state with a deadline, checking often; fail naming what was awaited."""
    deadline = time.monotonic() + timeout
    while True:
        if await check():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.05)


@dataclass
class Infra:
    """Session-wide PostgreSQL and NATS for integration tests."""

    admin_url: str
    nats_url: str
    root: Path

    def service_url(self, service: str) -> str:
        """The URL of a service's own role and schema."""
        return service_url(self.admin_url, service, f"{service}-test-pw")


@contextlib.contextmanager
def embedded_infra(prefix: str = "lpse-it-") -> Iterator[Infra]:
    """A throwaway PostgreSQL and JetStream server, stopped by PID on exit (tests and benchmarks)."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    children = Children()
    pg = EmbeddedPostgres.create(free_port())
    try:
        pg.start()
        port = free_port()
        children.spawn(
            "nats",
            [nats_server_binary(), "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", str(root / "js")],
            env=os.environ,
            log_dir=root,
        )
        wait_until(lambda: tcp_open(port), timeout=30, what="nats-server")
        yield Infra(admin_url=pg.admin_url, nats_url=f"nats://127.0.0.1:{port}", root=root)
    finally:
        children.stop_all()
        pg.destroy()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def infra() -> Iterator[Infra]:
    """The integration tier's PostgreSQL and JetStream, for the whole session."""
    with embedded_infra() as started:
        yield started


async def reset_schema(infra: Infra, service: str) -> str:
    """Drop and recreate a service's schema, apply its migrations; return its URL."""
    conn = await asyncpg.connect(infra.admin_url)
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{service}" CASCADE')
    finally:
        await conn.close()
    await ensure_role_and_schema(infra.admin_url, service, f"{service}-test-pw")
    url = infra.service_url(service)
    migrations = REPO_ROOT / "services" / service / "src" / service / "migrations"
    await asyncio.to_thread(migrate_as_owner, infra.admin_url, service, migrations)
    await forget_anchors(infra, service)
    return url


async def forget_anchors(infra: Infra, service: str) -> None:
    """Purge the anchored heads of a dropped schema's chain: they describe a table that no longer exists."""
    nc = await nats.connect(infra.nats_url)
    try:
        with contextlib.suppress(NotFoundError):
            await nc.jetstream().purge_stream(ANCHOR_STREAM, subject=anchor_subject(service))
    finally:
        await nc.close()


async def as_schema_owner(infra: Infra, service: str, statement: str) -> None:
    """Run DDL in a service's schema as its owner role, as a migration would, then give the service its rights."""
    conn = await asyncpg.connect(infra.admin_url)
    try:
        await conn.execute(f'SET ROLE "{owner_role(service)}"; SET search_path = "{service}"; {statement}')
    finally:
        await conn.close()
    await grant_data_rights(infra.admin_url, service)


async def reset_identity(infra: Infra, *services: str) -> str:
    """A fresh identity schema whose session check and staff directory these services' roles may call."""
    url = await reset_schema(infra, "identity")
    for service in services:
        await ensure_role_and_schema(infra.admin_url, service, f"{service}-test-pw")
    await grant_session_check(infra.admin_url, list(services))
    return url


async def staff_session(
    infra: Infra,
    username: str,
    grants: Sequence[tuple[str, str]],
    *,
    now: datetime,
    full_name: str | None = None,
) -> str:
    """A staff account with these (role, LPSE) grants and a live session from `now`; returns the cookie value."""
    token = secrets.token_urlsafe(32)
    conn = await asyncpg.connect(infra.admin_url)
    try:
        async with conn.transaction():
            await conn.execute(
                """INSERT INTO identity.staff_accounts (username, name, full_name, password_hash)
                   VALUES ($1, $1, $2, '!') ON CONFLICT (username) DO NOTHING""",
                username,
                full_name or username,
            )
            await conn.executemany(
                "INSERT INTO identity.staff_roles VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                [(username, role, lpse) for role, lpse in grants],
            )
            await conn.execute(
                """INSERT INTO identity.staff_sessions (digest, username, created_at, last_seen_at, idle_timeout,
                   expires_at) VALUES ($1, $2, $3::timestamptz, $3, interval '30 minutes', $3 + interval '8 hours')""",
                token_digest(token),
                username,
                now,
            )
    finally:
        await conn.close()
    return token


async def reset_jetstream(nc: Client, topology_path: Path = DEPLOY / "jetstream.yaml") -> None:
    """Delete every stream, then declare the topology afresh."""
    js = nc.jetstream()
    for info in await js.streams_info():
        with contextlib.suppress(NotFoundError):
            await js.delete_stream(str(info.config.name))
    await declare(js, load_topology(topology_path))


@pytest.fixture
async def nc(infra: Infra) -> AsyncIterator[Client]:
    """A NATS connection on a fresh topology."""
    client = await nats.connect(infra.nats_url)
    await reset_jetstream(client)
    try:
        yield client
    finally:
        await client.close()


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    """Every service as a process behind the front door, on embedded servers, for the e2e tier."""
    run_dir = Path(tempfile.mkdtemp(prefix="lpse-e2e-"))
    # A port of its own, never the default 8480: the front door (Caddy) binds with SO_REUSEPORT, so two stacks on one
    # machine could share 8480 and answer each other's requests (a party's callback reaching another stack's gateway).
    s = Stack(run_dir=run_dir, front_port=free_port(), progress=lambda line: print(line, file=sys.stderr))
    try:
        s.start()
        yield s
    except Exception:
        for child in s.children.items:
            print(f"--- {child.name} ---\n{child.tail(60)}", file=sys.stderr)
        raise
    finally:
        s.stop()
        shutil.rmtree(run_dir, ignore_errors=True)


def unique_email(prefix: str = "direktur") -> str:
    """An address no other test uses."""
    return f"{prefix}.{uuid.uuid4().hex[:10]}@contoh.co.id"


def application_submitted(
    lpse: str = "depok", company: str = "PT Uji Coba", **fields: object
) -> ApplicationSubmittedV1:
    """A valid submitted-application fact for tests that need one on the bus."""
    app_id = uuid.uuid4()
    values: dict[str, object] = {
        "occurred_at": datetime.now(UTC),
        "lpse": lpse,
        "correlation_id": app_id,
        "actor": Actor(id="direktur@contoh.co.id", role="penyedia"),
        "application_id": app_id,
        "reference": "DPK-2611-ABCDEF",
        "provider_type": ProviderType.BADAN_USAHA_PT,
        "company_name": company,
        "npwp": "012345678901000",
        "nib": "1234567890123",
        "email": "direktur@contoh.co.id",
        "director_name": "Uji",
        # Sealed as registration seals it, under the key a test's notifier holds when none is set.
        "status_url": LinkBox(LinkSealing().link_secret).seal("http://127.0.0.1/daftar/status/t"),
    }
    return ApplicationSubmittedV1.model_validate({**values, **fields})


@contextlib.asynccontextmanager
async def lkpp_simulator(port: int, secret: str, *, delay: float = 3600.0) -> AsyncIterator[str]:
    """The dev stack's LKPP simulator served in this process on a port; yields its API URL (`…/lkpp/api`).

    Its answers by callback wait `delay` seconds: the default keeps them from calling a helpdesk the test has not."""
    import uvicorn

    from devstack.lkpp import simulator_app

    config = uvicorn.Config(simulator_app(secret, delay=delay), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())

    async def started() -> bool:
        if serving.done():
            serving.result()  # it could not start: say why
        return server.started

    try:
        await eventually(started, timeout=15, what=f"the LKPP simulator on port {port}")
        yield f"http://127.0.0.1:{port}/lkpp/api"
    finally:
        server.should_exit = True
        await serving


@contextlib.asynccontextmanager
async def served(app: Any, port: int, what: str) -> AsyncIterator[str]:
    """An ASGI app (a simulator, a service's app) served in this process on a port; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    serving = asyncio.create_task(server.serve())

    async def started() -> bool:
        if serving.done():
            serving.result()  # it could not start: say why
        return server.started

    try:
        await eventually(started, timeout=15, what=f"{what} on port {port}")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


@contextlib.asynccontextmanager
async def bssn_simulator(port: int, secret: str, *, delay: float = 3600.0) -> AsyncIterator[str]:
    """The dev stack's BSSN simulator served in this process on a port; yields its API URL (`…/bssn/api`)."""
    from devstack.bssn import simulator_app

    async with served(simulator_app(secret, delay=delay), port, "the BSSN simulator") as base:
        yield f"{base}/bssn/api"


class SiteClient(httpx.AsyncClient):
    """An HTTP client that posts forms as a browser on the site does: with the page's CSRF token."""

    async def send(self, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        """Add the token (fetching the cookie first, as opening the form would) to every unsafe request."""
        if request.method not in SAFE_METHODS and CSRF_HEADER not in request.headers:
            request.headers[CSRF_HEADER] = await self.csrf_token(request)
        return await super().send(request, **kwargs)

    async def csrf_token(self, request: httpx.Request) -> str:
        """The token of this client's cookie; a first GET of the same address sets it, as for a person."""
        token = self.cookies.get(CSRF_COOKIE)
        if token is None:
            await super().send(self.build_request("GET", request.url))
            token = self.cookies.get(CSRF_COOKIE)
            # The request was built before the cookie existed: send it with the cookie the page just set.
            request.headers.pop("cookie", None)
            self.cookies.set_cookie_header(request)
        assert token, f"no {CSRF_COOKIE} cookie from GET {request.url}"
        return token


async def ticket_decisions(url: str, first: int = 0, count: int = 5) -> list[tuple[int, str]]:
    """Append helpdesk ticket decisions to a schema's audit log as the service would; (row id, hash) of every row."""
    conn = await asyncpg.connect(url)
    try:
        for n in range(first, first + count):
            async with conn.transaction():
                await append(
                    conn,
                    AuditEntry(
                        at=AUDIT_START + timedelta(minutes=n),
                        actor=Actor(id="helpdesk.depok", role="helpdesk"),
                        entity="ticket",
                        entity_id=f"HD-{n}",
                        action="open",
                        before=None,
                        after="opened",
                        reason=f"keluhan {n}",
                    ),
                )
        return [(int(r["id"]), str(r["hash"])) for r in await conn.fetch("SELECT id, hash FROM audit_log ORDER BY id")]
    finally:
        await conn.close()


class AcceptingMailServer:
    """A mail server that accepts everything and remembers the recipients."""

    def __init__(self) -> None:
        self.recipients: list[str] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        self.recipients.extend(envelope.rcpt_tos)
        return "250 OK"
