"""A forgotten password, decided purely: who may get a new one-time link, and how requests are counted."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

# A reset link is for someone waiting at the screen: short-lived, unlike the 72-hour activation link.
RESET_LINK_VALIDITY = timedelta(hours=2)
# Requests are counted over the last hour: 3 links per account (a lost email, a retry, one more), and 20 requests
# per client address (an LPSE office behind one NAT address may have a few providers asking at once).
RESET_WINDOW = timedelta(hours=1)
PER_ACCOUNT = 3
PER_CLIENT = 20


class ResetAnswer(StrEnum):
    """What a request gets. SEND and QUIET look the same to the person; only TOO_MANY differs, and it depends on
    the client's own requests, never on whether the account exists."""

    SEND = "send"
    QUIET = "quiet"
    TOO_MANY = "too_many"


@dataclass(frozen=True)
class ResetCounts:
    """Requests in the window: links sent to this account, requests from this client (found or not)."""

    account_sent: int
    client_requests: int


def reset_answer(
    found: bool, counts: ResetCounts, *, per_account: int = PER_ACCOUNT, per_client: int = PER_CLIENT
) -> ResetAnswer:
    """Send a link only to a known account under both limits; a busy client is told to wait."""
    if counts.client_requests >= per_client:
        return ResetAnswer.TOO_MANY
    if not found or counts.account_sent >= per_account:
        return ResetAnswer.QUIET
    return ResetAnswer.SEND


def normalized_identifier(raw: str) -> str:
    """A user ID or an email as typed, in the form both are compared in (case does not matter for either)."""
    return raw.strip().lower()


def keyed(secret: str, kind: str, value: str) -> str:
    """A keyed digest, so the request log keeps neither the typed identifier nor the client address."""
    return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
