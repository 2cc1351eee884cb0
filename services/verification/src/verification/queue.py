"""The staff queue's rules: what a search box entry means, and the keyset that pages through years of cases.

Pure: no SQL here (see queue_db.py). The order is open cases first, then the nearest running deadline, then the
oldest; the key of a row is (closed, queue_due, opened_at, id), so a page starts right after the last row seen.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from lpse_runtime.text import plain_text_problem
from verification.domain import CaseStatus

PAGE_SIZE = 50
COUNT_BOUND = 1000  # the count beside the queue stops here: "lebih dari 1.000" is all a desk needs to know
MIN_NAME_CHARACTERS = 3  # a shorter fragment would match a large part of any queue
SEARCH_LIMIT = 100  # longer than any reference, NPWP or company name (200 is the form's limit, 100 finds it anyway)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NO_DEADLINE = datetime.max.replace(tzinfo=UTC)  # 'infinity' in the database: no clock is running
_NPWP_TYPED = re.compile(r"[0-9][0-9.\-\s]*")  # digits with the dots, dashes and spaces people type
_REFERENCE = re.compile(r"(?:[A-Z]+-)?[A-Z]{2,5}-[0-9]{4}-[0-9A-Z]{6}")  # [prefix-]DPK-2611-7K3Q9P


@dataclass(frozen=True)
class QueueFilter:
    """Which of an LPSE's cases a view shows: one status, and at most one search."""

    lpse: str
    status: str | None = None
    reference: str | None = None
    npwp: str | None = None
    name: str | None = None


@dataclass(frozen=True)
class Search:
    """What a search box entry asks for, or why it cannot be searched."""

    reference: str | None = None
    npwp: str | None = None
    name: str | None = None
    error: str | None = None


def parse_search(text: str) -> Search:
    """A reference is matched exactly, an NPWP by its digits however punctuated, anything else by the name's words."""
    problem = plain_text_problem(text, SEARCH_LIMIT)
    if problem is not None:
        return Search(error=problem)
    term = " ".join(text.split())
    if not term:
        return Search()
    if _REFERENCE.fullmatch(term.upper()):
        return Search(reference=term.upper())
    if _NPWP_TYPED.fullmatch(term):
        digits = re.sub(r"\D", "", term)
        if len(digits) in (15, 16):
            return Search(npwp=digits)
        return Search(error="NPWP terdiri atas 15 atau 16 angka (titik dan tanda hubung boleh diketik).")
    if len(term) < MIN_NAME_CHARACTERS or not re.search(r"[^\W_]", term):
        return Search(error=f"Ketik sedikitnya {MIN_NAME_CHARACTERS} huruf nama penyedia.")
    return Search(name=term)


def parse_status(text: str) -> str | None:
    """A status the queue knows, or None for every status."""
    return text if text in {s.value for s in CaseStatus} else None


def name_query(name: str) -> str:
    """A full-text query for names with each word typed, the last one by its beginning ('maju ja' → 'maju & ja:*').

    The words before the last are whole (people type them out; a prefix of a common word matches half the names
    and makes the index scan many entries); only letters and digits reach the query, so nothing is read as syntax.
    """
    words = re.findall(r"[^\W_]+", name.lower())
    return " & ".join([*words[:-1], f"{words[-1]}:*"]) if words else ""


@dataclass(frozen=True)
class QueueKey:
    """Where a row stands in the queue's order."""

    closed: bool
    due: datetime
    opened_at: datetime
    case_id: uuid.UUID

    def token(self) -> str:
        """The key as it travels in a link: closed flag, microseconds since the epoch, case id."""
        return f"{int(self.closed)}.{_micros(self.due)}.{_micros(self.opened_at)}.{self.case_id}"

    @classmethod
    def parse(cls, token: str) -> QueueKey | None:
        """The key of a link; None for anything that is not one (the first page is shown instead)."""
        parts = token.split(".")
        if len(parts) != 4 or parts[0] not in {"0", "1"}:
            return None
        try:
            return cls(parts[0] == "1", _instant(int(parts[1])), _instant(int(parts[2])), uuid.UUID(parts[3]))
        except (ValueError, OverflowError):
            return None

    @classmethod
    def of(cls, closed: bool, due: datetime, opened_at: datetime, case_id: uuid.UUID) -> QueueKey:
        """A row's key; the driver reads 'infinity' back as a naive maximum, which means no running clock."""
        return cls(closed, due if due.tzinfo is not None else NO_DEADLINE, opened_at, case_id)

    def values(self) -> tuple[bool, datetime, datetime, uuid.UUID]:
        """The key in the order the SQL compares it."""
        return self.closed, self.due, self.opened_at, self.case_id


def _micros(instant: datetime) -> int:
    return (instant - _EPOCH) // timedelta(microseconds=1)


def _instant(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def count_text(count: int, bound: int = COUNT_BOUND) -> str:
    """'1 kasus', '1.234 kasus' or 'lebih dari 1.000 kasus' when the bounded count ran out."""
    shown = f"{min(count, bound):,}".replace(",", ".")
    return f"lebih dari {shown} kasus" if count > bound else f"{shown} kasus"
