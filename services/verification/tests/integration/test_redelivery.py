"""A redelivered application event changes nothing the second time (real JetStream and PostgreSQL)."""

from __future__ import annotations

import json

import pytest
from nats.aio.client import Client

from contracts.registration import ProviderType
from tests.support import Infra, application_submitted, eventually, reset_schema
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration


async def test_the_same_event_delivered_twice_opens_one_case(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "verification")
    app = create_app(Settings(database_url=url, nats_url=infra.nats_url))
    runtime = app.state.runtime
    event = application_submitted("magelang", "Usaha Uji", provider_type=ProviderType.PERSEORANGAN_UMKM)
    app_id = event.application_id
    js = nc.jetstream()
    async with app.router.lifespan_context(app):
        # Two copies of one fact with different message ids: the stream keeps both, as after a redelivery.
        for copy in range(2):
            await js.publish(event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": f"copy-{copy}"})

        async def both_acknowledged() -> bool:
            info = await js.consumer_info("REGISTRATION", "verification-from-registration")
            return bool(info.delivered.stream_seq == 2 and info.num_ack_pending == 0 and info.num_pending == 0)

        await eventually(both_acknowledged, what="both copies to be handled and acknowledged")

        async def one_case_opened_published() -> bool:
            return (await js.stream_info("VERIFICATION")).state.messages == 1

        await eventually(one_case_opened_published, what="the case.opened fact")
        pool = runtime.pool
        assert await pool.fetchval("SELECT count(*) FROM cases WHERE application_id = $1", app_id) == 1
        assert await pool.fetchval("SELECT count(*) FROM inbox WHERE event_id = $1", event.event_id) == 1
        assert await pool.fetchval("SELECT count(*) FROM audit_log WHERE action = 'open'") == 1
        opened = await js.get_last_msg("VERIFICATION", "verification.magelang.case.opened.v1")
        assert json.loads(opened.data or b"{}")["causation_id"] == str(event.event_id)
        duplicates = runtime.registry.get_sample_value(
            "consumer_duplicates_total", {"consumer": "verification-from-registration"}
        )
        assert duplicates == 1.0
