"""Declaring the topology replaces the one-durable-per-fact consumers with one durable per service and owner."""

from __future__ import annotations

import pytest
from nats.aio.client import Client
from nats.js.api import ConsumerConfig

from contracts.streams import load_topology
from devstack.stack import DEPLOY
from lpse_runtime.jetstream import declare
from tests.support import Infra

pytestmark = pytest.mark.integration


async def test_declaring_retires_the_per_fact_durables_and_keeps_others(infra: Infra, nc: Client) -> None:
    js = nc.jetstream()
    for durable, subject in (
        ("notifier-on-case-claimed", "verification.*.case.claimed.v1"),
        ("registration-on-aggregation-completed", "verification.*.aggregation.completed.v1"),
        ("audit-tail", "verification.>"),
    ):
        await js.add_consumer("VERIFICATION", ConsumerConfig(durable_name=durable, filter_subject=subject))

    lines = await declare(js, load_topology(DEPLOY / "jetstream.yaml"))

    assert "consumer VERIFICATION/notifier-on-case-claimed retired" in lines
    names = {str(c.name) for c in await js.consumers_info("VERIFICATION")}
    assert names == {
        "registration-from-verification",
        "notifier-from-verification",
        "gateway-from-verification",
        "audit-tail",
    }
    advisories = {str(c.name): c.config for c in await js.consumers_info("ADVISORIES")}
    assert set(advisories) == {
        "registration-from-advisories",
        "notifier-from-advisories",
        "verification-from-advisories",
        "helpdesk-from-advisories",
        "gateway-from-advisories",
        "identity-from-advisories",
    }
    assert advisories["registration-from-advisories"].filter_subjects == [
        "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.VERIFICATION.registration-from-verification"
    ]
    ordered = await js.consumer_info("VERIFICATION", "notifier-from-verification")
    assert ordered.config.max_ack_pending == 1 and ordered.config.max_deliver == 6
