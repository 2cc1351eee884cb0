"""What a decision is, before it is stored: the new state, the facts to publish and the audit record.

Pure (pydantic contracts and the standard library only), so every domain's `decide()` can return it; the runtime's
`lpse_runtime.commit.commit` stores all three in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Generic, TypeVar

from contracts.envelope import Actor, Event

S = TypeVar("S")


@dataclass(frozen=True)
class AuditEntry:
    """One decision: who, when, on what, before → after, and why."""

    at: datetime
    actor: Actor
    entity: str
    entity_id: str
    action: str
    before: str | None
    after: str | None
    reason: str | None = None

    def digest(self, prev_hash: str) -> str:
        """SHA-256 over the previous hash and this entry's content."""
        body = json.dumps(
            [
                prev_hash,
                self.at.isoformat(),
                self.actor.id,
                self.actor.role,
                self.entity,
                self.entity_id,
                self.action,
                self.before,
                self.after,
                self.reason,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class Decided(Generic[S]):
    """A domain's answer to a trigger: the state to save, the facts it publishes, the audit row it leaves."""

    state: S
    facts: tuple[Event, ...] = ()
    audit: AuditEntry | None = field(default=None)

    def publishing(self, facts: Iterable[Event]) -> Decided[S]:
        """The same decision with its facts replaced (e.g. a due instant known only once the clock is stored)."""
        return replace(self, facts=tuple(facts))

    def also(self, *facts: Event) -> Decided[S]:
        """The same decision publishing more facts after its own."""
        return replace(self, facts=(*self.facts, *facts))
