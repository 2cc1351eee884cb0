"""Each service answers its liveness, readiness and Prometheus metrics on its own port, as the README's "Health"
states: `<prefix>/health/live`, `<prefix>/health/ready` (PostgreSQL and JetStream), `<prefix>/metrics` (FastStream's
Prometheus middleware plus the outbox and consumer counters)."""

from __future__ import annotations

import re

import httpx
import pytest

from devstack.stack import Stack

pytestmark = pytest.mark.e2e

# service → (its prefix, the metrics it exposes beside FastStream's), written out from the README.
SERVICES: dict[str, tuple[str, tuple[str, ...]]] = {
    "identity": ("/identitas", ("outbox_published_events_total", "consumer_handled_total")),
    "registration": (
        "/daftar",
        ("outbox_published_events_total", "consumer_handled_total", "consumer_dead_lettered_total"),
    ),
    "verification": (
        "/staf",
        ("outbox_published_events_total", "consumer_handled_total", "consumer_dead_lettered_total"),
    ),
    "helpdesk": ("/helpdesk", ("outbox_published_events_total", "consumer_handled_total")),
    "notifier": (
        "/notifier",
        ("outbox_published_events_total", "consumer_handled_total", "notifier_delivery_outcomes_total"),
    ),
    "operations": ("/ops", ("consumer_handled_total", "ops_feed_listeners")),
    "gateway": ("/gateway", ("outbox_published_events_total", "consumer_handled_total", "gateway_forwards_overdue")),
}
PROMETHEUS_TEXT = re.compile(r"^text/plain; version=\d+\.\d+\.\d+; charset=utf-8$")


@pytest.mark.parametrize("service", SERVICES)
async def test_health_and_metrics_answer_on_the_services_own_port(stack: Stack, service: str) -> None:
    prefix, names = SERVICES[service]
    async with httpx.AsyncClient(base_url=f"{stack.service_urls[service]}{prefix}", timeout=10) as client:
        live = await client.get("/health/live")
        assert (live.status_code, live.headers["content-type"]) == (200, "application/json")
        assert live.json() == {"status": "ok"}

        ready = await client.get("/health/ready")
        assert (ready.status_code, ready.headers["content-type"]) == (200, "application/json")
        assert ready.json() == {"status": "ok", "checks": {"postgres": "ok", "nats": "ok"}}

        metrics = await client.get("/metrics")
        assert metrics.status_code == 200
        assert PROMETHEUS_TEXT.match(metrics.headers["content-type"]), metrics.headers["content-type"]
        for name in ("faststream_received_messages_total", "faststream_published_messages_total", *names):
            assert re.search(rf"^# HELP {name} ", metrics.text, re.MULTILINE), f"{service}: {name}"
