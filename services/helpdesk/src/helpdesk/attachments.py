"""A ticket's attachments: at most three PDF, JPEG or PNG files of 5 MB each, recognised by their content (the
runtime's upload rule, as registration's documents), kept in JetStream's object store at `<ticket_id>/<sha256>`."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from nats.js import JetStreamContext

from lpse_runtime.downloads import safe_filename
from lpse_runtime.objects import ObjectBucket
from lpse_runtime.uploads import Accepted, check_upload, megabytes

BUCKET = "HELPDESK_ATTACHMENTS"
MAX_FILES = 3
MAX_BYTES = 5 * 1024 * 1024
FIELD = "attachments"
TOO_MANY = f"Paling banyak {MAX_FILES} berkas lampiran."


@dataclass(frozen=True)
class Upload:
    """A file as sent: its name, at most `MAX_BYTES + 1` of its bytes, and the size the client declared."""

    filename: str
    content: bytes
    size: int | None = None


@dataclass(frozen=True)
class Checked:
    """A file that passed, ready to keep."""

    filename: str
    content: bytes
    accepted: Accepted


class Storage(Protocol):
    """Where the bytes go."""

    async def put(self, name: str, content: bytes) -> None:
        """Keep the bytes under a name."""
        ...

    async def get(self, name: str) -> bytes:
        """The bytes kept under a name."""
        ...


class AttachmentStore(ObjectBucket):
    """The object-store bucket of ticket attachments."""

    def __init__(self, js: JetStreamContext) -> None:
        super().__init__(js, BUCKET)


def object_name(ticket_id: str, sha256: str) -> str:
    """Where an attachment lives in the bucket."""
    return f"{ticket_id}/{sha256}"


async def check_all(uploads: Sequence[Upload]) -> tuple[list[Checked], str | None]:
    """Every file checked by its content; the first refusal names the file and why (then nothing is kept)."""
    files = [u for u in uploads if u.filename or u.content]
    if len(files) > MAX_FILES:
        return [], TOO_MANY
    checked: list[Checked] = []
    for upload in files:
        # In a thread: scanning a 5 MB PDF's streams takes a few tenths of a second other requests need not wait.
        result = await asyncio.to_thread(check_upload, upload.content, MAX_BYTES, size=upload.size)
        name = safe_filename(upload.filename or "lampiran")
        if isinstance(result, str):
            return [], f"{name}: {result}"
        checked.append(Checked(name, upload.content, result))
    return checked, None


LIMIT_TEXT = f"PDF, JPEG atau PNG; paling banyak {MAX_FILES} berkas, masing-masing {megabytes(MAX_BYTES)}"
