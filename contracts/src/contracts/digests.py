"""Digests more than one party computes, defined once so both sides always agree."""

from __future__ import annotations

import hashlib
import hmac

LKPP_SIGNATURE_HEADER = "x-lkpp-signature"


def token_digest(token: str) -> str:
    """What is stored of a secret token (session, status link, one-time link): its SHA-256, hex, of the UTF-8 text.

    Identity stores a session's digest and every service's staff guard looks it up, so the rule is shared."""
    return hashlib.sha256(token.encode()).hexdigest()


def lkpp_signature(secret: str, body: bytes) -> str:
    """The HMAC-SHA256 (hex) of a callback body under the shared secret, carried in `x-lkpp-signature`."""
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def lkpp_signature_valid(secret: str, body: bytes, signature: str) -> bool:
    """Whether a callback body was signed with the shared secret (constant-time comparison)."""
    return hmac.compare_digest(lkpp_signature(secret, body), signature or "")
