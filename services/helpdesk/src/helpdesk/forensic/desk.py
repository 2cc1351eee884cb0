"""The forensic desk: what its use cases work with (the database, the standards, the clock, the bucket, the link
key), what an action comes to, and a filed request before it is stored."""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from typing import Protocol

import asyncpg
from itsdangerous import URLSafeTimedSerializer

from contracts.envelope import Actor
from contracts.lpse import LpseProfile, ServiceStandard
from contracts.requests import RequestChannel
from helpdesk.forensic.files import Received
from helpdesk.forensic.forms import RequestForm
from lpse_runtime.clock import Clock
from lpse_runtime.sealing import LinkBox

KIND = "uji_forensik"
REPORT_LINK_AGE = 30 * 24 * 3600


class Storage(Protocol):
    """Where the bytes go (the HELPDESK_FORENSIC bucket)."""

    async def put(self, name: str, content: bytes) -> None:
        """Keep the bytes under a name."""
        ...

    async def get(self, name: str) -> bytes:
        """The bytes kept under a name."""
        ...


@dataclass(frozen=True)
class ForensicDesk:
    """What the use cases work with: the database, the standards, the clock, the bucket and the link key."""

    pool: asyncpg.Pool
    profiles: dict[str, LpseProfile]
    clock: Clock
    link_secret: str
    public_base_url: str
    bucket: Storage

    def status_token(self, test_id: uuid.UUID) -> str:
        """The requester's status page token: derived from the id under the link key, never stored."""
        mac = hmac.new(self.link_secret.encode(), f"forensik-status:{test_id}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")

    def status_path(self, test_id: uuid.UUID) -> str:
        """The status page's path."""
        return f"/helpdesk/forensik/{self.status_token(test_id)}"

    def sealed(self, path: str) -> str:
        """A private link as a fact carries it: sealed for the notifier."""
        return LinkBox(self.link_secret).seal(f"{self.public_base_url}{path}")

    @property
    def report_links(self) -> URLSafeTimedSerializer:
        """Signed, expiring links to issued reports (the notifier fetches the PDF through them)."""
        return URLSafeTimedSerializer(self.link_secret, salt="forensik-berita-acara")


@dataclass(frozen=True)
class Outcome:
    """What became of an action: done, refused (with why), or no such case for this person."""

    found: bool = True
    refusal: str | None = None


NOT_FOUND = Outcome(found=False)


@dataclass(frozen=True)
class Filing:
    """A valid request with its received files, and who filed it how."""

    form: RequestForm
    form_file: Received
    files: tuple[Received, ...]
    key: uuid.UUID
    actor: Actor
    actor_name: str
    channel: RequestChannel


def service_of(profile: LpseProfile) -> ServiceStandard | None:
    """The LPSE's uji forensik service, if its standard has one."""
    return next((s for s in profile.services if s.kind == KIND), None)
