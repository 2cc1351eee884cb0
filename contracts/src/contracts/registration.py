"""Facts owned by the registration service."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, EmailStr, Field

from contracts.envelope import Event, Language


class ProviderType(StrEnum):
    """Jenis penyedia, the platform-wide enum each LPSE's own types map onto."""

    BADAN_USAHA_CV = "badan_usaha_cv"
    BADAN_USAHA_PT = "badan_usaha_pt"
    PERSEORANGAN_UMKM = "perseorangan_umkm"
    PERSEORANGAN_KONSULTAN = "perseorangan_konsultan_pktt_pjlp"
    PERUSAHAAN_PERORANGAN = "perusahaan_perorangan"


class DocumentRef(BaseModel):
    """An uploaded document, by reference: the registration service keeps the content."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^[a-z0-9_]+$")
    filename: str = Field(min_length=1, max_length=200)
    content_type: str = Field(min_length=3, max_length=100)
    size: int = Field(ge=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class ApplicationSubmittedV1(Event):
    """A provider submitted a registration application through the public form."""

    subject_template: ClassVar[str] = "registration.{lpse}.application.submitted.v1"

    application_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    provider_type: ProviderType
    company_name: str = Field(min_length=1, max_length=200)
    npwp: str = Field(pattern=r"^[0-9]{15,16}$")
    nib: str = Field(pattern=r"^[0-9]{13}$")
    email: EmailStr
    director_name: str = Field(min_length=1, max_length=200)
    status_url: str = Field(
        min_length=1,
        max_length=1000,
        description="the private link, sealed for the notifier (Fernet under LINK_SECRET); never the link in clear",
    )
    language: Language = "id"
    documents: tuple[DocumentRef, ...] = ()
    director_nik: str | None = Field(default=None, pattern=r"^[0-9]{16}$", description="checked against the KTP")
    verification_mode: Literal["loket", "unggahan"] | None = Field(
        default=None, description="the lane the applicant chose, where the LPSE's standard offers a choice"
    )
    by_proxy: bool = Field(
        default=False, description="the file is brought by someone the director empowered: proxy documents are asked"
    )


class EmailVerificationRequestedV1(Event):
    """Someone asked to register with an email: a private link to the form goes to that address first."""

    subject_template: ClassVar[str] = "registration.{lpse}.email.verification_requested.v1"

    draft_id: uuid.UUID
    email: EmailStr
    draft_url: str = Field(
        min_length=1,
        max_length=1000,
        description="the private link, sealed for the notifier (Fernet under LINK_SECRET); never the link in clear",
    )
    expires_at: AwareDatetime


class ApplicationResubmittedV1(Event):
    """The applicant uploaded again the documents a verifier returned."""

    subject_template: ClassVar[str] = "registration.{lpse}.application.resubmitted.v1"

    application_id: uuid.UUID
    documents: tuple[DocumentRef, ...] = Field(min_length=1)
