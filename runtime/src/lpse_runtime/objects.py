"""A JetStream object-store bucket that files of a service live in (uploaded documents, ticket attachments)."""

from __future__ import annotations

import contextlib

from nats.js import JetStreamContext
from nats.js.errors import NotFoundError
from nats.js.object_store import ObjectStore


class ObjectBucket:
    """One bucket, created on first use (file storage, so what it keeps survives restarts)."""

    def __init__(self, js: JetStreamContext, name: str) -> None:
        self._js = js
        self._name = name
        self._store: ObjectStore | None = None

    async def bucket(self) -> ObjectStore:
        """The bucket, created when it does not exist yet."""
        if self._store is None:
            try:
                self._store = await self._js.object_store(self._name)
            except NotFoundError:
                self._store = await self._js.create_object_store(self._name)
        return self._store

    async def put(self, name: str, content: bytes) -> None:
        """Keep bytes under a name."""
        await (await self.bucket()).put(name, content)

    async def get(self, name: str) -> bytes:
        """The bytes kept under a name."""
        result = await (await self.bucket()).get(name)
        return bytes(result.data or b"")

    async def delete(self, name: str) -> None:
        """Drop what a name holds; a name already gone is fine."""
        with contextlib.suppress(NotFoundError):
            await (await self.bucket()).delete(name)
