"""The provider's session and sign-in rules, pure: who is signed in, how long a session lives, what a refusal says.

No I/O, no clock: the caller passes `now`. The lifetimes and the back-off are the staff's (`lpse_runtime.backoff`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from contracts.envelope import Language
from lpse_runtime.backoff import ACCOUNT_FREE_FAILURES, ADDRESS_FREE_FAILURES, SESSION_ABSOLUTE, SESSION_IDLE
from verification.recovery import keyed

COOKIE = "lpse_penyedia"
COOKIE_PATH = "/akun"
HOME = "/akun/"
SIGN_IN_PATH = "/akun/masuk"
MAX_NEXT = 2000
WRONG_CREDENTIALS = "User ID atau kata sandi tidak sesuai."
CURRENT_WRONG = "Kata sandi sekarang tidak sesuai."
SAME_PASSWORD = "Kata sandi baru harus berbeda dari kata sandi sekarang."


class ProviderPrincipal(BaseModel):
    """A signed-in provider account: which, in which LPSE, and where and in which language it is written to."""

    model_config = ConfigDict(frozen=True)

    provider_id: uuid.UUID
    user_id: str
    lpse: str
    company_name: str
    email: str
    language: Language = "id"


@dataclass(frozen=True)
class StoredSession:
    """A session as stored: when it began, when it was last used, whether it was ended."""

    created_at: datetime
    last_seen_at: datetime
    ended_at: datetime | None


def session_alive(session: StoredSession, now: datetime) -> bool:
    """Not ended, used within the idle time, and younger than the absolute lifetime (30 minutes, 8 hours)."""
    return (
        session.ended_at is None
        and now - session.last_seen_at < SESSION_IDLE
        and now - session.created_at < SESSION_ABSOLUTE
    )


def opens_area(session: StoredSession, account_status: str, now: datetime) -> bool:
    """A live session of an active account: a deactivated account's session opens nothing, even before it is ended."""
    return account_status == "active" and session_alive(session, now)


def back_off_keys(secret: str, user_id: str, client: str) -> dict[str, int]:
    """Keyed digest → free failures: the user ID typed (case-folded) and the client address, neither kept as is."""
    return {
        keyed(secret, "penyedia-akun", user_id.strip().casefold()): ACCOUNT_FREE_FAILURES,
        keyed(secret, "penyedia-klien", client): ADDRESS_FREE_FAILURES,
    }


def deactivated_message(since: str | None, lpse_name: str) -> str:
    """What the right password of a deactivated account hears: since when (in the LPSE's zone) and whom to ask."""
    when = f" sejak {since}" if since else ""
    return f"Akun ini telah dinonaktifkan{when}. Hubungi {lpse_name} untuk aktivasi kembali."


def safe_next(target: str) -> str:
    """Where to go after signing in: a page of the account area only (never another host, never staff pages)."""
    if target.startswith(HOME) and "//" not in target and "\\" not in target and len(target) <= MAX_NEXT:
        return target
    return HOME


def mask_npwp(npwp: str) -> str:
    """A NPWP as the provider sees it: '123456789012345' → '12.***.***.*-***.345'; only 2 + 3 digits shown."""
    digits = "".join(ch for ch in npwp if ch.isdigit())
    if len(digits) == 15:
        return f"{digits[:2]}.***.***.*-***.{digits[-3:]}"
    if len(digits) < 6:
        return "*" * len(digits)
    return f"{digits[:2]}{'*' * (len(digits) - 5)}{digits[-3:]}"


def password_change_problems(current_matches: bool, current: str, new: str) -> dict[str, str]:
    """Field → message for a password change the form allowed but the account refuses: wrong current, same again."""
    if not current_matches:
        return {"current": CURRENT_WRONG}
    if new == current:
        return {"password": SAME_PASSWORD}
    return {}
