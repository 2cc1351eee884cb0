"""The sender is woken by the commit that records a delivery, not by its poll."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller
from nats.aio.client import Client

from devstack.processes import free_port
from notifier.app import create_app
from notifier.settings import Settings
from tests.support import AcceptingMailServer, Infra, application_submitted, eventually, reset_schema, unique_email

pytestmark = pytest.mark.integration


async def test_a_committed_delivery_wakes_the_sender_long_before_its_poll(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    port, server = free_port(), AcceptingMailServer()
    # A poll far longer than the test: only the NOTIFY at the delivery's commit can get the email out in time.
    settings = Settings(
        database_url=url, nats_url=infra.nats_url, smtp_url=f"smtp://127.0.0.1:{port}", sender_poll_seconds=3600
    )
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            pool = app.state.runtime.pool

            async def sender_and_relay_listen() -> bool:
                count = await pool.fetchval(
                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'notifier-listen'"
                )
                return bool(count >= 2)

            await eventually(sender_and_relay_listen, what="the sender and the relay to LISTEN")
            email = unique_email("bangun")
            event = application_submitted("depok", email=email)
            await nc.jetstream().publish(event.subject, event.model_dump_json().encode())

            async def delivered() -> bool:
                return email in server.recipients

            await eventually(delivered, timeout=10, what="the email, sent by the woken sender")

            async def recorded() -> bool:  # the server's 250 comes before the sender's own record of it
                return bool(await pool.fetchval("SELECT status FROM deliveries") == "delivered")

            await eventually(recorded, timeout=5, what="the delivery recorded as delivered")
    finally:
        controller.stop()
