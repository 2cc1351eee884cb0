"""The gateway's settings: the shared ones, where LKPP's and BSSN's APIs are and the secret each signs with."""

from __future__ import annotations

from dataclasses import dataclass

from contracts.digests import LKPP_SIGNATURE_HEADER
from contracts.forensic import ExternalParty
from lpse_runtime.settings import ServiceSettings


@dataclass(frozen=True)
class PartyApi:
    """One party's API as the forwarder reaches it, and the header and secret that sign both directions."""

    url: str
    secret: str
    signature_header: str
    timeout_seconds: float


BSSN_SIGNATURE_HEADER = "x-bssn-signature"  # the HMAC-SHA256 of the body under BSSN_CALLBACK_SECRET, hex


class Settings(ServiceSettings):
    """Settings of the gateway service."""

    # LKPP's API; the dev stack points it at its simulator (`…/lkpp/api`); tickets go to `…/tiket`, forensic tests
    # to `…/forensik`.
    lkpp_api_url: str = "http://127.0.0.1:8490/lkpp/api"
    # One shared secret signs the requests to LKPP and LKPP's callbacks (to the helpdesk, and forensic answers to
    # the gateway) (contracts.digests).
    lkpp_callback_secret: str = "dev-lkpp-callback-secret"
    lkpp_timeout_seconds: float = 10.0
    # BSSN's forensic API (`…/forensik`); the dev stack points it at its BSSN simulator (`…/bssn/api`).
    bssn_api_url: str = "http://127.0.0.1:8491/bssn/api"
    # BSSN's own secret: it signs the requests to BSSN and BSSN's answers, never LKPP's (refused at its shipped value
    # outside development, like every `*_secret`).
    bssn_callback_secret: str = "dev-bssn-callback-secret"
    bssn_timeout_seconds: float = 10.0
    # A claimed forward whose process died mid-request is taken again after this (and resent with the same key).
    lease_seconds: float = 60.0
    # An escalation committed wakes the forwarder (LISTEN/NOTIFY); the poll only finds retries falling due.
    forwarder_poll_seconds: float = 1.0

    def party_api(self, party: ExternalParty) -> PartyApi:
        """Where a party's API is, and how requests to it and answers from it are signed."""
        if party == "bssn":
            return PartyApi(
                self.bssn_api_url, self.bssn_callback_secret, BSSN_SIGNATURE_HEADER, self.bssn_timeout_seconds
            )
        return PartyApi(self.lkpp_api_url, self.lkpp_callback_secret, LKPP_SIGNATURE_HEADER, self.lkpp_timeout_seconds)
