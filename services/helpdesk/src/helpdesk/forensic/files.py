"""The files under test: read once, hashed while they stream in, kept unaltered in the HELPDESK_FORENSIC bucket.

Bid files are Apendo-encrypted: they are never sniffed as documents (any type is kept as sent), only refused when
empty, too large or too many. Every read hashes the bytes again and refuses a mismatch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from nats.js import JetStreamContext

from lpse_runtime.downloads import safe_filename
from lpse_runtime.objects import ObjectBucket

BUCKET = "HELPDESK_FORENSIC"
MAX_FILES = 10
MAX_BYTES = 20 * 1024 * 1024
CHUNK = 1024 * 1024
FORM_FIELD = "formulir"
FILES_FIELD = "berkas"


class Readable(Protocol):
    """An uploaded file as the web framework hands it over."""

    filename: str | None

    async def read(self, size: int = -1) -> bytes:
        """The next bytes, b"" at the end."""
        ...


@dataclass(frozen=True)
class Received:
    """A file read in full with its digest (computed as the bytes arrived, never afterwards)."""

    name: str
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        """Its size in bytes."""
        return len(self.content)


class TooLarge(Exception):
    """More bytes arrived than a file may have."""


async def receive(upload: Readable, limit: int = MAX_BYTES) -> Received:
    """Read an upload chunk by chunk, hashing each; stops at `limit + 1` bytes (TooLarge)."""
    digest, parts, size = hashlib.sha256(), [], 0
    while chunk := await upload.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise TooLarge
        digest.update(chunk)
        parts.append(chunk)
    return Received(safe_filename(upload.filename or "berkas", fallback="berkas"), b"".join(parts), digest.hexdigest())


async def receive_files(files: Sequence[Readable]) -> tuple[list[Received], str | None]:
    """The files under test (1 to 10), or the message beside their field (then none is kept)."""
    chosen = [f for f in files if f.filename]
    if not chosen:
        return [], "Unggah sekurang-kurangnya satu berkas yang akan diuji forensik."
    if len(chosen) > MAX_FILES:
        return [], f"Paling banyak {MAX_FILES} berkas dalam satu permohonan."
    received: list[Received] = []
    for upload in chosen:
        got, problem = await _one(upload)
        if got is None:
            return [], problem
        received.append(got)
    return received, None


async def receive_all(
    form_file: Readable | None, files: Sequence[Readable]
) -> tuple[Received | None, list[Received], dict[str, str]]:
    """The signed form and the files under test, or a message beside each bad field (then nothing is kept)."""
    errors: dict[str, str] = {}
    form = None
    if form_file is None or not form_file.filename:
        errors[FORM_FIELD] = "Unggah Formulir Permohonan Uji Forensik yang sudah ditandatangani."
    else:
        form, problem = await _one(form_file)
        if problem:
            errors[FORM_FIELD] = problem
    received, problem = await receive_files(files)
    if problem:
        errors[FILES_FIELD] = problem
    return form, received, errors


async def _one(upload: Readable) -> tuple[Received | None, str | None]:
    name = safe_filename(upload.filename or "berkas", fallback="berkas")
    try:
        got = await receive(upload)
    except TooLarge:
        return None, f"{name}: lebih dari {MAX_BYTES // (1024 * 1024)} MB."
    if got.size == 0:
        return None, f"{name}: berkas kosong (0 byte)."
    return got, None


class ForensicBucket(ObjectBucket):
    """The object-store bucket of the files under test and the berita acara."""

    def __init__(self, js: JetStreamContext) -> None:
        super().__init__(js, BUCKET)


def object_name(test_id: str, seq: int, sha256: str) -> str:
    """Where a file lives in the bucket: the case, its place in the request and its digest."""
    return f"{test_id}/{seq:02d}-{sha256}"


def report_object_name(test_id: str, sha256: str) -> str:
    """Where the berita acara lives in the bucket."""
    return f"{test_id}/berita-acara-{sha256}"


def intact(content: bytes, sha256: str) -> bool:
    """Whether the bytes read back are the bytes received."""
    return hashlib.sha256(content).hexdigest() == sha256
