"""The invitation to the satisfaction survey (SKM) of a closed ticket or a resolved complaint: a signed path.

The path names the case and carries an HMAC under a key derived from `LINK_SECRET`, so the survey needs no row
until it is answered, and a case gets one survey whoever holds the link. Pure: the use case that closes a case
builds the link, seals it into the fact, and the notifier mails it.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from typing import Literal

SurveyCase = Literal["tiket", "pengaduan"]
"""What a survey is about: a helpdesk ticket or a complaint."""

_MAC_HEX = 32


def _mac(secret: str, lpse: str, case_kind: SurveyCase, case_id: uuid.UUID) -> str:
    key = hashlib.sha256(b"lpse-survey-link:" + secret.encode("utf-8")).digest()
    message = f"{lpse}:{case_kind}:{case_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:_MAC_HEX]


def survey_path(secret: str, lpse: str, case_kind: SurveyCase, case_id: uuid.UUID) -> str:
    """The survey page's path for one case, under the helpdesk's prefix."""
    return f"/helpdesk/survei/{lpse}/{case_kind}/{case_id}/{_mac(secret, lpse, case_kind, case_id)}"


def survey_link_holds(secret: str, lpse: str, case_kind: SurveyCase, case_id: uuid.UUID, mac: str) -> bool:
    """Whether a survey path's MAC was made for this case under this secret (compared in constant time)."""
    return hmac.compare_digest(_mac(secret, lpse, case_kind, case_id), mac)
