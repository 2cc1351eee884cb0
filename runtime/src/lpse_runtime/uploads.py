"""Uploaded files: recognised by content (PDF, JPEG, PNG), size-limited, refused when they carry active content,
hashed. Pure (no I/O): registration's documents and the helpdesk's attachments are checked by the same rule."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype

from lpse_runtime.file_safety import active_content

ALLOWED_TYPES: dict[str, str] = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


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
