"""A rewrite of the audit table with every later hash recomputed passes the chain walk, but not its anchors."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest
from nats.aio.client import Client

from lpse_runtime.anchor import anchors_on_bus
from lpse_runtime.audit import entry_of
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from tests.support import Infra, eventually, reset_schema, ticket_decisions

pytestmark = pytest.mark.integration

START = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


async def rewrite_from(infra: Infra, row_id: int, reason: str) -> None:
    """What a superuser can do: edit one row, then recompute its hash and every later one so the chain holds."""
    conn = await asyncpg.connect(infra.admin_url)
    try:
        async with conn.transaction():
            await conn.execute("ALTER TABLE helpdesk.audit_log DISABLE TRIGGER audit_log_append_only")
            await conn.execute("UPDATE helpdesk.audit_log SET reason = $2 WHERE id = $1", row_id, reason)
            prev = await conn.fetchval("SELECT hash FROM helpdesk.audit_log WHERE id = $1", row_id - 1)
            for row in await conn.fetch("SELECT * FROM helpdesk.audit_log WHERE id >= $1 ORDER BY id", row_id):
                digest = entry_of(row).digest(prev)
                await conn.execute(
                    "UPDATE helpdesk.audit_log SET prev_hash = $2, hash = $3 WHERE id = $1", row["id"], prev, digest
                )
                prev = digest
            await conn.execute("ALTER TABLE helpdesk.audit_log ENABLE TRIGGER audit_log_append_only")
    finally:
        await conn.close()


def audit_command(*args: str, database_url: str, nats_url: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NATS_URL"}
    env["DATABASE_URL"] = database_url
    if nats_url:
        env["NATS_URL"] = nats_url
    return subprocess.run(
        [sys.executable, "-m", "lpse_runtime.audit", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_a_rewrite_with_every_hash_recomputed_is_found_through_the_anchors(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "helpdesk")
    await ticket_decisions(url, 1, 2)
    settings = ServiceSettings(database_url=url, nats_url=infra.nats_url, audit_anchor_seconds=3600)
    runtime = ServiceRuntime("helpdesk", settings)
    app = runtime.app(prefix="/helpdesk", title="uji")
    await runtime.start()
    js = nc.jetstream()
    try:

        async def anchored_at(last_id: int) -> bool:
            return any(a.last_id == last_id for a in await anchors_on_bus(js, "helpdesk"))

        # The service anchors its head when it starts (and every period after).
        await eventually(lambda: anchored_at(2), what="the head at id 2 anchored on start")
        await ticket_decisions(url, 3, 5)
        # And on demand, through its outbox.
        on_demand = audit_command("anchor", database_url=url, nats_url=None)
        assert on_demand.returncode == 0 and "kepala id 7 (7 baris) masuk outbox" in on_demand.stdout, on_demand
        await eventually(lambda: anchored_at(7), what="the head at id 7 anchored on demand")
        held = audit_command("verify", "helpdesk", database_url=infra.admin_url, nats_url=infra.nats_url)
        assert held.returncode == 0, held.stderr
        assert "helpdesk.audit_log: cocok dengan 2 jangkar, terakhir pada id 7" in held.stdout

        await rewrite_from(infra, 4, "diubah diam-diam")

        # The chain alone holds: every hash was recomputed.
        walked = audit_command("verify", "helpdesk", database_url=infra.admin_url, nats_url=None)
        assert walked.returncode == 0 and "helpdesk.audit_log: utuh, 7 baris diperiksa" in walked.stdout
        # The anchors do not.
        found = audit_command("verify", "helpdesk", database_url=infra.admin_url, nats_url=infra.nats_url)
        assert found.returncode == 1
        assert "helpdesk.audit_log: utuh, 7 baris diperiksa" in found.stdout + found.stderr
        assert "helpdesk.audit_log: ditulis ulang setelah jangkar pada id 7: " in found.stderr
        assert "perubahan di antara baris id 3 dan 7" in found.stderr

        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lpse.test") as ops:
            answer = await ops.get("/helpdesk/health/audit")
        assert answer.status_code == 409
        assert answer.json()["broken_at"] is None
        anchor = answer.json()["anchor"]
        assert (anchor["anchors"], anchor["last_id"], anchor["last_rows"]) == (2, 7, 7)
        assert anchor["rewritten_after"] == {"anchor_id": 7, "held_up_to": 2}
    finally:
        await runtime.stop()


async def test_rows_cut_from_the_end_no_longer_reach_the_anchored_head(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "helpdesk")
    await ticket_decisions(url, 1, 4)
    enqueued = audit_command("anchor", database_url=url, nats_url=None)
    assert enqueued.returncode == 0, enqueued.stderr
    settings = ServiceSettings(database_url=url, nats_url=infra.nats_url, audit_anchor_seconds=3600)
    runtime = ServiceRuntime("helpdesk", settings)
    await runtime.start()
    try:
        js = nc.jetstream()

        async def anchored() -> bool:
            return [a.last_id for a in await anchors_on_bus(js, "helpdesk")] == [4]

        await eventually(anchored, what="the head at id 4 relayed to the bus")
    finally:
        await runtime.stop()
    conn = await asyncpg.connect(infra.admin_url)
    try:
        await conn.execute("ALTER TABLE helpdesk.audit_log DISABLE TRIGGER audit_log_append_only")
        await conn.execute("DELETE FROM helpdesk.audit_log WHERE id = 4")
        await conn.execute("ALTER TABLE helpdesk.audit_log ENABLE TRIGGER audit_log_append_only")
    finally:
        await conn.close()
    found = audit_command("verify", "helpdesk", database_url=infra.admin_url, nats_url=infra.nats_url)
    assert found.returncode == 1
    assert "helpdesk.audit_log: utuh, 3 baris diperiksa" in found.stderr, "the walk alone holds; the anchor does not"
    assert "ditulis ulang setelah jangkar pada id 4: " in found.stderr
    assert "tabel kini baris itu tidak ada (3 baris)" in found.stderr
