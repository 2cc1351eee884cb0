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


# What a person may type: anything printable, and tab and line breaks in a text area. Control characters (NUL
# above all, which PostgreSQL refuses in text) and lone surrogates are never meant and never stored.
ALLOWED_CONTROLS = frozenset("\t\n\r")
CONTROL_REFUSED = "Isian memuat karakter kontrol yang tidak diizinkan (misalnya NUL); ketik ulang tanpa karakter itu."
TEXT_CEILING = 5000  # the longest free text anywhere on the platform; most fields set a shorter limit of their own


def has_control_characters(text: str) -> bool:
    """Whether the text holds a control character other than tab and line breaks, or a lone surrogate."""
    return any(
        (ord(ch) < 0x20 and ch not in ALLOWED_CONTROLS) or 0x7F <= ord(ch) <= 0x9F or 0xD800 <= ord(ch) <= 0xDFFF
        for ch in text
    )


def too_long_message(limit: int) -> str:
    """The message beside a field longer than its limit."""
    return f"Isian terlalu panjang: paling banyak {limit} karakter."


def plain_text_problem(text: str, limit: int = TEXT_CEILING) -> str | None:
    """Why typed text cannot be kept (a control character, over the limit), or None when it can."""
    if has_control_characters(text):
        return CONTROL_REFUSED
    if len(text) > limit:
        return too_long_message(limit)
    return None


# A NPWP (15 digits, 16 since the NIK became the NPWP) or a NIK (16 digits), typed as a run of digits with or without
# the dots and dashes of "09.123.456.7-891.000"; never meant for free text that travels on the bus.
_IDENTIFIER_RUN = re.compile(r"(?<![\d.\-])\d(?:[.\- ]?\d){14,15}(?![\d]|[.\-]\d)")
IDENTIFIER_REFUSED = (
    "Jangan menuliskan NIK/NPWP (15–16 digit) di sini; isian ini dikirim kepada pihak lain. "
    "Sebutkan di uraian bila memang diperlukan."
)


def identifier_problem(text: str) -> str | None:
    """Why free text that goes on the bus cannot hold this (a 15- or 16-digit NIK/NPWP), or None when it can."""
    for found in _IDENTIFIER_RUN.finditer(text):
        if 15 <= sum(ch.isdigit() for ch in found.group(0)) <= 16:
            return IDENTIFIER_REFUSED
    return None
