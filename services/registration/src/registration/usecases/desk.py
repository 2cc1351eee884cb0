"""What registration's use cases work with: the runtime's pool, clock and profiles, the links' base, the bucket."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import asyncpg

from contracts.lpse import LpseProfile
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime
from registration.documents import DocumentStore

DEFAULT_MAX_UPLOAD = 5 * 1024 * 1024


class Desk:
    """Registration's service as its use cases see it (the bucket is opened on first use)."""

    def __init__(self, runtime: ServiceRuntime) -> None:
        self.runtime = runtime
        self._store: DocumentStore | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        """The service's connection pool."""
        return self.runtime.pool

    @property
    def profiles(self) -> Mapping[str, LpseProfile]:
        """The LPSE profiles, by code."""
        return self.runtime.profiles

    def now(self) -> datetime:
        """The injected clock's time."""
        return self.runtime.clock.now()

    def link(self, path: str) -> str:
        """An absolute link on the public site."""
        return f"{self.runtime.settings.public_base_url}{path}"

    def sealed_link(self, path: str) -> str:
        """A private link as a fact carries it: sealed for the notifier, never readable on the bus."""
        return link_box(self.runtime.settings).seal(self.link(path))

    @property
    def max_upload_bytes(self) -> int:
        """The largest document accepted."""
        return int(getattr(self.runtime.settings, "max_upload_bytes", DEFAULT_MAX_UPLOAD))

    def setting(self, name: str, default: int) -> int:
        """A registration setting (the runtime may run with the shared settings only)."""
        return int(getattr(self.runtime.settings, name, default))

    @property
    def store(self) -> DocumentStore:
        """The object-store bucket of uploaded documents."""
        if self._store is None:
            self._store = DocumentStore(self.runtime.broker.config.connection_state.stream)
        return self._store
