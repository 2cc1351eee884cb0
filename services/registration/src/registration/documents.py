"""Uploaded documents: recognised by content (PDF, JPEG, PNG), size-limited, hashed, kept in JetStream's object
store outside the relational rows."""

from __future__ import annotations

from nats.js import JetStreamContext

from lpse_runtime.objects import ObjectBucket
from lpse_runtime.uploads import ALLOWED_TYPES, Accepted, check_upload, megabytes

__all__ = ["ALLOWED_TYPES", "BUCKET", "Accepted", "DocumentStore", "check_upload", "megabytes", "object_name"]

BUCKET = "REGISTRATION_DOCUMENTS"


def object_name(draft_id: str, code: str, sha256: str) -> str:
    """Where a document lives in the bucket: one object per draft, document and content."""
    return f"{draft_id}/{code}/{sha256}"


class DocumentStore(ObjectBucket):
    """The object-store bucket of uploaded documents."""

    def __init__(self, js: JetStreamContext) -> None:
        super().__init__(js, BUCKET)
