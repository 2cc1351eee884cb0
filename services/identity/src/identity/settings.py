"""Identity's settings: the shared ones, and the key that seals the set-password links it emails."""

from __future__ import annotations

from lpse_runtime.settings import LinkSealing, ServiceSettings


class Settings(ServiceSettings, LinkSealing):
    """Settings of the identity service."""
