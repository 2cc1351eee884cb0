"""A delivery the mail server keeps refusing for now is tried 8 times with the shipped settings, then "expired"."""

from __future__ import annotations

import json

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from nats.aio.client import Client

from devstack.processes import free_port
from notifier.app import create_app
from notifier.settings import Settings
from tests.support import Infra, application_submitted, eventually, reset_schema, unique_email

pytestmark = pytest.mark.integration
MAX_ATTEMPTS = 8  # README, "Emails": `expired` — still temporary after `SMTP_MAX_ATTEMPTS` (8) attempts


class Busy:
    """A mail server that answers every recipient with a temporary 451, counting the tries."""

    def __init__(self) -> None:
        self.tries: list[str] = []

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        self.tries.append(address)
        return "451 4.3.2 Coba lagi nanti"


async def test_a_delivery_still_failing_temporarily_after_eight_attempts_expires(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    port, server = free_port(), Busy()
    # Only the waits are shortened; the number of attempts is the shipped one.
    settings = Settings(
        database_url=url,
        nats_url=infra.nats_url,
        smtp_url=f"smtp://127.0.0.1:{port}",
        smtp_backoff_seconds=(0.05,),
        sender_poll_seconds=0.05,
    )
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    email = unique_email("sibuk")
    try:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            pool = app.state.runtime.pool
            event = application_submitted("depok", email=email)
            await nc.jetstream().publish(event.subject, event.model_dump_json().encode())

            async def expired() -> bool:
                return bool(await pool.fetchval("SELECT status FROM deliveries") == "expired")

            await eventually(expired, timeout=20, what="the delivery to expire")
            row = await pool.fetchrow("SELECT attempts, last_error, next_attempt_at FROM deliveries")
            assert row["attempts"] == MAX_ATTEMPTS
            assert row["last_error"].startswith("451") and row["next_attempt_at"] is None
            assert server.tries == [email] * MAX_ATTEMPTS, "tried 8 times, never a ninth"

            async def failed_fact() -> bool:
                info = await nc.jetstream().stream_info(
                    "NOTIFIER", subjects_filter="notifier.depok.notification.failed.v1"
                )
                return info.state.messages == 1

            await eventually(failed_fact, what="the expired delivery's notification.failed fact")
    finally:
        controller.stop()
    fact = json.loads(
        (await nc.jetstream().get_last_msg("NOTIFIER", "notifier.depok.notification.failed.v1")).data or b""
    )
    assert fact["reason"].startswith("expired: 451")
