"""Domain values the unit tests of several services build the same way (a Depok case and its people)."""

from __future__ import annotations

import uuid
from datetime import datetime

from verification.domain import Case, CaseStatus


def depok_case(
    status: CaseStatus,
    assignee: str | None = None,
    lease_until: datetime | None = None,
    verified_by: str | None = None,
    *,
    ids: tuple[uuid.UUID, uuid.UUID, uuid.UUID] | None = None,
) -> Case:
    """A Depok verification case in `status`; `ids` (case, application, opening event) fixed when a test reads them."""
    case_id, application_id, opened_by = ids or (uuid.uuid4(), uuid.uuid4(), uuid.uuid4())
    return Case(
        case_id=case_id,
        application_id=application_id,
        lpse="depok",
        status=status,
        reference="DPK-2611-ABCDEF",
        applicant_email="a@contoh.co.id",
        status_url="http://x/s/t",
        assignee=assignee,
        opened_by_event=opened_by,
        lease_until=lease_until,
        verified_by=verified_by,
        director_name="Ahmad Fauzi",
    )
