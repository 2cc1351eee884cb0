"""The emails of an internal account request: each step the requester should know of, and a missed deadline
written to the heads of the LPSE. Pure.

No email carries a password or a set-password link (identity sends its own, sealed), a NIK, an NPWP or a document:
each links to the status page where the requester reads the rest.
"""

from __future__ import annotations

from contracts.account_requests import (
    AccountRequestCompletedV1,
    AccountRequestDeadlineBreachedV1,
    AccountRequestDispositionedV1,
    AccountRequestedV1,
    AccountRequestEscalatedV1,
    AccountRequestPreparedV1,
    AccountRequestRefusedV1,
    AccountRequestResubmittedV1,
    AccountRequestReturnedV1,
)
from contracts.envelope import Event
from notifier.domain import HEAD, EmailTemplate

ACCOUNT_REQUEST_TEMPLATES: dict[type[Event], EmailTemplate] = {
    AccountRequestedV1: EmailTemplate(
        "account_request_requested",
        1,
        {"id": "Permohonan akun {reference} diterima", "en": "Account request {reference} received"},
    ),
    AccountRequestReturnedV1: EmailTemplate(
        "account_request_returned",
        1,
        {"id": "Permohonan akun {reference}: berkas belum lengkap", "en": "Account request {reference}: incomplete"},
    ),
    AccountRequestResubmittedV1: EmailTemplate(
        "account_request_resubmitted",
        1,
        {"id": "Permohonan akun {reference} diajukan kembali", "en": "Account request {reference} resubmitted"},
    ),
    AccountRequestEscalatedV1: EmailTemplate(
        "account_request_escalated",
        1,
        {
            "id": "Permohonan akun {reference} diteruskan ke {to_label}",
            "en": "Account request {reference} forwarded to {to_label}",
        },
    ),
    AccountRequestDispositionedV1: EmailTemplate(
        "account_request_dispositioned",
        1,
        {"id": "Permohonan akun {reference} didisposisikan", "en": "Account request {reference} assigned"},
    ),
    AccountRequestPreparedV1: EmailTemplate(
        "account_request_prepared",
        1,
        {"id": "Akun untuk permohonan {reference} disiapkan", "en": "Account for request {reference} prepared"},
    ),
    AccountRequestCompletedV1: EmailTemplate(
        "account_request_completed",
        1,
        {"id": "Permohonan akun {reference} selesai", "en": "Account request {reference} completed"},
    ),
    AccountRequestRefusedV1: EmailTemplate(
        "account_request_refused",
        1,
        {"id": "Permohonan akun {reference} ditolak", "en": "Account request {reference} refused"},
    ),
    AccountRequestDeadlineBreachedV1: EmailTemplate(
        "account_request_deadline_breached", 1, {"id": "Tenggat permohonan akun {reference} terlewati"}, staff_role=HEAD
    ),
}


def account_request_staff_path(event: Event) -> str | None:
    """Where in the helpdesk's staff console the request a staff email is about is opened."""
    if isinstance(event, AccountRequestDeadlineBreachedV1):
        return f"/helpdesk/staf/akun/{event.case_id}"
    return None
