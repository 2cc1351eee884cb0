"""A refused delivery is recorded through one commit: status, suppression and its fact; no full address leaves it."""

from __future__ import annotations

import json
import logging

import asyncpg
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from nats.aio.client import Client

from devstack.processes import free_port
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.staff import Grant, StaffPrincipal
from notifier import usecases
from notifier.app import create_app
from notifier.settings import Settings
from tests.support import Infra, application_submitted, eventually, reset_schema, unique_email

pytestmark = pytest.mark.integration


class Refusing:
    """A mail server that refuses every recipient for good, naming the address in its reply, as real ones do."""

    async def handle_RCPT(  # noqa: N802
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"


HELPDESK_DEPOK = StaffPrincipal(
    username="helpdesk.depok", name="Helpdesk Depok", grants=(Grant(role="helpdesk", lpse="depok"),)
)
HELPDESK_BANJARMASIN = StaffPrincipal(
    username="helpdesk.banjarmasin", name="Helpdesk Banjarmasin", grants=(Grant(role="helpdesk", lpse="banjarmasin"),)
)


async def staff_lifts_and_resends(pool: asyncpg.Pool, runtime: ServiceRuntime, email: str) -> None:
    """The helpdesk lifts the suppression and resends: each step leaves its audit row; another LPSE finds nothing."""
    now, box = runtime.clock.now(), link_box(runtime.settings)
    original = await pool.fetchval("SELECT id FROM deliveries")
    assert await usecases.lift_suppression(pool, email.lower(), HELPDESK_BANJARMASIN, now) is None
    assert await usecases.resend(pool, box, original, HELPDESK_BANJARMASIN, now) is None
    assert await pool.fetchval("SELECT count(*) FROM audit_log") == 0
    assert await usecases.lift_suppression(pool, email.lower(), HELPDESK_DEPOK, now) is True
    resent = await usecases.resend(pool, box, original, HELPDESK_DEPOK, now)
    assert resent is not None and resent.info == f"Dikirim ulang ke {email.lower()}."
    audit = [
        (r["actor_id"], r["entity"], r["action"], r["before"], r["after"])
        for r in await pool.fetch("SELECT * FROM audit_log ORDER BY id")
    ]
    copy = await pool.fetchval("SELECT id FROM deliveries WHERE resend_of = $1", original)
    assert audit == [
        ("helpdesk.depok", "suppression", "lift", "suppressed", "lifted"),
        ("helpdesk.depok", "delivery", "resend", str(original), "created"),
    ]
    assert await pool.fetchval("SELECT entity_id FROM audit_log WHERE action = 'resend'") == str(copy)


async def test_a_permanent_refusal_suppresses_the_address_and_names_it_only_masked(
    infra: Infra, nc: Client, caplog: pytest.LogCaptureFixture
) -> None:
    url = await reset_schema(infra, "notifier")
    port = free_port()
    settings = Settings(database_url=url, nats_url=infra.nats_url, smtp_url=f"smtp://127.0.0.1:{port}")
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    caplog.set_level(logging.DEBUG, logger="notifier.sender")
    email = unique_email("ditolak")
    try:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            pool = app.state.runtime.pool
            event = application_submitted("depok", email=email)
            await nc.jetstream().publish(event.subject, event.model_dump_json().encode())

            async def failed_fact_published() -> bool:
                info = await nc.jetstream().stream_info(
                    "NOTIFIER", subjects_filter="notifier.depok.notification.failed.v1"
                )
                return sum((info.state.subjects or {}).values()) >= 1

            await eventually(failed_fact_published, timeout=20, what="the failed delivery's fact")
            assert await pool.fetchval("SELECT status FROM deliveries") == "permanent_failure"
            assert await pool.fetchval("SELECT count(*) FROM suppressions WHERE address = lower($1)", email) == 1
            await staff_lifts_and_resends(pool, app.state.runtime, email)
    finally:
        controller.stop()
    fact = json.loads(
        (await nc.jetstream().get_last_msg("NOTIFIER", "notifier.depok.notification.failed.v1")).data or b"{}"
    )
    masked = f"{email[:2]}***@{email.partition('@')[2]}"
    assert fact["reason"].startswith("permanent_failure: ") and masked in fact["reason"], fact["reason"]
    assert email not in json.dumps(fact)
    lines = [r.getMessage() for r in caplog.records if r.name == "notifier.sender"]
    assert any(masked in line and "permanent_failure" in line for line in lines), lines
    assert not any(email in line for line in caplog.messages), "no log line carries the full address"
