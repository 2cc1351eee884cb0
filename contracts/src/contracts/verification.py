"""Facts owned by the verification service."""

from __future__ import annotations

import uuid
from typing import ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field

from contracts.envelope import AttachmentRef, Event, Language


class CaseFact(Event):
    """Fields every verification fact about an application's case carries for the applicant's sake."""

    case_id: uuid.UUID
    application_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    applicant_email: EmailStr
    status_url: str = Field(
        min_length=1,
        max_length=1000,
        description="the private link, sealed for the notifier (Fernet under LINK_SECRET); never the link in clear",
    )
    language: Language = "id"
    director_name: str | None = Field(default=None, max_length=200, description="whom the applicant's email greets")


class CaseOpenedV1(CaseFact):
    """An application became a case in its LPSE's verification queue."""

    subject_template: ClassVar[str] = "verification.{lpse}.case.opened.v1"

    due_at: AwareDatetime | None = None
    deadline_text: str | None = Field(default=None, max_length=200)


class DocumentToBring(BaseModel):
    """One document the applicant brings to the counter, as the standard asks it: original, copies, stamp duty."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=1, max_length=300)
    original: bool = True
    copies: int | None = Field(default=None, ge=0, description="None: 'copy' without a count")
    stamp_duty: int | None = Field(default=None, ge=0, description="materai value in rupiah")
    condition: str = Field(default="", max_length=120, description="when it is needed, e.g. 'jika ada'")

    def describe(self, language: str = "id") -> str:
        """'Surat kuasa: asli dan 1 fotokopi, bermaterai Rp10.000; hanya bila …'."""
        en = language == "en"
        if self.copies:
            copies = f"{self.copies} {'photocopy' if en else 'fotokopi'}"
        else:
            copies = "photocopy" if en else "fotokopi"
        form = (f"original and {copies}" if en else f"asli dan {copies}") if self.original else copies
        text = f"{self.name}: {form}"
        if self.stamp_duty:
            amount = f"{self.stamp_duty:,}".replace(",", ".")
            text += f", with a Rp{amount} duty stamp" if en else f", bermaterai Rp{amount}"
        return text + (f"; {self.condition}" if self.condition else "")


class CaseInvitedV1(CaseFact):
    """The case waits for the applicant at the LPSE counter: what to bring, where, when (the clock waits too)."""

    subject_template: ClassVar[str] = "verification.{lpse}.case.invited.v1"

    service_id: str = Field(min_length=1, max_length=40, description="the service whose office hours apply")
    bring: tuple[DocumentToBring, ...] = ()
    deadline_text: str | None = Field(default=None, max_length=200, description="the clock that starts at hand-over")


class CaseCheckedInV1(CaseFact):
    """Counter staff recorded the applicant's arrival (the guest book); the file is not handed over yet."""

    subject_template: ClassVar[str] = "verification.{lpse}.case.checked_in.v1"

    officer_id: str = Field(min_length=1, max_length=120)


class CaseHandedOverV1(CaseFact):
    """Counter staff received the file (originals and copies); the service clock starts now."""

    subject_template: ClassVar[str] = "verification.{lpse}.case.handed_over.v1"

    officer_id: str = Field(min_length=1, max_length=120)
    due_at: AwareDatetime | None = None
    deadline_text: str | None = Field(default=None, max_length=200)


class CaseClaimedV1(CaseFact):
    """A verifier claimed the case: the applicant's file is being verified."""

    subject_template: ClassVar[str] = "verification.{lpse}.case.claimed.v1"

    verifier_id: str = Field(min_length=1, max_length=120)


class CaseReturnedV1(CaseFact):
    """The file was returned to the applicant to complete; the case's clocks pause."""

    subject_template: ClassVar[str] = "verification.{lpse}.case.returned.v1"

    verifier_id: str = Field(min_length=1, max_length=120)
    reason: str = Field(min_length=1, max_length=2000)
    items: tuple[str, ...] = Field(default=(), description="codes of the documents to bring or upload again")


