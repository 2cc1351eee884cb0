"""The envelope every event carries, and the rules that turn a class into a subject."""

from __future__ import annotations

import re
import uuid
from typing import Any, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

SUBJECT_TEMPLATE = re.compile(
    r"^(?P<owner>[a-z]+)\.\{lpse\}\.(?P<entity>[a-z_]+)\.(?P<fact>[a-z_]+)\.v(?P<version>[1-9][0-9]*)$"
)
LPSE_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")

Language = Literal["id", "en"]
"""The language an applicant chose for what the platform tells them: Bahasa Indonesia by default."""

ActorRole = Literal[
    "system",
    "penyedia",
    "verifikator",
    "helpdesk",
    "admin_ppe",
    "admin_agency",
    "kepala_lpse",
    "operator",
    "auditor",
    "admin_platform",
    "pelapor",
    "lkpp",
    "bssn",
    "ppk",
    "pokja",
    "pejabat_pengadaan",
    "pa",
    "auditor_paket",
]


class Actor(BaseModel):
    """Who caused a fact: a user id and role, or the system itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=120)
    role: ActorRole

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """The platform acting on its own (a relay, a timer)."""
        return cls(id=name, role="system")


class AttachmentRef(BaseModel):
    """A document the producing service keeps and lends by a signed link (a receipt, a berita acara)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    filename: str = Field(min_length=1, max_length=200)
    content_type: str = Field(min_length=3, max_length=100)
    url: str = Field(
        min_length=1, max_length=1000, description="the signed link, sealed for the notifier like every private link"
    )
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Event(BaseModel):
    """Base of every event: a frozen, versioned fact that carries its subject."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    subject_template: ClassVar[str] = ""

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    occurred_at: AwareDatetime
    lpse: str = Field(pattern=LPSE_CODE.pattern)
    correlation_id: uuid.UUID
    causation_id: uuid.UUID | None = None
    actor: Actor

    @property
    def subject(self) -> str:
        """The concrete subject of this fact, with its LPSE filled in."""
        return self.subject_template.replace("{lpse}", self.lpse)

    @classmethod
    def subject_filter(cls) -> str:
        """The subject a consumer filters on to receive this fact from every LPSE."""
        return cls.subject_template.replace("{lpse}", "*")

    @classmethod
    def owner(cls) -> str:
        """The service that owns (publishes) this fact."""
        return cls.subject_template.split(".", 1)[0]

    def caused(self) -> dict[str, Any]:
        """Envelope fields for a fact caused by this one: same case, this event as cause."""
        return {"lpse": self.lpse, "correlation_id": self.correlation_id, "causation_id": self.event_id}


def parse_subject_template(template: str) -> dict[str, str]:
    """Split a subject template into owner, entity, fact and version, or raise ValueError."""
    match = SUBJECT_TEMPLATE.match(template)
    if match is None:
        raise ValueError(f"subject template {template!r} is not <owner>.{{lpse}}.<entity>.<fact>.v<N>")
    return match.groupdict()
