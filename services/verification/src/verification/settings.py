"""Verification's settings: the shared ones suffice."""

from __future__ import annotations

from lpse_runtime.settings import LinkSealing, ServiceSettings


class Settings(ServiceSettings, LinkSealing):
    """Settings of the verification service."""

    lkpp_callback_secret: str = "dev-lkpp-callback-secret"
