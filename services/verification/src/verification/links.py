"""Links this service hands out: hashed one-time tokens, signed expiring document links, and the PDFs behind them."""

from __future__ import annotations

import asyncpg
from fastapi.responses import Response
from itsdangerous import URLSafeTimedSerializer

from lpse_runtime.downloads import download
from lpse_runtime.service import ServiceRuntime

DOCUMENT_LINK_AGE = 7 * 24 * 3600


def document_links(runtime: ServiceRuntime) -> URLSafeTimedSerializer:
    """Signed, expiring links to documents this service issues (the notifier fetches receipts through them)."""
    return URLSafeTimedSerializer(runtime.settings.session_secret, salt="verification-documents")


def pdf_response(stored: asyncpg.Record) -> Response:
    """A stored PDF, offered as a download under its own name (encoded, whatever letters the name holds)."""
    return download(bytes(stored["content"]), "application/pdf", str(stored["filename"]))
