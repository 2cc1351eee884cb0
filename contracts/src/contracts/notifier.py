"""Facts owned by the notifier service."""

from __future__ import annotations

import uuid
from typing import ClassVar

from pydantic import Field

from contracts.envelope import Event


class NotificationSentV1(Event):
    """An email reached the mail server for delivery to its recipient."""

    subject_template: ClassVar[str] = "notifier.{lpse}.notification.sent.v1"

    delivery_id: uuid.UUID
    template: str = Field(min_length=1, max_length=80)
    template_version: int = Field(ge=1)
    trigger_event_id: uuid.UUID


class NotificationFailedV1(Event):
    """An email could not be delivered after its bounded retries, or was refused for good."""

    subject_template: ClassVar[str] = "notifier.{lpse}.notification.failed.v1"

    delivery_id: uuid.UUID
    template: str = Field(min_length=1, max_length=80)
    trigger_event_id: uuid.UUID
    reason: str = Field(min_length=1, max_length=500)
