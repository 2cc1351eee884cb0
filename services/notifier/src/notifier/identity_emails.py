"""Identity's emails to the person of an internal account: made (with the set-password link), email changed, ended.
Pure.

The recipient is the account's own address (`email` on the fact). No email carries a password: the person sets one
by the single-use link.
"""

from __future__ import annotations

from contracts.envelope import Event
from contracts.identity import InternalAccountChangedV1, InternalAccountCreatedV1, InternalAccountDeactivatedV1
from notifier.domain import EmailTemplate

IDENTITY_TEMPLATES: dict[type[Event], EmailTemplate] = {
    InternalAccountCreatedV1: EmailTemplate(
        "internal_account_created",
        1,
        {"id": "Akun {username} telah dibuat", "en": "Account {username} has been created"},
    ),
    InternalAccountChangedV1: EmailTemplate(
        "internal_account_changed",
        1,
        {"id": "Email akun {username} telah diganti", "en": "The email of account {username} has been changed"},
    ),
    InternalAccountDeactivatedV1: EmailTemplate(
        "internal_account_deactivated",
        1,
        {"id": "Akses akun {username} telah diakhiri", "en": "Access of account {username} has ended"},
    ),
}
