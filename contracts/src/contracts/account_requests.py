"""Facts about requests for internal accounts, owned by the helpdesk service.

PPK / Pokja / PP / PA / Kabag PBJ accounts (Depok DPK-2a, Temanggung TMG-2), Admin PPE / Helpdesk / Verifikator
accounts (DPK-2b), changes of such an account (email, mutasi, pensiun: DPK-2e), auditor access (DPK-3a) and the
assistance with an INAPROC non-provider account (Magelang MGL-O). The helpdesk runs the request; identity acts on
`account_request.approved` and answers with `identity.<lpse>.internal_account.*`.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import EmailStr, Field

from contracts.envelope import Event
from contracts.identity import StaffRole
from contracts.requests import (
    RequestDeadlineFact,
    RequestEscalatedFact,
    RequestFact,
    RequestOpenedFact,
    RequestRefusedFact,
    RequestResubmittedFact,
    RequestReturnedFact,
)

AccountRequestKind = Literal["akun_baru", "perubahan", "auditor", "inaproc"]
"""A new account, a change of one (DPK-2e), auditor access (DPK-3a), or help with an INAPROC account (MGL-O)."""

InternalRole = Literal[
    "ppk",
    "pokja",
    "pejabat_pengadaan",
    "pa",
    "kpa",
    "kabag_pbj",
    "bendahara",
    "admin_ppe",
    "helpdesk",
    "verifikator",
    "auditor",
]
"""The position the account is for, as the standards name them (PA/KPA/Bendahara only through INAPROC)."""

AccountChangeKind = Literal["email", "mutasi", "pensiun"]
"""What a DPK-2e change is: a new email; a move to another post (the role ends here); retirement (the account ends)."""


class AccountRequestFact(RequestFact):
    """What the request is for."""

    kind: AccountRequestKind
    role: InternalRole


class AccountRequestedV1(AccountRequestFact, RequestOpenedFact):
    """Someone asked for an internal account, a change of one, auditor access or INAPROC help."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.account_request.requested.v1"

    change_kind: AccountChangeKind | None = None


class AccountRequestReturnedV1(AccountRequestFact, RequestReturnedFact):
    """The Helpdesk / Front Office returned the file: something is missing."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.account_request.returned.v1"


class AccountRequestResubmittedV1(AccountRequestFact, RequestResubmittedFact):
    """The requester completed the returned file."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.account_request.resubmitted.v1"


class AccountRequestEscalatedV1(AccountRequestFact, RequestEscalatedFact):
    """The file is complete: handed to the Admin Agency / Admin PPE, or (Temanggung) reported to the Kabag PBJ."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.account_request.escalated.v1"


class AccountRequestDispositionedV1(AccountRequestFact):
    """Temanggung TMG-2 c: the Kabag PBJ selaku Kepala LPSE gave the Admin Agency the disposition."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.account_request.dispositioned.v1"


class AccountRequestPreparedV1(AccountRequestFact):
    """The Admin Agency prepared the account; where the standard asks for it, a second officer checks it first."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.account_request.prepared.v1"

    username: str = Field(min_length=3, max_length=80)
    second_check_required: bool


class AccountRequestApprovedV1(AccountRequestFact):
    """The account is to be created or changed: identity acts on this fact and answers with internal_account.*.

    Carries what identity needs and nothing more: the username, the person's name and email, the role, and for an
    auditor the last day of access.
    """

    subject_template: ClassVar[str] = "helpdesk.{lpse}.account_request.approved.v1"

    username: str = Field(min_length=3, max_length=80)
    person_name: str = Field(min_length=1, max_length=120)
    account_email: EmailStr | None = Field(default=None, description="where the set-password link goes")
    staff_role: StaffRole | None = Field(default=None, description="None for a change that ends the account")
    change_kind: AccountChangeKind | None = None
    access_until: date | None = Field(default=None, description="auditor: the last day of access, LPSE's zone")
    prepared_by: str = Field(min_length=1, max_length=120)
    checked_by: str | None = Field(default=None, max_length=120, description="the second officer (four-eyes)")


class AccountRequestCompletedV1(AccountRequestFact):
    """The product was delivered: the account exists, was changed or ended, or the INAPROC account was verified."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.account_request.completed.v1"

    username: str | None = Field(default=None, max_length=80)
    within_deadline: bool | None = Field(default=None, description="None: no clock ran")


class AccountRequestRefusedV1(AccountRequestFact, RequestRefusedFact):
    """The request was refused with a reason (or the second officer found the prepared account wrong)."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.account_request.refused.v1"


class AccountRequestDeadlineApproachingV1(AccountRequestFact, RequestDeadlineFact):
    """80 % of the request's clock is used."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.account_request.deadline_approaching.v1"


class AccountRequestDeadlineBreachedV1(AccountRequestFact, RequestDeadlineFact):
    """The request's deadline passed before its product was delivered."""

    subject_template: ClassVar[str] = "helpdesk.{lpse}.account_request.deadline_breached.v1"


ACCOUNT_REQUEST_EVENTS: tuple[type[Event], ...] = (
    AccountRequestedV1,
    AccountRequestReturnedV1,
    AccountRequestResubmittedV1,
    AccountRequestEscalatedV1,
    AccountRequestDispositionedV1,
    AccountRequestPreparedV1,
    AccountRequestApprovedV1,
    AccountRequestCompletedV1,
    AccountRequestRefusedV1,
    AccountRequestDeadlineApproachingV1,
    AccountRequestDeadlineBreachedV1,
)
