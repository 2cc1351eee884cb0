"""'Periksa rantai audit' on the operators' page: every service's chain, and a row edited behind its back."""

from __future__ import annotations

import re

import asyncpg
import pytest

from devstack.stack import Stack
from tests.e2e.driver import sign_in_as
from tests.support import SiteClient

pytestmark = pytest.mark.e2e


def results(page: str) -> dict[str, tuple[str, str]]:
    """Service → (intact?, result text) from the page's table."""
    rows = re.findall(r'<tr data-service="(\w+)" data-intact="(\w+)">.*?<td[^>]*>([^<]*)</td></tr>', page, re.S)
    return {service: (intact, text) for service, intact, text in rows}


async def test_operators_check_every_chain_and_see_an_edited_row(stack: Stack) -> None:
    async with SiteClient(base_url=stack.front_url) as operator:
        await sign_in_as(operator, "operator.platform", "operator-2026")  # /ops/ is the operators' own
        ops = await operator.get("/ops/")
        assert 'href="/ops/audit"' in ops.text and "Periksa rantai audit" in ops.text
        # A ticket writes a decision to helpdesk's chain, so there is a row to tamper with.
        form = await operator.get("/helpdesk/depok/")
        key = re.search(r'name="submission_key" value="([^"]+)"', form.text)
        assert key
        opened = await operator.post(
            "/helpdesk/depok/",
            data={
                "submission_key": key.group(1),
                "category": "akun_penyedia",
                "reporter_role": "penyedia",
                "name": "Operator Uji",
                "summary": "Rantai audit",
                "description": "Tiket untuk memeriksa rantai audit.",
                "email": "audit.rantai@contoh.co.id",
            },
        )
        assert opened.status_code == 200
        page = await operator.get("/ops/audit")
        assert page.status_code == 200
        found = results(page.text)
        assert set(found) == {"registration", "verification", "helpdesk", "notifier", "identity"}
        assert all(value == ("ya", "Utuh") for value in found.values()), found

        conn = await asyncpg.connect(stack.admin_database_url)
        try:
            row_id, reason = await conn.fetchrow("SELECT id, reason FROM helpdesk.audit_log ORDER BY id DESC LIMIT 1")
            await conn.execute("ALTER TABLE helpdesk.audit_log DISABLE TRIGGER audit_log_append_only")
            try:
                await conn.execute("UPDATE helpdesk.audit_log SET reason = 'diubah' WHERE id = $1", row_id)
                broken = results((await operator.get("/ops/audit")).text)
                assert broken["helpdesk"] == ("tidak", f"Terputus pada baris id {row_id} (kolom hash tidak cocok)")
                assert broken["verification"] == ("ya", "Utuh"), "the other chains are unaffected"
            finally:
                # Put the row back exactly as it was, so the chain holds again for the rest of the run.
                await conn.execute("UPDATE helpdesk.audit_log SET reason = $2 WHERE id = $1", row_id, reason)
                await conn.execute("ALTER TABLE helpdesk.audit_log ENABLE TRIGGER audit_log_append_only")
        finally:
            await conn.close()
        assert results((await operator.get("/ops/audit")).text)["helpdesk"] == ("ya", "Utuh")
