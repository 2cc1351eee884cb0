"""The gateway's settings: the shared ones, where LKPP's ticket API is and the secret both directions sign with."""

from __future__ import annotations

from lpse_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    """Settings of the gateway service."""

    # LKPP's ticket API; the dev stack points it at its simulator (`…/lkpp/api`), the request goes to `…/tiket`.
    lkpp_api_url: str = "http://127.0.0.1:8490/lkpp/api"
    # One shared secret signs the requests to LKPP and LKPP's callbacks to the helpdesk (contracts.digests).
    lkpp_callback_secret: str = "dev-lkpp-callback-secret"
    lkpp_timeout_seconds: float = 10.0
    # A claimed forward whose process died mid-request is taken again after this (and resent with the same key).
    lease_seconds: float = 60.0
    # An escalation committed wakes the forwarder (LISTEN/NOTIFY); the poll only finds retries falling due.
    forwarder_poll_seconds: float = 1.0
