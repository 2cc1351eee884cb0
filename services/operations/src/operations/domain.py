"""Pure helpers of the operators' view: reading subjects and filtering the feed."""

from __future__ import annotations

import json
from dataclasses import dataclass

from contracts.catalog import event_for_subject


@dataclass(frozen=True)
class FeedItem:
    """One message seen on the bus, as the live feed shows it."""

    subject: str
    owner: str
    lpse: str
    event_type: str
    event_id: str
    occurred_at: str
    correlation_id: str
    actor: str
    known: bool

    def to_json(self) -> str:
        """The SSE payload."""
        return json.dumps(self.__dict__)


def feed_item(subject: str, payload: bytes) -> FeedItem:
    """Read a message into a feed item; unknown or unreadable payloads still show their subject."""
    parts = subject.split(".")
    if parts[0] == "deadletter" and len(parts) > 2:
        return FeedItem(
            subject, "deadletter", parts[3] if len(parts) > 3 else "?", "dead_letter", "", "", "", parts[1], False
        )
    body: dict[str, object] = {}
    try:
        loaded = json.loads(payload)
        body = loaded if isinstance(loaded, dict) else {}
    except ValueError:
        body = {}
    actor = body.get("actor")
    return FeedItem(
        subject=subject,
        owner=parts[0],
        lpse=parts[1] if len(parts) > 1 else "?",
        event_type=".".join(parts[2:4]) if len(parts) >= 4 else subject,
        event_id=str(body.get("event_id", "")),
        occurred_at=str(body.get("occurred_at", "")),
        correlation_id=str(body.get("correlation_id", "")),
        actor=f"{actor.get('id')} ({actor.get('role')})" if isinstance(actor, dict) else "",
        known=event_for_subject(subject) is not None,
    )


def matches(item: FeedItem, *, lpse: str | None, event_type: str | None) -> bool:
    """Whether the item passes the operator's filter (empty filter = everything)."""
    return (not lpse or item.lpse == lpse) and (not event_type or item.event_type == event_type)
