"""Staff identity rules: the back-off keys and the password rule. Pure: no I/O, no clock."""

from __future__ import annotations

from lpse_runtime.backoff import ACCOUNT_FREE_FAILURES as ACCOUNT_FREE_FAILURES
from lpse_runtime.backoff import ADDRESS_FREE_FAILURES as ADDRESS_FREE_FAILURES
from lpse_runtime.backoff import FAILURE_MEMORY as FAILURE_MEMORY
from lpse_runtime.backoff import FIRST_LOCK as FIRST_LOCK
from lpse_runtime.backoff import LONGEST_LOCK as LONGEST_LOCK
from lpse_runtime.backoff import SESSION_ABSOLUTE as SESSION_ABSOLUTE
from lpse_runtime.backoff import SESSION_IDLE as SESSION_IDLE
from lpse_runtime.backoff import Failures as Failures
from lpse_runtime.backoff import after_failure as after_failure
from lpse_runtime.backoff import lock_for as lock_for
from lpse_runtime.backoff import locked_until as locked_until
from lpse_runtime.backoff import wait_message as wait_message

# The session lifetimes and the back-off are the runtime's (`lpse_runtime.backoff`), shared with the providers'
# sign-in; they are named here too so that identity reads its rules from one module.

PASSWORD_MIN_LENGTH = 10


def account_key(username: str) -> str:
    """The back-off key of an account (case-folded, so 'Budi' and 'budi' share one count)."""
    return f"akun:{username.strip().casefold()}"


def address_key(address: str) -> str:
    """The back-off key of a client address."""
    return f"alamat:{address}"


def password_problem(username: str, current: str, new: str, repeat: str) -> dict[str, str]:
    """Field → Indonesian message for a password change that cannot be accepted; empty when it can."""
    errors: dict[str, str] = {}
    if len(new) < PASSWORD_MIN_LENGTH:
        errors["new"] = f"Kata sandi baru minimal {PASSWORD_MIN_LENGTH} karakter."
    elif new == current:
        errors["new"] = "Kata sandi baru harus berbeda dari kata sandi saat ini."
    elif username.casefold() in new.casefold():
        errors["new"] = "Kata sandi baru tidak boleh memuat nama pengguna."
    if new != repeat:
        errors["repeat"] = "Ulangi kata sandi baru dengan persis sama."
    return errors
