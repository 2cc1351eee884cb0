"""An application announced again under a new event id opens no second case and causes no retries; an
application of an LPSE the platform does not serve is dead-lettered with that reason (real JetStream, PostgreSQL)."""

from __future__ import annotations

import uuid

import pytest
from nats.aio.client import Client

from contracts.registration import ProviderType
from lpse_runtime.deadletters import list_dead_letters
from tests.support import Infra, application_submitted, eventually, reset_schema
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration
DURABLE = "verification-from-registration"


async def test_the_same_application_under_a_new_event_id_opens_one_case_without_retries(
    infra: Infra, nc: Client
) -> None:
    url = await reset_schema(infra, "verification")
    app = create_app(Settings(database_url=url, nats_url=infra.nats_url))
    runtime = app.state.runtime
    first = application_submitted("magelang", "Usaha Ulang", provider_type=ProviderType.PERSEORANGAN_UMKM)
    again = first.model_copy(update={"event_id": uuid.uuid4()})
    js = nc.jetstream()
    async with app.router.lifespan_context(app):
        for event in (first, again):
            await js.publish(event.subject, event.model_dump_json().encode())

        async def both_acknowledged() -> bool:
            info = await js.consumer_info("REGISTRATION", DURABLE)
            return bool(info.delivered.stream_seq == 2 and info.num_ack_pending == 0 and info.num_pending == 0)

        await eventually(both_acknowledged, timeout=10, what="both announcements handled and acknowledged")
        info = await js.consumer_info("REGISTRATION", DURABLE)
        assert info.num_redelivered == 0, "no retry against the case's unique application"
        pool = runtime.pool
        assert await pool.fetchval("SELECT count(*) FROM cases WHERE application_id = $1", first.application_id) == 1
        assert await pool.fetchval("SELECT count(*) FROM audit_log WHERE action = 'open'") == 1

        async def one_case_opened() -> bool:
            return (await js.stream_info("VERIFICATION")).state.messages == 1

        await eventually(one_case_opened, what="the one case.opened fact")
        assert await list_dead_letters(js) == []
        retried = runtime.registry.get_sample_value("consumer_retried_total", {"consumer": DURABLE})
        assert retried in (None, 0.0)


async def test_an_application_of_an_unknown_lpse_is_dead_lettered_with_that_reason(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "verification")
    app = create_app(Settings(database_url=url, nats_url=infra.nats_url))
    stray = application_submitted("atlantis", "CV Entah")
    known = application_submitted("depok", "CV Dikenal")
    js = nc.jetstream()
    async with app.router.lifespan_context(app):
        for event in (stray, known):
            await js.publish(event.subject, event.model_dump_json().encode())

        async def stray_dead_lettered() -> bool:
            return len(await list_dead_letters(js)) == 1

        await eventually(stray_dead_lettered, timeout=10, what="the stray application in the dead-letter stream")
        (letter,) = await list_dead_letters(js)
        assert letter.deliveries == 1 and letter.consumer == DURABLE
        assert letter.error == ("permanent: unknown LPSE 'atlantis': no service standard to open a case under")

        async def known_case_opened() -> bool:
            count = await app.state.runtime.pool.fetchval(
                "SELECT count(*) FROM cases WHERE application_id = $1", known.application_id
            )
            return bool(count == 1)

        await eventually(known_case_opened, what="the case of the application behind it")
