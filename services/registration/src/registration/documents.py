"""Uploaded documents: recognised by content (PDF, JPEG, PNG), size-limited, hashed, kept in JetStream's object
store outside the relational rows."""

from __future__ import annotations

import contextlib

from nats.js import JetStreamContext
from nats.js.errors import NotFoundError
from nats.js.object_store import ObjectStore

from lpse_runtime.uploads import ALLOWED_TYPES, Accepted, check_upload, megabytes

__all__ = ["ALLOWED_TYPES", "BUCKET", "Accepted", "DocumentStore", "check_upload", "megabytes", "object_name"]

BUCKET = "REGISTRATION_DOCUMENTS"


def object_name(draft_id: str, code: str, sha256: str) -> str:
    """Where a document lives in the bucket: one object per draft, document and content."""
    return f"{draft_id}/{code}/{sha256}"


class DocumentStore:
    """The object-store bucket of uploaded documents."""

    def __init__(self, js: JetStreamContext) -> None:
        self._js = js
        self._store: ObjectStore | None = None

    async def bucket(self) -> ObjectStore:
        """The bucket, created on first use (file storage, so documents survive restarts)."""
        if self._store is None:
            try:
                self._store = await self._js.object_store(BUCKET)
            except NotFoundError:
                self._store = await self._js.create_object_store(BUCKET)
        return self._store

    async def put(self, name: str, content: bytes) -> None:
        """Store a document."""
        await (await self.bucket()).put(name, content)

    async def get(self, name: str) -> bytes:
        """Read a document back."""
        result = await (await self.bucket()).get(name)
        return bytes(result.data or b"")

    async def delete(self, name: str) -> None:
        """Drop a replaced document."""
        with contextlib.suppress(NotFoundError):
            await (await self.bucket()).delete(name)
