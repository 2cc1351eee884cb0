"""Text rules the domains share: email syntax and one-line text (pure: no web framework, so a domain may use it)."""

from __future__ import annotations

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
