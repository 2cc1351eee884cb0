"""The development SMTP capture: every message the platform sends, kept in a Maildir and shown at /mail."""

from __future__ import annotations

import argparse
import email
import email.policy
import logging
import mailbox
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


class MaildirHandler:
    """aiosmtpd handler that stores each accepted message in a Maildir."""

    def __init__(self, maildir: Path) -> None:
        self.box = mailbox.Maildir(maildir, create=True)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        raw = envelope.original_content or b""
        self.box.add(raw)
        return "250 Message accepted for delivery"


def summarize(key: str, message: EmailMessage) -> dict[str, Any]:
    """The parts of a message the mailbox page and the tests read."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    attachments = [part.get_filename() for part in message.iter_attachments() if part.get_filename()]
    return {
        "id": key,
        "from": str(message.get("From", "")),
        "to": str(message.get("To", "")),
        "subject": str(message.get("Subject", "")),
        "date": str(message.get("Date", "")),
        "message_id": str(message.get("Message-ID", "")),
        "text": text.get_content() if text is not None else "",
        "html": html.get_content() if html is not None else "",
        "attachments": attachments,
    }


def read_all(maildir: Path) -> list[dict[str, Any]]:
    """Every captured message, newest first."""
    box = mailbox.Maildir(maildir, create=True)
    items = []
    for key in box.keys():  # noqa: SIM118 - Maildir keys are file names
        path = Path(maildir) / ("new" if (Path(maildir) / "new" / key).exists() else "cur") / key
        raw = path.read_bytes() if path.exists() else bytes(box.get_bytes(key))
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        items.append((path.stat().st_mtime if path.exists() else 0.0, summarize(key, message)))
    return [item for _, item in sorted(items, key=lambda pair: pair[0], reverse=True)]


def create_app(maildir: Path) -> FastAPI:
    """The mailbox web app under /mail."""
    app = FastAPI(title="Kotak surat pengembangan", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/mail/api/messages")
    async def api_messages() -> list[dict[str, Any]]:
        return read_all(maildir)

    @app.get("/mail/", response_class=HTMLResponse)
    async def index(request: Request) -> Response:
        return TEMPLATES.TemplateResponse(request, "mailbox.html", {"messages": read_all(maildir)})

    @app.get("/mail/pesan/{key}", response_class=HTMLResponse)
    async def show(request: Request, key: str) -> Response:
        found = [m for m in read_all(maildir) if m["id"] == key]
        if not found:
            raise HTTPException(404, "Pesan tidak ditemukan")
        return TEMPLATES.TemplateResponse(request, "message.html", {"m": found[0]})

    @app.get("/mail/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ok"}

    return app


def main() -> None:
    """Run the SMTP capture and its web page."""
    import uvicorn

    parser = argparse.ArgumentParser(description="Development SMTP capture with a web mailbox")
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--maildir", type=Path, required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    controller = Controller(MaildirHandler(args.maildir), hostname="127.0.0.1", port=args.smtp_port)
    controller.start()
    try:
        uvicorn.run(create_app(args.maildir), host="127.0.0.1", port=args.http_port, log_level="warning")
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
