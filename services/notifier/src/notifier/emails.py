"""Which email each fact sends, to whom and in which language. Pure."""

from __future__ import annotations

from contracts.envelope import Event, Language
from contracts.helpdesk import TicketRepliedV1
from contracts.registration import ApplicationSubmittedV1, EmailVerificationRequestedV1
from contracts.verification import (
    AccountActivatedV1,
    AggregationRefusedV1,
    AggregationRequestedV1,
    CaseClaimedV1,
    CaseDeadlineBreachedV1,
    CaseHandedOverV1,
    CaseInvitedV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    PasswordResetRequestedV1,
    ProviderAggregatedV1,
)
from notifier.account_request_emails import ACCOUNT_REQUEST_TEMPLATES, account_request_staff_path
from notifier.domain import HEAD, EmailTemplate
from notifier.forensic_emails import FORENSIC_TEMPLATES, forensic_staff_path
from notifier.helpdesk_emails import HELPDESK_TEMPLATES, helpdesk_staff_path
from notifier.identity_emails import IDENTITY_TEMPLATES
from notifier.provider_account_emails import (
    PROVIDER_ACCOUNT_TEMPLATES,
    provider_account_letters,
    provider_account_recipient,
    provider_account_staff_path,
)
from notifier.schedule_emails import SCHEDULE_TEMPLATES, schedule_staff_path

TEMPLATES: dict[type[Event], EmailTemplate] = {
    EmailVerificationRequestedV1: EmailTemplate(
        "email_verification",
        1,
        {"id": "Tautan formulir pendaftaran penyedia", "en": "Your provider registration link"},
    ),
    ApplicationSubmittedV1: EmailTemplate(
        "application_submitted", 1, {"id": "Permohonan {reference} diterima", "en": "Application {reference} received"}
    ),
    CaseInvitedV1: EmailTemplate(
        "case_invited",
        1,
        {
            "id": "Permohonan {reference}: silakan datang ke loket LPSE dengan berkas asli",
            "en": "Application {reference}: please bring your original documents to the LPSE counter",
        },
    ),
    CaseHandedOverV1: EmailTemplate(
        "case_handed_over",
        1,
        {
            "id": "Berkas permohonan {reference} sudah kami terima di loket",
            "en": "Application {reference}: file received",
        },
    ),
    CaseClaimedV1: EmailTemplate(
        "case_claimed",
        1,
        {"id": "Permohonan {reference} sedang diverifikasi", "en": "Application {reference} is being verified"},
    ),
    CaseReturnedV1: EmailTemplate(
        "case_returned",
        1,
        {
            "id": "Berkas permohonan {reference} perlu dilengkapi",
            "en": "Application {reference}: documents to complete",
        },
    ),
    AggregationRequestedV1: EmailTemplate(
        "aggregation_requested",
        1,
        {"id": "Permohonan agregasi {user_id} dikirim ke LKPP", "en": "Aggregation of {user_id} requested from LKPP"},
    ),
    ProviderAggregatedV1: EmailTemplate(
        "aggregation_completed",
        1,
        {"id": "Akun {user_id} teragregasi", "en": "Account {user_id} aggregated"},
    ),
    AggregationRefusedV1: EmailTemplate(
        "aggregation_refused",
        1,
        {"id": "Agregasi akun {user_id} ditolak LKPP", "en": "LKPP refused the aggregation of {user_id}"},
    ),
    CaseResumedV1: EmailTemplate(
        "case_resumed",
        1,
        {
            "id": "Berkas permohonan {reference} lengkap, verifikasi dilanjutkan",
            "en": "Application {reference}: file complete, verification continues",
        },
    ),
    CaseRejectedV1: EmailTemplate(
        "case_rejected", 1, {"id": "Permohonan {reference} ditolak", "en": "Application {reference} rejected"}
    ),
    AccountActivatedV1: EmailTemplate(
        "account_activated",
        1,
        {"id": "Akun penyedia aktif: User ID {user_id}", "en": "Provider account active: user ID {user_id}"},
    ),
    PasswordResetRequestedV1: EmailTemplate(
        "password_reset",
        1,
        {"id": "Atur ulang kata sandi User ID {user_id}", "en": "Reset the password of user ID {user_id}"},
    ),
    CaseDeadlineBreachedV1: EmailTemplate(
        "case_deadline_breached", 1, {"id": "Tenggat permohonan {reference} terlewati"}, staff_role=HEAD
    ),
    **HELPDESK_TEMPLATES,
    **ACCOUNT_REQUEST_TEMPLATES,
    **IDENTITY_TEMPLATES,
    **SCHEDULE_TEMPLATES,
    **FORENSIC_TEMPLATES,
    **PROVIDER_ACCOUNT_TEMPLATES,
}


# Every field of a fact that holds an address the notifier writes to, the usual recipient's first: each address a
# delivery goes to is checked against the suppression list and masked in log lines, whichever field it came from.
ADDRESS_FIELDS = (
    "applicant_email",
    "reporter_email",
    "complainant_email",
    "requester_email",
    "email",
    "new_email",
    "previous_email",
)


def recipient_of(event: Event) -> str | None:
    """The applicant's (or reporter's) address carried by the fact; None when the person left none."""
    if isinstance(event, ApplicationSubmittedV1 | EmailVerificationRequestedV1 | PasswordResetRequestedV1):
        return str(event.email)
    if (address := provider_account_recipient(event)) is not None:
        return address
    field = next((name for name in ADDRESS_FIELDS if name in type(event).model_fields), None)
    if field is None:
        raise ValueError(f"{type(event).__name__} carries no recipient")
    address = getattr(event, field)
    return None if address is None else str(address)


def letters_of(event: Event, template: EmailTemplate) -> tuple[tuple[EmailTemplate, str], ...]:
    """Each (template, recipient) a fact written to a person sends: usually one, none when the person left no
    address, two for an approved email change (the old address and the new one)."""
    if (letters := provider_account_letters(event)) is not None:
        return letters
    address = recipient_of(event)
    return () if address is None else ((template, address),)


def language_of(event: Event, template: EmailTemplate | None = None) -> Language:
    """The language the recipient chose (Bahasa Indonesia unless they chose English); staff read Bahasa Indonesia."""
    if template is not None and template.staff_role is not None:
        return "id"
    language = getattr(event, "language", "id")
    return "en" if language == "en" else "id"


def staff_path(event: Event) -> str:
    """Where in the staff console the case a staff email is about is opened (behind the staff sign-in)."""
    if isinstance(event, CaseDeadlineBreachedV1):
        return f"/staf/kasus/{event.case_id}"
    for path_of in (schedule_staff_path, account_request_staff_path, forensic_staff_path, provider_account_staff_path):
        if path := path_of(event):
            return path
    return helpdesk_staff_path(event)


def wanted(event: Event) -> bool:
    """Whether the fact writes to anyone: the reporter's own reply is not echoed back to them."""
    return not (isinstance(event, TicketRepliedV1) and event.by == "pelapor")
