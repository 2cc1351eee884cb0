"""Facts about a provider's account after activation, owned by the verification service (the provider registry).

A provider signs in to its account area (`/akun/`) and files a request there: a new email (Banjarmasin BJM-2), a
new NPWP (BJM-4), CV → PT (BJM-3), other data (Depok DPK-1b), deactivation (BJM-5), agregasi for an existing
account (BJM-6), or reactivation (in no standard: the platform's own, on the same flow). The request follows the
counter flow of its standard (letter printed and signed, documents brought to the counter, the Helpdesk records the
visit and the hand-over, a verifier claims, checks, returns or decides); an approved request changes the account
and announces the change (`account.changed`, `account.deactivated`, `account.reactivated`). An LPSE may also
deactivate an account itself, with a reason.

Every fact carries the account's address of record as `email`: during an email change it is still the old one,
so mail goes to the old address until the verifier approves; `account.changed` of an email change carries both.
No fact carries a password, a NIK, or a NPWP in free text; the new NPWP travels only in the `npwp` field of
`account.changed`, which the gateway forwards to LKPP for an aggregated account and registration uses for its
duplicate check.
"""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field

from contracts.envelope import Event, Language
from contracts.verification import DocumentToBring

ProviderRequestKind = Literal["email", "npwp", "status_badan_usaha", "data", "nonaktif", "aktif_kembali", "agregasi"]
"""What a provider asks of its LPSE about its account."""

RequestChannel = Literal["web", "loket"]
"""Filed by the provider in its account area, or recorded by staff at the counter (reactivation)."""

DeactivatedBy = Literal["permohonan", "lpse"]
"""On the provider's own request (BJM-5), or by the LPSE with a reason (e.g. a blacklisted company)."""

STATUS_URL = Field(min_length=1, max_length=2000, description="the request's page in the provider's account area")


class ProviderAccountFact(Event):
    """Which account, and where and in which language its provider is written to."""

    provider_id: uuid.UUID
    user_id: str = Field(min_length=3, max_length=40)
    company_name: str = Field(min_length=1, max_length=200)
    email: EmailStr = Field(description="the address of record: the old one until an email change is approved")
    director_name: str | None = Field(default=None, max_length=200)
    language: Language = "id"


class ProviderRequestFact(ProviderAccountFact):
    """A step of one request: which request, of which kind, under which service of the standard."""

    request_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    kind: ProviderRequestKind
    service_id: str = Field(min_length=1, max_length=20, description="the standard's service whose flow it follows")
    status_url: str = STATUS_URL


class ProviderRequestFiledV1(ProviderRequestFact):
    """The provider filed a request (or staff recorded one at the counter): what to bring, and the clock to come."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_filed.v1"

    channel: RequestChannel = "web"
    bring: tuple[DocumentToBring, ...] = Field(default=(), description="what to bring to the counter")
    deadline_text: str | None = Field(default=None, max_length=300, description="the standard's wording")
    awaiting_email_proof: bool = Field(default=False, description="an email change waits for the new address")


class EmailProofRequestedV1(ProviderRequestFact):
    """An email change: a one-time link is mailed to the new address, which only that link proves."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.email_proof_requested.v1"

    new_email: EmailStr
    proof_url: str = Field(min_length=1, max_length=2000, description="sealed for the notifier; never logged")
    expires_at: AwareDatetime


class EmailProvenV1(ProviderRequestFact):
    """The new address opened its link: the request goes on to the counter."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.email_proven.v1"

    new_email: EmailStr


class ProviderRequestCheckedInV1(ProviderRequestFact):
    """The provider (or its proxy) came to the counter and signed the guest book."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_checked_in.v1"

    officer_id: str = Field(min_length=1, max_length=120)


class ProviderRequestHandedOverV1(ProviderRequestFact):
    """The counter received the file: the service's clock starts."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_handed_over.v1"

    officer_id: str = Field(min_length=1, max_length=120)
    due_at: AwareDatetime | None = None
    deadline_text: str | None = Field(default=None, max_length=300)


class ProviderRequestClaimedV1(ProviderRequestFact):
    """A verifier took the request."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_claimed.v1"

    verifier_id: str = Field(min_length=1, max_length=120)


class ProviderRequestReturnedV1(ProviderRequestFact):
    """The file is incomplete or a document invalid: returned to the provider, the clock paused."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_returned.v1"

    verifier_id: str = Field(min_length=1, max_length=120)
    reason: str = Field(min_length=1, max_length=2000)
    items: tuple[str, ...] = Field(default=(), max_length=30, description="labels of the documents to bring again")


class ProviderRequestResumedV1(ProviderRequestFact):
    """The returned file came back complete (uploaded, or brought to the counter): the clock runs again."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_resumed.v1"

    due_at: AwareDatetime | None = None


