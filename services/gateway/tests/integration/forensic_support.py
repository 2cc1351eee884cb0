"""What the gateway's forensic tests share: a Depok forensic test escalated to LKPP and BSSN, the gateway served on
a port (so the simulators' callbacks reach it), and reads of its table, of the simulators and of GATEWAY."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import httpx
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.envelope import Actor
from contracts.forensic import ExternalParty, ForensicEscalatedExternalV1, ForensicFile
from gateway.app import create_app
from gateway.forwarder import FaultHook
from gateway.settings import Settings
from lpse_runtime.clock import SettableClock
from tests.support import Infra, served

LKPP_SECRET = "rahasia-lkpp-uji-forensik"
BSSN_SECRET = "rahasia-bssn-uji-forensik"
T0 = datetime(2026, 12, 21, 3, 0, tzinfo=UTC)  # Mon 21 Dec 2026 10:00 WIB
FORWARDED = "gateway.depok.forensic.forwarded.v1"
ANSWERED = "gateway.depok.forensic.answered.v1"
REFUSED = "gateway.depok.forensic.forward_refused.v1"
FILES = (
    ForensicFile(name="penawaran_pt_maju.rhs", sha256="a" * 64, size=1_048_576),
    ForensicFile(name="penawaran_cv_jaya.rhs", sha256="0123456789abcdef" * 4, size=2_000),
)


def escalation(
    note: str = "Berkas tidak terbuka saat uji coba dekripsi.", **changes: object
) -> ForensicEscalatedExternalV1:
    """Depok's Admin PPE sends a forensic test its trial could not settle to LKPP and BSSN."""
    case_id = uuid.uuid4()
    fields: dict[str, object] = {
        "occurred_at": T0,
        "lpse": "depok",
        "correlation_id": case_id,
        "actor": Actor(id="adminppe.depok", role="admin_ppe"),
        "case_id": case_id,
        "reference": "DPK-UF-2612-0007",
        "service_id": "DPK-2d",
        "status_url": "https://lpse.depok.go.id/helpdesk/status/segel",
        "tender_id": "10022026",
        "tender_name": "Pembangunan Gedung Puskesmas Cilodong",
        "parties": ("lkpp", "bssn"),
        "files": FILES,
        "trial_outcome": "tidak_terbuka",
        "note": note,
    }
    return ForensicEscalatedExternalV1.model_validate({**fields, **changes})


async def publish(nc: Client, event: ForensicEscalatedExternalV1) -> None:
    """The helpdesk's relay publishing the fact, with its event id as Nats-Msg-Id."""
    headers = {"Nats-Msg-Id": str(event.event_id)}
    await nc.jetstream().publish(event.subject, event.model_dump_json().encode(), headers=headers)


def gateway(
    infra: Infra,
    url: str,
    clock: SettableClock,
    *,
    lkpp_port: int,
    bssn_port: int,
    own_port: int = 8480,
    after_accepted: FaultHook | None = None,
    **settings: object,
) -> FastAPI:
    """The gateway pointed at the two simulators' ports, naming itself on its own port for their callbacks."""
    return create_app(
        Settings(
            database_url=url,
            nats_url=infra.nats_url,
            public_base_url=f"http://127.0.0.1:{own_port}",
            lkpp_api_url=f"http://127.0.0.1:{lkpp_port}/lkpp/api",
            lkpp_callback_secret=LKPP_SECRET,
            bssn_api_url=f"http://127.0.0.1:{bssn_port}/bssn/api",
            bssn_callback_secret=BSSN_SECRET,
            forwarder_poll_seconds=0.1,
            **settings,  # type: ignore[arg-type]
        ),
        clock=clock,
        after_accepted=after_accepted,
    )


@contextlib.asynccontextmanager
async def running(app: FastAPI, port: int | None = None) -> AsyncIterator[asyncpg.Pool]:
    """The gateway started as its process would be (served on a port when given); yields its pool."""
    if port is None:
        async with app.router.lifespan_context(app):
            yield app.state.runtime.pool
    else:
        async with served(app, port, "the gateway"):
            yield app.state.runtime.pool


async def row(pool: asyncpg.Pool, event: ForensicEscalatedExternalV1, party: ExternalParty) -> asyncpg.Record | None:
    """The gateway's forward of this escalation to this party."""
    found: asyncpg.Record | None = await pool.fetchrow(
        "SELECT * FROM forwards WHERE escalation_event_id = $1 AND party = $2", event.event_id, party
    )
    return found


async def status(pool: asyncpg.Pool, event: ForensicEscalatedExternalV1, party: ExternalParty) -> tuple[str, int]:
    """Where the forward to this party stands: its status and attempts (`none`, 0 before it is recorded)."""
    found = await row(pool, event, party)
    return ("none", 0) if found is None else (found["status"], found["attempts"])


async def received(api: str) -> dict[str, dict[str, object]]:
    """What a simulator received, per Idempotency-Key."""
    async with httpx.AsyncClient() as client:
        listing: dict[str, dict[str, object]] = (await client.get(f"{api}/diterima")).json()
        return listing


async def facts(nc: Client, subject: str) -> list[dict[str, object]]:
    """Every fact the GATEWAY stream holds on a subject, oldest first."""
    js = nc.jetstream()
    info = await js.stream_info("GATEWAY", subjects_filter=subject)
    count = int((info.state.subjects or {}).get(subject, 0))
    if not count:
        return []
    sub = await js.subscribe(subject, stream="GATEWAY", ordered_consumer=True)
    try:
        found = []
        for _ in range(count):
            message = await sub.next_msg(timeout=5)
            found.append(json.loads(message.data))
        return found
    finally:
        await sub.unsubscribe()


async def count(nc: Client, subject: str) -> int:
    """How many facts GATEWAY holds on a subject."""
    info = await nc.jetstream().stream_info("GATEWAY", subjects_filter=subject)
    return int((info.state.subjects or {}).get(subject, 0))
