"""What every fact about a helpdesk request case carries (ubah jadwal, uji forensik, internal accounts).

A request case is filed by an internal user (a Pokja member, a PPK, an auditor…) on a form, or recorded by staff at
the counter, checked for completeness by the Helpdesk / Front Office and decided by the officer its standard names.
Names, letters and files stay in helpdesk's tables and object store; the facts carry identifiers, codes and due
instants, and the requester reads the rest on the status page (a sealed `status_url`).
"""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import AwareDatetime, EmailStr, Field

from contracts.envelope import Event, Language

RequestChannel = Literal["web", "staf", "datang_langsung", "email", "whatsapp"]
"""How a request reached the LPSE: the signed-in or public form, or recorded by staff (at the counter, by email…)."""

STATUS_URL = Field(min_length=1, max_length=2000, description="the requester's status page, sealed for the notifier")


class RequestFact(Event):
    """Which request case, under which service of the standard, and where its requester reads and is written to."""

    case_id: uuid.UUID
    reference: str = Field(min_length=4, max_length=40)
    service_id: str = Field(min_length=1, max_length=20)
    requester_email: EmailStr | None = Field(default=None, description="None: recorded at the counter without one")
    language: Language = "id"
    status_url: str = STATUS_URL


class RequestOpenedFact(RequestFact):
    """A request was filed; its clock (if its standard sets one) started."""

    channel: RequestChannel = "web"
    due_at: AwareDatetime | None = Field(default=None, description="None: no clock runs (the standard sets none)")
    deadline_text: str | None = Field(default=None, max_length=500, description="the standard's wording")


class RequestReturnedFact(RequestFact):
    """The Helpdesk found the file incomplete and returned it; the clock stops until it comes back."""

    missing: tuple[str, ...] = Field(min_length=1, max_length=12, description="labels of what is missing")


class RequestResubmittedFact(RequestFact):
    """The requester completed a returned file; the clock runs again from now."""

    due_at: AwareDatetime | None = None


class RequestEscalatedFact(RequestFact):
    """The Helpdesk found the file complete and handed it to the officer who decides it."""

    to_role: str = Field(min_length=1, max_length=40)
    to_label: str = Field(min_length=1, max_length=120)


class RequestRefusedFact(RequestFact):
    """The deciding officer refused the request, with a reason the requester reads."""

    reason: str = Field(min_length=1, max_length=1000)


class RequestDeadlineFact(RequestFact):
    """A request clock reached 80 % of its time, or its deadline."""

    clock: str = Field(min_length=1, max_length=40)
    clock_label: str = Field(min_length=1, max_length=120)
    due_at: AwareDatetime
