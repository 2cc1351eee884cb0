"""Metrics and the OpenAPI documents: on each service's own port for Prometheus and operators, not through the
front door."""

from __future__ import annotations

import httpx
import pytest

from devstack.stack import Stack

pytestmark = pytest.mark.e2e

# (service, its prefix behind the front door), as the README's "Front door paths" lists them.
SERVICES = (
    ("registration", "/daftar"),
    ("verification", "/staf"),
    ("helpdesk", "/helpdesk"),
    ("notifier", "/notifier"),
)


async def test_metrics_and_api_documents_answer_on_the_services_port_and_404_at_the_front_door(stack: Stack) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        for service, prefix in SERVICES:
            own = stack.service_urls[service]
            metrics = await client.get(f"{own}{prefix}/metrics")
            assert metrics.status_code == 200 and "# TYPE" in metrics.text, service
            document = await client.get(f"{own}{prefix}/api/openapi.json")
            assert document.status_code == 200 and "openapi" in document.json(), service
            assert (await client.get(f"{own}{prefix}/api/docs")).status_code == 200, service

            for path in ("/metrics", "/api/openapi.json", "/api/docs"):
                public = await client.get(f"{stack.front_url}{prefix}{path}")
                assert public.status_code == 404, f"{prefix}{path}"
                assert "# TYPE" not in public.text and '"openapi"' not in public.text, f"{prefix}{path}"
                assert "Halaman tidak ditemukan" in public.text and 'href="/"' in public.text, f"{prefix}{path}"
        # The operators' service publishes no API document at all, and its metrics stay on its own port too.
        assert (await client.get(f"{stack.front_url}/ops/metrics")).status_code == 404
        assert (await client.get(f"{stack.service_urls['operations']}/ops/metrics")).status_code == 200
        # Nor does the LKPP gateway, which serves nothing but its health to the front door.
        assert (await client.get(f"{stack.front_url}/gateway/metrics")).status_code == 404
        assert (await client.get(f"{stack.service_urls['gateway']}/gateway/metrics")).status_code == 200
        assert (await client.get(f"{stack.service_urls['gateway']}/gateway/api/openapi.json")).status_code == 404
