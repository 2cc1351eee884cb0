"""SMTP delivery through aiosmtplib: smtp://, smtp+starttls:// or smtps://, credentials in the URL."""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

import aiosmtplib

from notifier.domain import Outcome, classify_smtp_code


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


@dataclass(frozen=True)
class Attempt:
    """What the server said."""

    outcome: Outcome
    detail: str


def classify(exc: BaseException) -> Attempt:
    """An aiosmtplib failure as an outcome: refused recipients and replies by code, the rest by kind."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [e.code for e in exc.recipients]
        worst = max(codes) if codes else 550
        return Attempt(classify_smtp_code(worst), "; ".join(f"{e.code} {e.message}" for e in exc.recipients))
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return Attempt(Outcome.TECHNICAL, f"{exc.code} {exc.message} (periksa kredensial SMTP_URL)")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return Attempt(classify_smtp_code(exc.code), f"{exc.code} {exc.message}")
    if isinstance(exc, (aiosmtplib.SMTPException, OSError, TimeoutError)):
        return Attempt(Outcome.TEMPORARY, f"{type(exc).__name__}: {exc}")
    return Attempt(Outcome.TECHNICAL, f"{type(exc).__name__}: {exc}")


class Mailer:
    """Sends one message at a time to the configured server."""

    def __init__(self, target: SmtpTarget) -> None:
        self.target = target

    async def send(self, message: EmailMessage) -> Attempt:
        """Hand the message to the server and say what happened."""
        try:
            _, reply = await aiosmtplib.send(
                message,
                hostname=self.target.host,
                port=self.target.port,
                use_tls=self.target.use_tls,
                start_tls=self.target.start_tls,
                username=self.target.username,
                password=self.target.password,
                timeout=20,
            )
        except Exception as exc:
            return classify(exc)
        return Attempt(Outcome.ACCEPTED, reply)