class ProviderRequestApprovedV1(ProviderRequestFact):
    """The verifier approved the request; the change it asked for is applied (see `account.changed` & co.)."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_approved.v1"

    verifier_id: str = Field(min_length=1, max_length=120)


class ProviderRequestRejectedV1(ProviderRequestFact):
    """The verifier rejected the request, with the reason the provider reads; nothing changed."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_rejected.v1"

    verifier_id: str = Field(min_length=1, max_length=120)
    reason: str = Field(min_length=1, max_length=2000)


class ProviderRequestWithdrawnV1(ProviderRequestFact):
    """The provider withdrew a request that had not been handed over yet."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_withdrawn.v1"


class ProviderRequestSentToLkppV1(ProviderRequestFact):
    """Agregasi (BJM-6): the verifier sent the ADP request to LKPP; the LPSE's clock stops, LKPP's leg is open."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_sent_to_lkpp.v1"

    verifier_id: str = Field(min_length=1, max_length=120)
    request_ref: str = Field(min_length=4, max_length=60)


class _RequestDeadlineFact(ProviderRequestFact):
    clock: str = Field(min_length=1, max_length=40)
    clock_label: str = Field(min_length=1, max_length=120)
    due_at: AwareDatetime


class ProviderRequestDeadlineApproachingV1(_RequestDeadlineFact):
    """A request's clock reached 80 % of its time."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_deadline_approaching.v1"


class ProviderRequestDeadlineBreachedV1(_RequestDeadlineFact):
    """A request's clock passed its deadline."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.request_deadline_breached.v1"


ChangedField = Literal[
    "email", "npwp", "provider_type", "company_name", "address", "phone", "pkp_number", "director_name"
]


class FieldChange(BaseModel):
    """One field of the account, before and after, as the provider reads it (a NPWP shown masked)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: ChangedField
    label: str = Field(min_length=1, max_length=80)
    before: str = Field(default="", max_length=500)
    after: str = Field(default="", max_length=500)


class ProviderAccountChangedV1(ProviderAccountFact):
    """An approved request changed the account's data; `email` is the new address of record."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.changed.v1"

    request_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    kind: Literal["email", "npwp", "status_badan_usaha", "data"]
    changes: tuple[FieldChange, ...] = Field(min_length=1, max_length=12)
    previous_email: EmailStr | None = Field(default=None, description="an email change: the address told of it")
    npwp: str | None = Field(default=None, pattern=r"^[0-9]{15,16}$", description="a NPWP change: the new number")
    provider_type: str | None = Field(default=None, max_length=60, description="CV → PT: the new provider type")
    aggregated: bool = Field(description="the account is aggregated: LKPP must receive the change")


class ProviderAccountDeactivatedV1(ProviderAccountFact):
    """The account can no longer sign in; its history stays."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.deactivated.v1"

    by: DeactivatedBy
    reason: str = Field(min_length=1, max_length=2000)
    officer_id: str = Field(min_length=1, max_length=120)
    request_id: uuid.UUID | None = None
    aggregated: bool = False


class ProviderAccountReactivatedV1(ProviderAccountFact):
    """A deactivated account signs in again (reactivation: the platform's own service, no standard has one)."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.reactivated.v1"

    officer_id: str = Field(min_length=1, max_length=120)
    request_id: uuid.UUID
    aggregated: bool = False


class ProviderPasswordChangedV1(ProviderAccountFact):
    """The provider changed its password in its account area (the email says so, never the password)."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.password_changed.v1"


PROVIDER_ACCOUNT_EVENTS: tuple[type[Event], ...] = (
    ProviderRequestFiledV1,
    EmailProofRequestedV1,
    EmailProvenV1,
    ProviderRequestCheckedInV1,
    ProviderRequestHandedOverV1,
    ProviderRequestClaimedV1,
    ProviderRequestReturnedV1,
    ProviderRequestResumedV1,
    ProviderRequestApprovedV1,
    ProviderRequestRejectedV1,
    ProviderRequestWithdrawnV1,
    ProviderRequestSentToLkppV1,
    ProviderRequestDeadlineApproachingV1,
    ProviderRequestDeadlineBreachedV1,
    ProviderAccountChangedV1,
    ProviderAccountDeactivatedV1,
    ProviderAccountReactivatedV1,
    ProviderPasswordChangedV1,
)
