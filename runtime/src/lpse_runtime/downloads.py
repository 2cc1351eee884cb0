"""Files people uploaded or the services issued, handed back as downloads: a safe name, encoded per RFC 6266/5987,
in a sandbox that runs nothing (an uploaded file is never trusted to be what it claims)."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from fastapi.responses import Response

# No script, no plugin, no form, no origin of ours: a file that is really HTML (or opened inline) does nothing.
SANDBOX_POLICY = "sandbox; default-src 'none'"
FALLBACK_NAME = "dokumen"


def safe_filename(name: str, *, fallback: str = FALLBACK_NAME) -> str:
    """The last path component of an uploaded name, without control characters (never echo a directory)."""
    last = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(ch for ch in last if unicodedata.category(ch)[0] != "C").strip().strip(".")
    return kept[:200] or fallback


def ascii_fallback(name: str) -> str:
    """The name for clients that ignore `filename*`: letters stripped of accents, anything else as '_'."""
    plain = "".join(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii") or "_" for ch in name)
    kept = "".join(ch if ch.isalnum() or ch in " .-_()" else "_" for ch in plain).strip()
    return kept or FALLBACK_NAME


def content_disposition(filename: str, *, disposition: str = "attachment") -> str:
    """`attachment; filename="KTP Budi_s.pdf"; filename*=UTF-8''KTP%20Budi%E2%80%99s.pdf` (RFC 6266, 5987)."""
    name = safe_filename(filename)
    return f"{disposition}; filename=\"{ascii_fallback(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def download(content: bytes, content_type: str, filename: str) -> Response:
    """A file as an attachment, in a sandbox, with its declared type only (never sniffed)."""
    return Response(
        content,
        media_type=content_type,
        headers={
            "Content-Disposition": content_disposition(filename),
            "Content-Security-Policy": SANDBOX_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
