"""The gateway's composition root: the durables on the helpdesk's escalations and on verification's account changes,
a forwarder per party, the parties' forensic callbacks, health and metrics."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import get_args

import asyncpg
from fastapi import FastAPI

from contracts.forensic import ExternalParty, ForensicEscalatedExternalV1
from contracts.helpdesk import TicketEscalatedV1
from contracts.provider_account import (
    ProviderAccountChangedV1,
    ProviderAccountDeactivatedV1,
    ProviderAccountReactivatedV1,
)
from gateway import handlers, web
from gateway.forwarder import FaultHook, Forwarder, ForwardMetrics
from gateway.settings import Settings
from lpse_runtime.clock import Clock
from lpse_runtime.consumer import Dispatch
from lpse_runtime.service import ServiceRuntime

SERVICE = "gateway"


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, after_accepted: FaultHook | None = None
) -> FastAPI:
    """Build the gateway: escalations read durably from HELPDESK and aggregated accounts' changes from VERIFICATION,
    forwarded to each party from its table."""
    settings = settings or Settings()
    runtime = ServiceRuntime(SERVICE, settings, clock=clock)
    clock, base = runtime.clock, settings.public_base_url
    ticket = functools.partial(handlers.on_ticket_escalated, clock=clock, public_base_url=base)
    forensic = functools.partial(handlers.on_forensic_escalated_external, clock=clock, public_base_url=base)
    runtime.consume(
        "gateway-from-helpdesk", Dispatch().on(TicketEscalatedV1, ticket).on(ForensicEscalatedExternalV1, forensic)
    )
    account = functools.partial(handlers.on_provider_account_fact, clock=clock)
    runtime.consume(
        "gateway-from-verification",
        Dispatch()
        .on(ProviderAccountChangedV1, account)
        .on(ProviderAccountDeactivatedV1, account)
        .on(ProviderAccountReactivatedV1, account),
    )
    metrics = ForwardMetrics.registered(runtime.registry)
    for party in get_args(ExternalParty):
        runtime.add_worker(f"forwarder-{party}", forwarder_loop(runtime, settings, metrics, party, after_accepted))
    # Operators follow forwards on /ops/ (the facts) and in gateway_forwards_overdue; the parties post their
    # forensic answers to /gateway/<party>/forensik/callback.
    app = runtime.app(prefix="/gateway", title="Gateway LKPP dan BSSN", api_docs=False)
    app.include_router(web.router(runtime, settings))
    return app


def forwarder_loop(
    runtime: ServiceRuntime,
    settings: Settings,
    metrics: ForwardMetrics,
    party: ExternalParty,
    after_accepted: FaultHook | None,
) -> Callable[[asyncpg.Pool], Awaitable[None]]:
    """One party's forwarder, started with the service's pool."""

    def loop(pool: asyncpg.Pool) -> Awaitable[None]:
        forwarder = Forwarder(pool, runtime.clock, settings, metrics, party=party, after_accepted=after_accepted)
        return forwarder.run()

    return loop
