"""The gateway's composition root: the durable on the helpdesk's escalations, the forwarder, health and metrics."""

from __future__ import annotations

import functools

from fastapi import FastAPI

from contracts.helpdesk import TicketEscalatedV1
from gateway import handlers
from gateway.forwarder import FaultHook, Forwarder
from gateway.settings import Settings
from lpse_runtime.clock import Clock
from lpse_runtime.consumer import Dispatch
from lpse_runtime.service import ServiceRuntime

SERVICE = "gateway"


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, after_accepted: FaultHook | None = None
) -> FastAPI:
    """Build the gateway: escalations read durably from HELPDESK, forwarded to LKPP from its table."""
    settings = settings or Settings()
    runtime = ServiceRuntime(SERVICE, settings, clock=clock)
    escalated = functools.partial(
        handlers.on_ticket_escalated, clock=runtime.clock, public_base_url=settings.public_base_url
    )
    runtime.consume("gateway-from-helpdesk", Dispatch().on(TicketEscalatedV1, escalated))
    runtime.add_worker(
        "forwarder",
        lambda pool: Forwarder(pool, runtime.clock, settings, runtime.registry, after_accepted=after_accepted).run(),
    )
    # Health and metrics only: operators follow forwards on /ops/ (the facts) and in gateway_forwards_overdue.
    return runtime.app(prefix="/gateway", title="Gateway LKPP", api_docs=False)
