"""The retry settings the README promises are the ones shipped: each durable as declared on the real JetStream
delivers at most 6 times, one message in flight, explicit acks; a failed delivery comes back after 1, then 2 s."""

from __future__ import annotations

import time

import asyncpg
import pytest
from nats.aio.client import Client
from nats.js.api import AckPolicy

from contracts.envelope import Event
from contracts.registration import ApplicationResubmittedV1, ApplicationSubmittedV1
from contracts.streams import load_topology
from devstack.stack import DEPLOY
from lpse_runtime.consumer import Dispatch
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from tests.support import Infra, application_submitted, eventually, reset_schema

pytestmark = pytest.mark.integration

# README, "The services and their subjects" and "Delivery rules, as built" (Acks), written out.
DURABLES = {
    "verification-from-registration": "REGISTRATION",
    "notifier-from-registration": "REGISTRATION",
    "registration-from-verification": "VERIFICATION",
    "notifier-from-verification": "VERIFICATION",
    "notifier-from-helpdesk": "HELPDESK",
    "helpdesk-from-gateway": "GATEWAY",
    "gateway-from-helpdesk": "HELPDESK",
    "identity-from-helpdesk": "HELPDESK",
    "notifier-from-identity": "IDENTITY",
    "helpdesk-from-identity": "IDENTITY",
    "gateway-from-verification": "VERIFICATION",
    "verification-from-gateway": "GATEWAY",
}
MAX_DELIVER = 6
MAX_ACK_PENDING = 1
NAK_DELAYS = (1.0, 2.0, 5.0, 15.0, 30.0)


async def test_every_durable_runs_with_the_shipped_delivery_limits(nc: Client) -> None:
    js = nc.jetstream()  # the fixture declared deploy/jetstream.yaml
    for durable, stream in DURABLES.items():
        config = (await js.consumer_info(stream, durable)).config
        assert config.max_deliver == MAX_DELIVER, durable
        assert config.max_ack_pending == MAX_ACK_PENDING, durable
        assert config.ack_policy == AckPolicy.EXPLICIT, durable
    shipped = load_topology(DEPLOY / "jetstream.yaml")
    assert {spec.durable for spec in shipped.consumers} == set(DURABLES)
    for spec in shipped.consumers:
        delays = tuple(spec.delay_after(n) for n in range(1, MAX_DELIVER))
        assert delays == NAK_DELAYS, spec.durable


async def test_a_failed_delivery_is_retried_after_one_then_two_seconds(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "verification")
    runtime = ServiceRuntime(
        "verification", ServiceSettings(database_url=url, nats_url=infra.nats_url, consumer_fetch_seconds=1)
    )
    deliveries: list[float] = []

    async def refusing(_event: Event, _conn: asyncpg.Connection) -> None:
        deliveries.append(time.monotonic())
        raise RuntimeError("downstream refused")

    dispatch = Dispatch().on(ApplicationSubmittedV1, refusing).on(ApplicationResubmittedV1, refusing)
    runtime.consume("verification-from-registration", dispatch)
    await runtime.start(relay=False)
    try:
        event = application_submitted("depok", "CV Ditolak Terus")
        await nc.jetstream().publish(event.subject, event.model_dump_json().encode())

        async def third_delivery() -> bool:
            return len(deliveries) >= 3

        await eventually(third_delivery, timeout=15, what="three deliveries of the refused fact")
    finally:
        await runtime.stop()
    first_wait, second_wait = deliveries[1] - deliveries[0], deliveries[2] - deliveries[1]
    assert 0.9 <= first_wait < second_wait, (first_wait, second_wait)
    assert second_wait >= 1.9, (first_wait, second_wait)
