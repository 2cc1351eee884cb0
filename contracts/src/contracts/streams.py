"""Streams and durable consumers as data: the model, and the loader of `deploy/jetstream.yaml`."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

DURABLE_NAME = re.compile(r"^[a-z]+-from-[a-z]+$")
# The durables of the first topology, one per (service, fact): deleted at declaration, as facts about one entity
# could overtake each other between them.
RETIRED_DURABLE = re.compile(r"^[a-z]+-on-[a-z_]+-[a-z_]+$")
ADVISORY_STREAM = "ADVISORIES"
MAX_DELIVERIES_ADVISORY = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES"


def max_deliveries_subject(stream: str, durable: str) -> str:
    """The subject on which JetStream announces that a consumer gave up on a message."""
    return f"{MAX_DELIVERIES_ADVISORY}.{stream}.{durable}"


class StreamSpec(BaseModel):
    """One JetStream stream: the owner's facts (or the dead letters)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    subjects: tuple[str, ...]
    duplicate_window_seconds: float = Field(default=600, gt=0)
    max_age_days: float = Field(default=30, gt=0)
    description: str = ""


class ConsumerSpec(BaseModel):
    """One durable pull consumer: everything a service reads from one owner's stream, in the stream's order.

    One message in flight at a time (`max_ack_pending` 1, fetched one by one) is what keeps facts about one entity
    in commit order: a message that fails and waits for its retry holds back the ones behind it, on every replica
    bound to the durable, so a later fact can never be applied before an earlier one.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    durable: str
    stream: str
    filter_subjects: tuple[str, ...] = Field(min_length=1)
    max_deliver: int = Field(default=6, ge=1, le=100)
    backoff_seconds: tuple[float, ...] = (1.0, 2.0, 5.0, 15.0, 30.0)
    ack_wait_seconds: float = Field(default=30, gt=0)
    max_ack_pending: int = Field(default=1, ge=1, le=1)
    batch_size: int = Field(default=1, ge=1, le=1)

    @field_validator("durable")
    @classmethod
    def _durable_is_service_from_owner(cls, value: str) -> str:
        if not DURABLE_NAME.match(value):
            raise ValueError(f"durable name {value!r} must read <service>-from-<owner>")
        return value

    @property
    def service(self) -> str:
        """The consuming service, from the durable name."""
        return self.durable.split("-from-", 1)[0]

    @property
    def advisory_subject(self) -> str:
        """Where JetStream announces a message this consumer delivered `max_deliver` times without an answer."""
        return max_deliveries_subject(self.stream, self.durable)

    def delay_after(self, deliveries: int) -> float:
        """Seconds to wait before the next attempt, after `deliveries` failed ones."""
        if not self.backoff_seconds:
            return 0.0
        return self.backoff_seconds[min(max(deliveries, 1), len(self.backoff_seconds)) - 1]


class Topology(BaseModel):
    """Every stream and consumer of the deployment."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    streams: tuple[StreamSpec, ...]
    consumers: tuple[ConsumerSpec, ...]

    def consumer(self, durable: str) -> ConsumerSpec:
        """The consumer with this durable name, or KeyError."""
        for spec in self.consumers:
            if spec.durable == durable:
                return spec
        raise KeyError(durable)

    def consumers_of(self, service: str) -> tuple[ConsumerSpec, ...]:
        """The durables a service reads."""
        return tuple(spec for spec in self.consumers if spec.service == service)

    def advisory_consumer(self, service: str) -> ConsumerSpec | None:
        """The durable through which a service hears that one of its consumers gave up on a message, if any."""
        watched = tuple(spec.advisory_subject for spec in self.consumers_of(service))
        if not watched or not any(s.name == ADVISORY_STREAM for s in self.streams):
            return None
        return ConsumerSpec(durable=f"{service}-from-advisories", stream=ADVISORY_STREAM, filter_subjects=watched)

    def stream(self, name: str) -> StreamSpec:
        """The stream with this name, or KeyError."""
        for spec in self.streams:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def stream_for_subject(self, subject: str) -> StreamSpec:
        """The stream that captures a concrete subject (owner prefix match)."""
        owner = subject.split(".", 1)[0]
        for spec in self.streams:
            if any(s.split(".", 1)[0] == owner for s in spec.subjects):
                return spec
        raise KeyError(subject)


def load_topology(path: Path) -> Topology:
    """Read and validate a topology file."""
    return Topology.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
