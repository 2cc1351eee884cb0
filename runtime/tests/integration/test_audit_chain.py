"""The audit chain's verify command and health route find a row edited or removed behind the application's back."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest

from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from tests.support import Infra, reset_schema, ticket_decisions

pytestmark = pytest.mark.integration

START = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


async def as_superuser(infra: Infra, statement: str) -> None:
    """Change the log the way only a database superuser can: with the append-only trigger switched off."""
    conn = await asyncpg.connect(infra.admin_url)
    try:
        await conn.execute("ALTER TABLE helpdesk.audit_log DISABLE TRIGGER audit_log_append_only")
        await conn.execute(statement)
        await conn.execute("ALTER TABLE helpdesk.audit_log ENABLE TRIGGER audit_log_append_only")
    finally:
        await conn.close()


def verify(database_url: str, *schemas: str) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if k != "NATS_URL"}, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "lpse_runtime.audit", "verify", *schemas],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_an_edited_row_is_reported_with_its_table_id_and_hashes(infra: Infra) -> None:
    url = await reset_schema(infra, "helpdesk")
    rows = await ticket_decisions(url)
    held = verify(infra.admin_url, "helpdesk")
    assert held.returncode == 0 and "helpdesk.audit_log: utuh, 5 baris diperiksa" in held.stdout, held.stderr

    third_id, third_hash = rows[2]
    await as_superuser(infra, f"UPDATE helpdesk.audit_log SET reason = 'diubah diam-diam' WHERE id = {third_id}")
    broken = verify(infra.admin_url, "helpdesk")
    assert broken.returncode == 1
    warning, line = broken.stderr.strip().splitlines()
    assert warning.startswith("jangkar di bus tidak diperiksa: setel NATS_URL"), "without the bus, said so"
    assert line.startswith(f"helpdesk.audit_log: rantai terputus pada baris id {third_id}: kolom hash seharusnya ")
    assert line.endswith(f", tersimpan {third_hash}"), "the stored hash is the one the row was written with"
    expected = line.split("seharusnya ", 1)[1].split(",", 1)[0]
    assert len(expected) == 64 and expected != third_hash


async def test_a_removed_row_breaks_the_link_of_the_next_one(infra: Infra) -> None:
    url = await reset_schema(infra, "helpdesk")
    rows = await ticket_decisions(url)
    await as_superuser(infra, f"DELETE FROM helpdesk.audit_log WHERE id = {rows[1][0]}")
    broken = verify(url)  # the service's own role: its own schema, no name needed
    assert broken.returncode == 1
    assert (
        f"helpdesk.audit_log: rantai terputus pada baris id {rows[2][0]}: kolom prev_hash "
        f"seharusnya {rows[0][1]}, tersimpan {rows[1][1]}"
    ) in broken.stderr


async def test_an_unknown_schema_or_an_unreachable_database_is_said_plainly(infra: Infra) -> None:
    await reset_schema(infra, "helpdesk")
    unknown = verify(infra.admin_url, "tidak_ada")
    assert unknown.returncode == 2 and "tidak ada audit_log di skema: tidak_ada" in unknown.stderr
    unreachable = verify("postgresql://nobody@127.0.0.1:1/none")
    assert unreachable.returncode == 2 and "tidak dapat terhubung ke PostgreSQL" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr


async def test_the_service_answers_its_chain_check_for_the_operators_page(infra: Infra) -> None:
    url = await reset_schema(infra, "helpdesk")
    rows = await ticket_decisions(url)
    runtime = ServiceRuntime("helpdesk", ServiceSettings(database_url=url, nats_url=infra.nats_url))
    app = runtime.app(prefix="/helpdesk", title="uji")
    await runtime.start(relay=False)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lpse.test") as ops:
            held = await ops.get("/helpdesk/health/audit")
            assert held.status_code == 200
            no_anchor = {"anchors": 0, "last_id": None, "last_rows": None, "last_at": None, "rewritten_after": None}
            assert held.json() == {
                "table": "helpdesk.audit_log",
                "rows": 5,
                "intact": True,
                "broken_at": None,
                "anchor": no_anchor,
            }
            await as_superuser(infra, f"UPDATE helpdesk.audit_log SET actor_id = 'orang lain' WHERE id = {rows[3][0]}")
            broken = await ops.get("/helpdesk/health/audit")
            assert broken.status_code == 409
            assert broken.json() == {
                "table": "helpdesk.audit_log",
                "rows": 3,
                "intact": False,
                "broken_at": {"row_id": rows[3][0], "column": "hash"},
                "anchor": no_anchor,
            }
    finally:
        await runtime.stop()
