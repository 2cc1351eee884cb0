"""Builders for tests of a provider's requests on the verifiers' desk: the verification service on fresh schemas
with a settable clock, an activated provider account and a request in the status a test starts from, written
directly (the provider's filing has its own tests)."""

from __future__ import annotations

import contextlib
import json
import secrets
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from fastapi import FastAPI

from contracts.registration import ProviderType
from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import Grant, StaffPrincipal
from tests.support import Infra, application_submitted, reset_identity, reset_schema, staff_session
from verification.account_requests.desk_usecases import RequestDesk
from verification.app import create_app
from verification.settings import Settings
from verification.usecases import intake

SITI = StaffPrincipal(username="siti.banjarmasin", name="Siti", grants=(Grant(role="verifikator", lpse="banjarmasin"),))
RUDI = StaffPrincipal(username="rudi.banjarmasin", name="Rudi", grants=(Grant(role="verifikator", lpse="banjarmasin"),))
LOKET = StaffPrincipal(username="loket.banjarmasin", name="Loket", grants=(Grant(role="helpdesk", lpse="banjarmasin"),))
KEPALA = StaffPrincipal(
    username="kepala.banjarmasin", name="Kepala", grants=(Grant(role="kepala_lpse", lpse="banjarmasin"),)
)
DEPOK = StaffPrincipal(username="rina.depok", name="Rina", grants=(Grant(role="verifikator", lpse="depok"),))
EVERYONE = (SITI, RUDI, LOKET, KEPALA, DEPOK)


@dataclass
class DeskEnv:
    """The running verification app, its desk, its pool and the clock a test moves."""

    app: FastAPI
    desk: RequestDesk
    clock: SettableClock
    infra: Infra

    @property
    def pool(self) -> asyncpg.Pool:
        """The service's pool."""
        return self.desk.pool

    async def cookie(self, staff: StaffPrincipal) -> str:
        """A live staff session of this person, for the pages."""
        grants = [(g.role, g.lpse) for g in staff.grants]
        return await staff_session(self.infra, staff.username, grants, now=self.clock.now(), full_name=staff.name)


@contextlib.asynccontextmanager
async def desk_env(infra: Infra, start: datetime, *, relay: bool = False) -> AsyncIterator[DeskEnv]:
    """The verification service (its timer worker polling fast) on fresh schemas, at `start`."""
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    clock = SettableClock(start)
    settings = Settings(database_url=url, nats_url=infra.nats_url, timer_poll_seconds=0.05)
    app = create_app(settings, clock=clock)
    runtime = app.state.runtime
    await runtime.start(relay=relay)
    try:
        yield DeskEnv(app, app.state.request_desk, clock, infra)
    finally:
        await runtime.stop()


async def seed_account(
    env: DeskEnv,
    lpse: str = "banjarmasin",
    *,
    company: str = "CV Maju Jaya",
    provider_type: ProviderType = ProviderType.BADAN_USAHA_CV,
    email: str = "lama@contoh.co.id",
    npwp: str | None = None,
    aggregation_status: str = "none",
) -> uuid.UUID:
    """An activated provider account of the LPSE (its registration case opened through intake, the account
    written as activation leaves it); its registration clock's timers are dropped, so only the request's remain."""
    npwp = npwp or f"01{secrets.randbelow(10**13):013d}"
    event = application_submitted(lpse, company, provider_type=provider_type, npwp=npwp, email=email)
    async with env.pool.acquire() as conn, conn.transaction():
        await intake.open_case(conn, event, now=env.clock.now(), profiles=env.desk.profiles)
        case_id = await conn.fetchval("SELECT id FROM cases WHERE application_id = $1", event.application_id)
        await conn.execute("DELETE FROM timers WHERE subject_id = $1", str(case_id))
        provider_id = uuid.uuid4()
        await conn.execute(
            """INSERT INTO providers (id, user_id, lpse, case_id, company_name, npwp, nib, email, status, activated_at,
                                      provider_type, director_name, address, phone, aggregation_status)
               VALUES ($1, $2, $3, $4, $5, $6, '1234567890123', $7, 'active', $8, $9, 'Budi', 'Jl. Lama 1', '0511111',
                       $10)""",
            provider_id,
            f"UJI{secrets.token_hex(4).upper()}",
            lpse,
            case_id,
            company,
            npwp,
            email,
            env.clock.now(),
            provider_type.value,
            aggregation_status,
        )
    return provider_id


async def seed_request(
    env: DeskEnv,
    provider_id: uuid.UUID,
    *,
    kind: str,
    service_id: str,
    status: str = "menunggu_kunjungan",
    changes: dict[str, str] | None = None,
    reason: str = "",
    by_proxy: bool = False,
    documents: Sequence[dict[str, Any]] = (),
    lpse: str = "banjarmasin",
) -> uuid.UUID:
    """A request filed online, in the status the test starts from."""
    request_id = uuid.uuid4()
    now = env.clock.now()
    await env.pool.execute(
        """INSERT INTO account_requests (id, reference, provider_id, lpse, kind, service_id, channel, status, changes,
                  reason, by_proxy, documents, filed_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'web', $7, $8::jsonb, $9, $10, $11::jsonb, $12, $12)""",
        request_id,
        f"PRM-BJM-2611-{secrets.token_hex(3).upper()}",
        provider_id,
        lpse,
        kind,
        service_id,
        status,
        json.dumps(changes or {}),
        reason,
        by_proxy,
        json.dumps(list(documents)),
        now,
    )
    return request_id


async def facts(pool: asyncpg.Pool, like: str = "%.account.%") -> list[tuple[str, dict[str, Any]]]:
    """The facts in the outbox so far, in order: (what, payload)."""
    rows = await pool.fetch("SELECT subject, payload FROM outbox WHERE subject LIKE $1 ORDER BY id", like)
    return [(r["subject"].split(".", 3)[3].removesuffix(".v1"), json.loads(r["payload"])) for r in rows]


async def request_timers(pool: asyncpg.Pool) -> list[tuple[str, datetime, datetime | None, datetime | None]]:
    """The request clocks' timers: kind, due, cancelled, fired."""
    rows = await pool.fetch(
        """SELECT kind, fire_at, cancelled_at, fired_at FROM timers WHERE kind LIKE 'permohonan.%'
           ORDER BY fire_at, kind"""
    )
    return [(r["kind"], r["fire_at"], r["cancelled_at"], r["fired_at"]) for r in rows]
