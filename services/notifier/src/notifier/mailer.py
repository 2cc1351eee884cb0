"""SMTP delivery through aiosmtplib: smtp://, smtp+starttls:// or smtps://, credentials in the URL."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import aiosmtplib


@dataclass(frozen=True)
class SmtpTarget:
    """Where and how to send."""

    host: str
    port: int
    use_tls: bool
    start_tls: bool
    username: str | None
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> SmtpTarget:
        """Parse smtp://user:pass@host:port (plain), smtp+starttls://… or smtps://… (implicit TLS)."""
        parts = urlsplit(url)
        if parts.scheme not in {"smtp", "smtps", "smtp+starttls"}:
            raise ValueError(f"SMTP_URL scheme must be smtp, smtp+starttls or smtps, not {parts.scheme!r}")
        implicit = parts.scheme == "smtps"
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or (465 if implicit else 25),
            use_tls=implicit,
            start_tls=parts.scheme == "smtp+starttls",
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )


class Mailer:
    """Sends one message at a time to the configured server."""

    def __init__(self, target: SmtpTarget) -> None:
        self.target = target

    async def send(self, message: EmailMessage) -> None:
        """Hand the message to the server; raises on refusal or outage."""
        await aiosmtplib.send(
            message,
            hostname=self.target.host,
            port=self.target.port,
            use_tls=self.target.use_tls,
            start_tls=self.target.start_tls,
            username=self.target.username,
            password=self.target.password,
            timeout=20,
        )
