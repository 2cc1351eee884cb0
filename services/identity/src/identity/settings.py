"""Identity's settings: the shared ones suffice."""

from __future__ import annotations

from lpse_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    """Settings of the identity service."""
