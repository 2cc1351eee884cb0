"""The provider's user ID: an uppercase stem of the company's own name, with a numeric suffix when taken."""

from __future__ import annotations

import html
import re
import unicodedata

MARKUP = re.compile(r"<[^>]*>")
LEGAL_FORMS = frozenset({"PT", "CV", "UD", "TBK"})


def plain_name(company_name: str) -> str:
    """The name's own letters and digits, space-separated: markup tags and entities dropped, accents folded."""
    text = MARKUP.sub(" ", html.unescape(company_name))  # unescaped first: '&lt;b&gt;' is a tag too
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^A-Za-z0-9]", " ", folded).split())


def user_id_base(company_name: str) -> str:
    """An uppercase, letters-and-digits stem from the company name, without legal-form words."""
    words = [w for w in plain_name(company_name).upper().split() if w not in LEGAL_FORMS]
    stem = "".join(words)[:12]
    return stem if len(stem) >= 3 else (stem + "PENYEDIA")[:12]


def user_id_candidate(company_name: str, attempt: int, suffix: int) -> str:
    """The attempt-th candidate user ID: the stem, then the stem with a numeric suffix."""
    base = user_id_base(company_name)
    return base if attempt == 0 else f"{base}{suffix:04d}"
