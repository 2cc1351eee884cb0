"""Moving to one durable per owner's stream keeps what the per-fact durables already handled as handled."""

from __future__ import annotations

import uuid

import asyncpg
import pytest

from lpse_runtime.migrate import RUNTIME_MIGRATIONS
from tests.support import Infra, reset_schema

pytestmark = pytest.mark.integration
MIGRATION = RUNTIME_MIGRATIONS / "20261202120000_runtime_inbox_per_owner.sql"


async def test_old_inbox_rows_count_for_the_new_durable_of_their_owner(infra: Infra) -> None:
    url = await reset_schema(infra, "notifier")
    old = {
        "notifier-on-application-submitted": "notifier-from-registration",
        "notifier-on-email-verification_requested": "notifier-from-registration",
        "notifier-on-case-handed_over": "notifier-from-verification",
        "notifier-on-account-password_reset_requested": "notifier-from-verification",
        "notifier-on-aggregation-completed": "notifier-from-verification",
        "notifier-on-ticket-opened": "notifier-from-helpdesk",
    }
    events = {name: uuid.uuid4() for name in old}
    conn = await asyncpg.connect(url)
    try:
        for name, event_id in events.items():
            await conn.execute("INSERT INTO inbox (consumer, event_id) VALUES ($1, $2)", name, event_id)
        up = MIGRATION.read_text().split("-- migrate:down")[0]
        await conn.execute(up)
        await conn.execute(up)  # a second run changes nothing
        rows = await conn.fetch("SELECT consumer, event_id FROM inbox WHERE consumer LIKE '%-from-%'")
        assert {(r["consumer"], r["event_id"]) for r in rows} == {(old[n], e) for n, e in events.items()}
    finally:
        await conn.close()
