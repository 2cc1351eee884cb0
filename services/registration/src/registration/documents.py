"""Uploaded documents: recognised by content (PDF, JPEG, PNG), size-limited, hashed, kept in JetStream's object
store outside the relational rows."""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass

import filetype
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError
from nats.js.object_store import ObjectStore

from registration.file_safety import active_content

ALLOWED_TYPES: dict[str, str] = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
BUCKET = "REGISTRATION_DOCUMENTS"


@dataclass(frozen=True)
class Accepted:
    """A file that passed: its recognised type, size and digest."""

    content_type: str
    size: int
    sha256: str


def megabytes(size: int) -> str:
    """A size as people read it in Indonesia: '6,3 MB' (decimal comma, one digit)."""
    return f"{size / 1048576:.1f}".replace(".", ",") + " MB"


def check_upload(content: bytes, max_bytes: int, *, size: int | None = None) -> Accepted | str:
    """Accept a plain PDF, JPEG or PNG by its content (not its name) within the size limit, or say why not.

    `size` is the whole upload's size when only its first `max_bytes + 1` bytes were read.
    """
    real_size = len(content) if size is None else max(size, len(content))
    if not real_size:
        return "Berkas kosong."
    if real_size > max_bytes:
        return f"Ukuran berkas paling besar {megabytes(max_bytes)}; berkas ini {megabytes(real_size)}."
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        return "Berkas harus PDF, JPEG atau PNG (dikenali dari isinya, bukan dari nama berkas)."
    refused = active_content(content, kind.mime)
    if refused is not None:
        return refused
    return Accepted(content_type=kind.mime, size=len(content), sha256=hashlib.sha256(content).hexdigest())


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
