"""Registration's settings: the shared ones suffice."""

from __future__ import annotations

from lpse_runtime.settings import LinkSealing, ServiceSettings


class Settings(ServiceSettings, LinkSealing):
    """Settings of the registration service."""

    max_upload_bytes: int = 5 * 1024 * 1024
