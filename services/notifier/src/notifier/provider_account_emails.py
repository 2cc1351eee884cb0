"""The emails of a provider's account after activation: each step of a request filed in the account area, the
account's changes, its deactivation and reactivation, a changed password, and a missed deadline written to the
heads of the LPSE. Pure.

The recipient is the account's address of record (`email`), except the proof of a new address, which goes to that
address alone, and an approved email change, which writes to both: the old address is told (the new one masked)
and the new one is welcomed. No email carries a password or a full NPWP (the changes list shows it masked as the
fact gives it); the proof link travels sealed and is opened for the mail only.
"""

from __future__ import annotations

from contracts.envelope import Event, Language
from contracts.provider_account import (
    EmailProofRequestedV1,
    EmailProvenV1,
    ProviderAccountChangedV1,
    ProviderAccountDeactivatedV1,
    ProviderAccountReactivatedV1,
    ProviderPasswordChangedV1,
    ProviderRequestApprovedV1,
    ProviderRequestCheckedInV1,
    ProviderRequestClaimedV1,
    ProviderRequestDeadlineBreachedV1,
    ProviderRequestFiledV1,
    ProviderRequestHandedOverV1,
    ProviderRequestRejectedV1,
    ProviderRequestResumedV1,
    ProviderRequestReturnedV1,
    ProviderRequestSentToLkppV1,
    ProviderRequestWithdrawnV1,
)
from notifier.domain import HEAD, EmailTemplate

AT_COUNTER: dict[Language, str] = {
    "id": "Berkas permohonan {reference} diterima di loket",
    "en": "Request {reference}: file received at the counter",
}

PROVIDER_ACCOUNT_TEMPLATES: dict[type[Event], EmailTemplate] = {
    ProviderRequestFiledV1: EmailTemplate(
        "provider_request_filed", 1, {"id": "Permohonan {reference} diterima", "en": "Request {reference} received"}
    ),
    EmailProofRequestedV1: EmailTemplate(
        "provider_email_proof",
        1,
        {
            "id": "Konfirmasi alamat email baru untuk akun {user_id}",
            "en": "Confirm the new email address of account {user_id}",
        },
    ),
    EmailProvenV1: EmailTemplate(
        "provider_email_proven",
        1,
        {"id": "Alamat email baru dikonfirmasi ({reference})", "en": "New email address confirmed ({reference})"},
    ),
    ProviderRequestCheckedInV1: EmailTemplate(
        "provider_request_checked_in",
        1,
        {
            "id": "Kedatangan Anda untuk permohonan {reference} tercatat di loket",
            "en": "Request {reference}: your visit to the counter is recorded",
        },
    ),
    ProviderRequestHandedOverV1: EmailTemplate("provider_request_handed_over", 1, AT_COUNTER),
    ProviderRequestClaimedV1: EmailTemplate(
        "provider_request_claimed",
        1,
        {"id": "Permohonan {reference} sedang diperiksa", "en": "Request {reference} is being checked"},
    ),
    ProviderRequestReturnedV1: EmailTemplate(
        "provider_request_returned",
        1,
        {
            "id": "Permohonan {reference} dikembalikan: berkas perlu dilengkapi",
            "en": "Request {reference} returned: documents to complete",
        },
    ),
    ProviderRequestResumedV1: EmailTemplate(
        "provider_request_resumed", 1, {"id": "Permohonan {reference} dilanjutkan", "en": "Request {reference} resumed"}
    ),
    ProviderRequestApprovedV1: EmailTemplate(
        "provider_request_approved", 1, {"id": "Permohonan {reference} disetujui", "en": "Request {reference} approved"}
    ),
    ProviderRequestRejectedV1: EmailTemplate(
        "provider_request_rejected", 1, {"id": "Permohonan {reference} ditolak", "en": "Request {reference} rejected"}
    ),
    ProviderRequestWithdrawnV1: EmailTemplate(
        "provider_request_withdrawn",
        1,
        {"id": "Permohonan {reference} dibatalkan", "en": "Request {reference} withdrawn"},
    ),
    ProviderRequestSentToLkppV1: EmailTemplate(
        "provider_request_sent_to_lkpp",
        1,
        {
            "id": "Permohonan agregasi {reference} dikirim ke LKPP",
            "en": "Aggregation request {reference} sent to LKPP",
        },
    ),
    ProviderRequestDeadlineBreachedV1: EmailTemplate(
        "provider_request_deadline_breached",
        1,
        {"id": "Tenggat permohonan {reference} terlewati"},
        staff_role=HEAD,
    ),
    ProviderAccountChangedV1: EmailTemplate(
        "provider_account_changed",
        1,
        {"id": "Data akun {user_id} telah diubah", "en": "The data of account {user_id} has been changed"},
    ),
    ProviderAccountDeactivatedV1: EmailTemplate(
        "provider_account_deactivated",
        1,
        {"id": "Akun {user_id} dinonaktifkan", "en": "Account {user_id} deactivated"},
    ),
    ProviderAccountReactivatedV1: EmailTemplate(
        "provider_account_reactivated",
        1,
        {"id": "Akun {user_id} aktif kembali", "en": "Account {user_id} is active again"},
    ),
    ProviderPasswordChangedV1: EmailTemplate(
        "provider_password_changed",
        1,
        {"id": "Kata sandi akun {user_id} diubah", "en": "The password of account {user_id} was changed"},
    ),
}

# An approved email change writes twice: to the old address (told, the new one masked) and to the new one.
EMAIL_CHANGED_TO_OLD = EmailTemplate(
    "provider_email_changed_old",
    1,
    {"id": "Alamat email akun {user_id} telah diubah", "en": "The email address of account {user_id} was changed"},
)
EMAIL_CHANGED_TO_NEW = EmailTemplate(
    "provider_email_changed_new",
    1,
    {"id": "Alamat email baru akun {user_id} aktif", "en": "The new email address of account {user_id} is active"},
)


def provider_account_recipient(event: Event) -> str | None:
    """The proof of a new address goes to that address; None for every other fact (its `email` is the one)."""
    if isinstance(event, EmailProofRequestedV1):
        return str(event.new_email)
    return None


def provider_account_letters(event: Event) -> tuple[tuple[EmailTemplate, str], ...] | None:
    """The (template, recipient) pairs of a fact that writes to more than its address of record; None otherwise."""
    if isinstance(event, ProviderAccountChangedV1) and event.kind == "email":
        letters = [(EMAIL_CHANGED_TO_NEW, str(event.email))]
        if event.previous_email is not None and event.previous_email != event.email:
            letters.insert(0, (EMAIL_CHANGED_TO_OLD, str(event.previous_email)))
        return tuple(letters)
    return None


def provider_account_staff_path(event: Event) -> str | None:
    """Where in the verification staff console the request a staff email is about is opened."""
    if isinstance(event, ProviderRequestDeadlineBreachedV1):
        return f"/staf/permohonan/{event.request_id}"
    return None
