"""What the case desk's use cases work with, and what becomes of a staff action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg
from itsdangerous import URLSafeTimedSerializer

from contracts.lpse import LpseProfile
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime
from verification.links import document_links


@dataclass(frozen=True)
class CaseDesk:
    """The service's database, standards and clock, and the signer of the document links it hands out."""

    runtime: ServiceRuntime
    links: URLSafeTimedSerializer

    @classmethod
    def of(cls, runtime: ServiceRuntime) -> CaseDesk:
        """The desk of a running service."""
        return cls(runtime, document_links(runtime))

    @property
    def pool(self) -> asyncpg.Pool:
        """The service's connection pool (once started)."""
        return self.runtime.pool

    @property
    def profiles(self) -> dict[str, LpseProfile]:
        """Each LPSE's service standard."""
        return self.runtime.profiles

    @property
    def public_base_url(self) -> str:
        """Where the links in emails point."""
        return self.runtime.settings.public_base_url

    def sealed_link(self, path: str) -> str:
        """A private link as a fact carries it: sealed for the notifier, never readable on the bus."""
        return link_box(self.runtime.settings).seal(f"{self.public_base_url}{path}")

    def now(self) -> datetime:
        """The injected clock's time."""
        return self.runtime.clock.now()


@dataclass(frozen=True)
class Outcome:
    """What became of a staff action: done, refused (with why, for the console), or no such case for this person."""

    found: bool = True
    refusal: str | None = None


DONE = Outcome()
NOT_FOUND = Outcome(found=False)
