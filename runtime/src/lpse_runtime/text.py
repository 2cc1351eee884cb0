"""Text rules the domains share: email syntax and one-line text (pure: no web framework, so a domain may use it)."""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email


def normalized_email(raw: str) -> str | None:
    """The address in normal form when its syntax is valid (no DNS look-up), else None."""
    try:
        return str(validate_email(raw.strip(), check_deliverability=False).normalized)
    except EmailNotValidError:
        return None


def one_line(raw: str) -> str:
    """Text with runs of white space folded to single spaces."""
    return " ".join(raw.split())


EMAIL_IN_TEXT = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def mask_email(text: str) -> str:
    """'direktur@contoh.co.id' → 'di***@contoh.co.id': enough to follow a case, not enough to read the address."""
    local, at, domain = text.partition("@")
    if not at:
        return text
    return f"{local[:2]}***@{domain}"


def mask_emails_in(text: str) -> str:
    """Free text (a mail server's reply, a log line) with every address in it masked."""
    return EMAIL_IN_TEXT.sub(lambda found: mask_email(found.group(0)), text)
