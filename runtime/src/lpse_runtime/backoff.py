"""Sign-in rules shared by staff and providers: session lifetimes and the back-off after failed sign-ins.

Pure: no I/O, no clock. Staff (identity) and providers (verification's account area) apply the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# A working day, and a desk left alone for half an hour signs out.
SESSION_IDLE = timedelta(minutes=30)
SESSION_ABSOLUTE = timedelta(hours=8)

# Back-off: a few typos are free; after that each failure doubles the wait, up to a cap. An address gets more free
# attempts than an account because an office shares one address behind its router.
ACCOUNT_FREE_FAILURES = 5
ADDRESS_FREE_FAILURES = 20
FIRST_LOCK = timedelta(seconds=30)
LONGEST_LOCK = timedelta(minutes=15)
# Failures older than this are forgotten: the count starts again.
FAILURE_MEMORY = timedelta(hours=1)


@dataclass(frozen=True)
class Failures:
    """The failed sign-ins remembered for one key (an account or a client address)."""

    count: int
    last_failed_at: datetime
    locked_until: datetime | None


def lock_for(failures: int, free: int) -> timedelta | None:
    """How long a key is locked after this many failures in a row: none while free, then doubling to a cap."""
    if failures < free:
        return None
    return min(FIRST_LOCK * (1 << min(failures - free, 16)), LONGEST_LOCK)


def after_failure(previous: Failures | None, free: int, now: datetime) -> Failures:
    """The remembered failures after one more, with the lock it earns."""
    count = 1 if previous is None or now - previous.last_failed_at > FAILURE_MEMORY else previous.count + 1
    lock = lock_for(count, free)
    return Failures(count=count, last_failed_at=now, locked_until=now + lock if lock else None)


def locked_until(failures: Failures | None, now: datetime) -> datetime | None:
    """When a key may try again, or None when it may try now."""
    if failures is None or failures.locked_until is None or failures.locked_until <= now:
        return None
    return failures.locked_until


def wait_message(until: datetime, now: datetime) -> str:
    """The Indonesian message a locked sign-in gets: how long to wait, rounded up to whole minutes or seconds."""
    seconds = max(1, int((until - now).total_seconds() + 0.999))
    wait = f"{seconds} detik" if seconds < 60 else f"{(seconds + 59) // 60} menit"
    return f"Terlalu banyak percobaan masuk yang gagal. Demi keamanan akun, coba lagi dalam {wait}."
