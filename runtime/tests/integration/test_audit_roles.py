"""The service's own role cannot switch off or rewrite its audit log; an existing schema is upgraded to that."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import asyncpg
import pytest

from contracts.envelope import Actor
from lpse_runtime.audit import AuditEntry, append, verify_chain
from lpse_runtime.migrate import ensure_role_and_schema, migrate, migrate_as_owner
from lpse_runtime.settings import REPO_ROOT
from tests.support import Infra, reset_schema

pytestmark = pytest.mark.integration

HELPDESK_MIGRATIONS = REPO_ROOT / "services" / "helpdesk" / "src" / "helpdesk" / "migrations"
ENTRY = AuditEntry(
    at=datetime(2026, 11, 30, 2, 0, tzinfo=UTC),
    actor=Actor(id="helpdesk.depok", role="helpdesk"),
    entity="ticket",
    entity_id="HD-1",
    action="open",
    before=None,
    after="opened",
    reason="keluhan",
)

# What the service's login role tries against its own audit log, each refused by PostgreSQL.
TAMPERING = (
    "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
    "UPDATE audit_log SET reason = 'diubah'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
    "DROP TABLE audit_log",
    "SET ROLE helpdesk_owner",
    "CREATE TABLE salinan (id int)",
)


async def refused(url: str) -> dict[str, str]:
    """Each tampering statement run as the service, with the error PostgreSQL gave (or 'ran')."""
    conn = await asyncpg.connect(url)
    outcomes: dict[str, str] = {}
    try:
        for statement in TAMPERING:
            try:
                await conn.execute(statement)
                outcomes[statement] = "ran"
            except asyncpg.PostgresError as exc:
                outcomes[statement] = type(exc).__name__
    finally:
        await conn.close()
    return outcomes


async def test_the_service_role_can_append_and_read_but_not_alter_update_delete_or_truncate(infra: Infra) -> None:
    url = await reset_schema(infra, "helpdesk")
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            await append(conn, ENTRY)
        assert await conn.fetchval("SELECT count(*) FROM audit_log") == 1
    finally:
        await conn.close()
    assert await refused(url) == {statement: "InsufficientPrivilegeError" for statement in TAMPERING}
    conn = await asyncpg.connect(url)
    try:
        assert await verify_chain(conn) is None and await conn.fetchval("SELECT count(*) FROM audit_log") == 1
    finally:
        await conn.close()


async def owners(infra: Infra) -> set[tuple[str, str]]:
    """(object, owner) for the helpdesk schema and its tables, sequences and functions."""
    conn = await asyncpg.connect(infra.admin_url)
    try:
        rows = await conn.fetch(
            """SELECT c.relname AS name, pg_get_userbyid(c.relowner) AS owner FROM pg_class c
                 JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'helpdesk' AND c.relkind IN ('r', 'S')
               UNION ALL
               SELECT p.proname, pg_get_userbyid(p.proowner) FROM pg_proc p
                 JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'helpdesk'
               UNION ALL
               SELECT nspname, pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'helpdesk'"""
        )
        return {(str(r["name"]), str(r["owner"])) for r in rows}
    finally:
        await conn.close()


async def test_a_schema_made_before_owner_roles_is_handed_over_on_the_next_start(infra: Infra) -> None:
    conn = await asyncpg.connect(infra.admin_url)
    try:
        await conn.execute("DROP SCHEMA IF EXISTS helpdesk CASCADE")
        # The earlier layout: the login role owned its schema and ran its own migrations.
        await conn.execute("DO $$ BEGIN CREATE ROLE helpdesk LOGIN; EXCEPTION WHEN duplicate_object THEN END $$")
        await conn.execute("ALTER ROLE helpdesk PASSWORD 'helpdesk-test-pw'")
        await conn.execute("CREATE SCHEMA helpdesk AUTHORIZATION helpdesk")
    finally:
        await conn.close()
    url = infra.service_url("helpdesk")
    await asyncio.to_thread(migrate, url, HELPDESK_MIGRATIONS)
    service = await asyncpg.connect(url)
    try:
        async with service.transaction():
            await append(service, ENTRY)
    finally:
        await service.close()
    assert ("audit_log", "helpdesk") in await owners(infra)

    await ensure_role_and_schema(infra.admin_url, "helpdesk", "helpdesk-test-pw")
    output = await asyncio.to_thread(migrate_as_owner, infra.admin_url, "helpdesk", HELPDESK_MIGRATIONS)
    assert "Applying" not in output, "nothing new to apply: the upgrade changes owners, not tables"

    held = await owners(infra)
    assert {owner for _, owner in held} == {"helpdesk_owner"}, held
    assert {("audit_log", "helpdesk_owner"), ("outbox", "helpdesk_owner"), ("helpdesk", "helpdesk_owner")} <= held
    assert await refused(url) == {statement: "InsufficientPrivilegeError" for statement in TAMPERING}
    service = await asyncpg.connect(url)
    try:
        async with service.transaction():
            await append(service, replace(ENTRY, entity_id="HD-2"))
        assert await service.fetchval("SELECT count(*) FROM audit_log") == 2
        assert await verify_chain(service) is None
    finally:
        await service.close()
