"""The development SMTP capture: every message the platform sends, kept in a Maildir and shown at /mail."""

from __future__ import annotations

import argparse
import email
import email.policy
import html
import logging
import mailbox
import re
import unicodedata
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.filters["human_size"] = lambda size: human_size(int(size))


def not_found(request: Request, reason: str) -> Response:
    """A 404 a person can read, with the way back to the mailbox."""
    return TEMPLATES.TemplateResponse(request, "not_found.html", {"reason": reason}, status_code=404)


class MaildirHandler:
    """aiosmtpd handler that stores each accepted message in a Maildir."""

    def __init__(self, maildir: Path) -> None:
        self.box = mailbox.Maildir(maildir, create=True)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        raw = envelope.original_content or b""
        self.box.add(raw)
        return "250 Message accepted for delivery"


def attachment_parts(message: EmailMessage) -> list[EmailMessage]:
    """The message's attachments, in order; their position is their number in download links."""
    return [part for part in message.iter_attachments() if isinstance(part, EmailMessage)]


def attachment_name(part: EmailMessage, number: int) -> str:
    """The attachment's own file name without any folder or control character, or 'lampiran-<n>'."""
    raw = part.get_filename() or ""
    name = "".join(ch for ch in raw.replace("\\", "/").rsplit("/", 1)[-1] if unicodedata.category(ch)[0] != "C")
    return name.strip(" .") or f"lampiran-{number}"


def content_disposition(filename: str) -> str:
    """An attachment header per RFC 6266: an ASCII fallback name, and the real one UTF-8 encoded (RFC 5987)."""
    ascii_name = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\%' else "_" for ch in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def for_preview(body: str) -> str:
    """The HTML part with links opening in a new tab, not inside the small preview frame."""
    base = '<base target="_blank">'
    head = re.search(r"<head[^>]*>", body, flags=re.IGNORECASE)
    if head:
        return body[: head.end()] + base + body[head.end() :]
    return base + body


URL = re.compile(r"https?://[^\s<>\"']+")


def linkify(text: str) -> Markup:
    """The plain-text part, escaped, with its addresses as links that open in a new tab."""

    def link(match: re.Match[str]) -> str:
        url = match.group(0).rstrip(".,;:)")
        rest = match.group(0)[len(url) :]
        return f'<a href="{url}" target="_blank" rel="noopener noreferrer">{url}</a>{rest}'

    return Markup(URL.sub(link, html.escape(text, quote=True)))


def header(message: EmailMessage, name: str) -> str:
    """A header's value as a mail client shows it: a value folded right after its colon (Python's generator does so
    when it does not fit beside the name) is read back with the fold's space in front, which no client shows."""
    return str(message.get(name, "")).strip()


def summarize(key: str, message: EmailMessage) -> dict[str, Any]:
    """The parts of a message the mailbox page and the tests read."""
    text = message.get_body(preferencelist=("plain",))
    html_part = message.get_body(preferencelist=("html",))
    parts = attachment_parts(message)
    files = [
        {
            "number": number,
            "filename": attachment_name(part, number),
            "content_type": part.get_content_type(),
            "size": len(part.get_payload(decode=True) or b""),
            "url": f"/mail/pesan/{key}/lampiran/{number}",
        }
        for number, part in enumerate(parts, start=1)
    ]
    return {
        "id": key,
        "from": header(message, "From"),
        "to": header(message, "To"),
        "subject": header(message, "Subject"),
        "date": header(message, "Date"),
        "message_id": header(message, "Message-ID"),
        "text": text.get_content() if text is not None else "",
        "html": html_part.get_content() if html_part is not None else "",
        "attachments": [part.get_filename() for part in parts if part.get_filename()],
        "files": files,
    }


def read_message(maildir: Path, key: str) -> EmailMessage | None:
    """One captured message by its Maildir key (None when there is no such message)."""
    box = mailbox.Maildir(maildir, create=True)
    if key not in box:
        return None
    message = email.message_from_bytes(bytes(box.get_bytes(key)), policy=email.policy.default)
    return message if isinstance(message, EmailMessage) else None


def human_size(size: int) -> str:
    """'12,3 KB' as Indonesian readers write it."""
    if size < 1024:
        return f"{size} B"
    value, unit = (size / 1024, "KB") if size < 1024 * 1024 else (size / 1024 / 1024, "MB")
    return f"{value:.1f} {unit}".replace(".", ",")


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
        message = read_message(maildir, key)
        if message is None:
            return not_found(request, "Pesan ini tidak ada di kotak surat.")
        m = summarize(key, message)
        context = {"m": m, "preview": for_preview(m["html"]), "text": linkify(m["text"])}
        return TEMPLATES.TemplateResponse(request, "message.html", context)

    @app.get("/mail/pesan/{key}/lampiran/{number}")
    async def attachment(request: Request, key: str, number: str) -> Response:
        message = read_message(maildir, key)
        parts = attachment_parts(message) if message is not None else []
        if not number.isdigit() or not 1 <= int(number) <= len(parts):
            return not_found(request, "Lampiran ini tidak ada.")
        part = parts[int(number) - 1]
        return Response(
            part.get_payload(decode=True) or b"",
            media_type=part.get_content_type(),
            headers={
                "Content-Disposition": content_disposition(attachment_name(part, int(number))),
                "X-Content-Type-Options": "nosniff",
            },
        )

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
