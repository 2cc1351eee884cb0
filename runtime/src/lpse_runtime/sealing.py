"""Secrets sealed for the notifier: the private links facts carry and the email bodies it keeps to resend.

A signed link (draft, status, set password, a lent document) is valid for days; the streams keep facts for 30 and
the notifier keeps its emails for good. So a link travels and rests only as a Fernet token (AES-128-CBC with an
HMAC-SHA256 tag) under a key derived from `LINK_SECRET`, which the producers of links and the notifier hold.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken

from lpse_runtime.settings import LinkSealing

# Every field of a fact that holds a private link: sealed by its producer, opened by the notifier alone.
LINK_FIELDS = ("draft_url", "status_url", "set_password_url", "survey_url", "proof_url")


class UnreadableSeal(ValueError):
    """A sealed value that this key did not seal, or that was altered."""


class LinkBox:
    """Seals and opens text under one key derived from a secret string."""

    def __init__(self, secret: str) -> None:
        # A derived key, so the secret is an ordinary random string like the others (`SESSION_SECRET`).
        digest = hashlib.sha256(b"lpse-link-seal:" + secret.encode("utf-8")).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, text: str) -> str:
        """The text encrypted and authenticated: safe to publish or store."""
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> str:
        """The text a seal holds; a foreign or altered seal raises UnreadableSeal."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError) as exc:
            raise UnreadableSeal("nilai tersegel tidak dapat dibuka dengan kunci ini") from exc


def link_box(settings: object) -> LinkBox:
    """The box of a service that issues or mails private links (its settings carry `LINK_SECRET`)."""
    if not isinstance(settings, LinkSealing):
        raise TypeError(f"{type(settings).__name__} has no LINK_SECRET: this service neither issues nor mails links")
    return LinkBox(settings.link_secret)