class CaseResumedV1(CaseFact):
    """The applicant brought the completed file: verification goes on and the clocks resume."""

    subject_template: ClassVar[str] = "verification.{lpse}.case.resumed.v1"

    verifier_id: str = Field(min_length=1, max_length=120)
    due_at: AwareDatetime | None = None


class CaseRejectedV1(CaseFact):
    """The verifier rejected the application, with the reason the applicant is told."""

    subject_template: ClassVar[str] = "verification.{lpse}.case.rejected.v1"

    verifier_id: str = Field(min_length=1, max_length=120)
    reason: str = Field(min_length=1, max_length=2000)


class CaseVerifiedV1(CaseFact):
    """A verifier approved the file: every document matched the data entered."""

    subject_template: ClassVar[str] = "verification.{lpse}.case.verified.v1"

    verifier_id: str = Field(min_length=1, max_length=120)


class AccountActivatedV1(CaseFact):
    """A provider account was activated with a user ID unique across LPSEs."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.activated.v1"

    provider_id: uuid.UUID
    user_id: str = Field(min_length=3, max_length=40)
    set_password_url: str = Field(
        min_length=1,
        max_length=1000,
        description="the private link, sealed for the notifier (Fernet under LINK_SECRET); never the link in clear",
    )
    set_password_expires_at: AwareDatetime
    attachments: tuple[AttachmentRef, ...] = ()


class _DeadlineFact(Event):
    """A verification case's clock reached a point worth telling staff and operators."""

    case_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    clock: str = Field(min_length=1, max_length=40)
    clock_label: str = Field(min_length=1, max_length=120)
    due_at: AwareDatetime


class CaseDeadlineApproachingV1(_DeadlineFact):
    """Most of a case's time is used: a reminder before the deadline."""

    subject_template: ClassVar[str] = "verification.{lpse}.case.deadline_approaching.v1"


class CaseDeadlineBreachedV1(_DeadlineFact):
    """A case's deadline passed while the case was still open."""

    subject_template: ClassVar[str] = "verification.{lpse}.case.deadline_breached.v1"


AggregationMode = Literal["mandiri", "via_lkpp"]


class AggregationRequestedV1(CaseFact):
    """The verifier sent the provider's ADP (agregasi data penyedia) request to LKPP."""

    subject_template: ClassVar[str] = "verification.{lpse}.aggregation.requested.v1"

    provider_id: uuid.UUID
    user_id: str = Field(min_length=3, max_length=40)
    request_ref: str = Field(min_length=4, max_length=60)
    npwp: str = Field(pattern=r"^[0-9]{15,16}$")
    company_name: str = Field(min_length=1, max_length=200)


class ProviderAggregatedV1(CaseFact):
    """The provider's account is aggregated: valid at every LPSE and in SIKaP."""

    subject_template: ClassVar[str] = "verification.{lpse}.aggregation.completed.v1"

    provider_id: uuid.UUID
    user_id: str = Field(min_length=3, max_length=40)
    mode: AggregationMode
    lkpp_ref: str | None = Field(default=None, max_length=120)


class AggregationRefusedV1(CaseFact):
    """LKPP refused the provider's ADP request, with its reason."""

    subject_template: ClassVar[str] = "verification.{lpse}.aggregation.refused.v1"

    provider_id: uuid.UUID
    user_id: str = Field(min_length=3, max_length=40)
    reason: str = Field(min_length=1, max_length=2000)
    lkpp_ref: str | None = Field(default=None, max_length=120)


class PasswordResetRequestedV1(Event):
    """A provider who lost the password asked for a new one: a one-time link goes to the registered email."""

    subject_template: ClassVar[str] = "verification.{lpse}.account.password_reset_requested.v1"

    provider_id: uuid.UUID
    user_id: str = Field(min_length=3, max_length=40)
    email: EmailStr = Field(description="the address registered with the account, never the one typed in the form")
    set_password_url: str = Field(
        min_length=1,
        max_length=1000,
        description="the private link, sealed for the notifier (Fernet under LINK_SECRET); never the link in clear",
    )
    set_password_expires_at: AwareDatetime
    director_name: str | None = Field(default=None, max_length=200)
    language: Language = "id"
