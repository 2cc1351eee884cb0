"""Helpdesk's settings: the shared ones, the link secret (status and survey links) and LKPP's callback secret."""

from __future__ import annotations

from lpse_runtime.settings import LinkSealing, ServiceSettings


class Settings(ServiceSettings, LinkSealing):
    """Settings of the helpdesk service."""

    lkpp_callback_secret: str = "dev-lkpp-callback-secret"
