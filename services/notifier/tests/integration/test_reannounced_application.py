"""An application announced again under a new event id gets one receipt email, not two; an event of an LPSE the
platform does not serve is dead-lettered with that reason, not recorded as a failed email (real JetStream)."""

from __future__ import annotations

import uuid

import pytest
from aiosmtpd.controller import Controller
from nats.aio.client import Client

from devstack.processes import free_port
from lpse_runtime.deadletters import list_dead_letters
from notifier.app import create_app
from notifier.settings import Settings
from tests.support import AcceptingMailServer, Infra, application_submitted, eventually, reset_schema, unique_email

pytestmark = pytest.mark.integration
DURABLE = "notifier-from-registration"


async def test_a_reannounced_application_and_an_unknown_lpse(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    port, server = free_port(), AcceptingMailServer()
    settings = Settings(database_url=url, nats_url=infra.nats_url, smtp_url=f"smtp://127.0.0.1:{port}")
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    js = nc.jetstream()
    try:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            pool = app.state.runtime.pool
            email = unique_email("ulang")
            first = application_submitted("depok", email=email)
            again = first.model_copy(update={"event_id": uuid.uuid4()})
            stray = application_submitted("atlantis", email=unique_email("entah"))
            last = application_submitted("depok", email=unique_email("terakhir"))
            for event in (first, again, stray, last):
                await js.publish(event.subject, event.model_dump_json().encode())

            async def both_sent() -> bool:
                return email in server.recipients and last.email in server.recipients

            await eventually(both_sent, timeout=15, what="the receipt and the email of the application behind them")
            info = await js.consumer_info("REGISTRATION", DURABLE)
            assert info.num_redelivered == 0 and info.num_ack_pending == 0
            assert server.recipients.count(email) == 1, "one receipt per application"
            assert await pool.fetchval("SELECT count(*) FROM deliveries WHERE recipient = $1", email) == 1
            assert await pool.fetchval("SELECT count(*) FROM deliveries WHERE lpse = 'atlantis'") == 0
            assert await pool.fetchval("SELECT count(*) FROM deliveries WHERE status = 'technical_failure'") == 0
            assert await pool.fetchval("SELECT count(*) FROM deliveries") == 2
            (letter,) = await list_dead_letters(js)
            assert (letter.consumer, letter.deliveries) == (DURABLE, 1)
            assert letter.error == "permanent: unknown LPSE 'atlantis': no service standard to write the email from"
    finally:
        controller.stop()
