"""The ubah-jadwal emails (Depok DPK-2c): each step the requesting Pokja should know of, with the status link, and
the missed deadline written to the heads of the LPSE. Pure.

The approval email carries the product itself, the changed schedule (the stage, the old time, the time set in SPSE
and when it was changed there); the refusal carries the Admin PPE's reason.
"""

from __future__ import annotations

from contracts.envelope import Event
from contracts.schedule_change import (
    ScheduleChangeApprovedV1,
    ScheduleChangeDeadlineBreachedV1,
    ScheduleChangeEscalatedV1,
    ScheduleChangeRefusedV1,
    ScheduleChangeRequestedV1,
    ScheduleChangeResubmittedV1,
    ScheduleChangeReturnedV1,
)
from notifier.domain import HEAD, EmailTemplate

SCHEDULE_TEMPLATES: dict[type[Event], EmailTemplate] = {
    ScheduleChangeRequestedV1: EmailTemplate(
        "schedule_change_requested",
        1,
        {
            "id": "Permohonan perubahan jadwal {reference} diterima",
            "en": "Schedule change request {reference} received",
        },
    ),
    ScheduleChangeReturnedV1: EmailTemplate(
        "schedule_change_returned",
        1,
        {
            "id": "Permohonan perubahan jadwal {reference} dikembalikan: lengkapi berkas",
            "en": "Schedule change request {reference} returned: please complete it",
        },
    ),
    ScheduleChangeResubmittedV1: EmailTemplate(
        "schedule_change_resubmitted",
        1,
        {
            "id": "Permohonan perubahan jadwal {reference} diajukan kembali",
            "en": "Schedule change request {reference} resubmitted",
        },
    ),
    ScheduleChangeEscalatedV1: EmailTemplate(
        "schedule_change_escalated",
        1,
        {
            "id": "Permohonan perubahan jadwal {reference} diteruskan ke {to_label}",
            "en": "Schedule change request {reference} forwarded to {to_label}",
        },
    ),
    ScheduleChangeApprovedV1: EmailTemplate(
        "schedule_change_approved",
        1,
        {
            "id": "Jadwal tender {tender_id} telah diubah ({reference})",
            "en": "The schedule of tender {tender_id} was changed ({reference})",
        },
    ),
    ScheduleChangeRefusedV1: EmailTemplate(
        "schedule_change_refused",
        1,
        {
            "id": "Permohonan perubahan jadwal {reference} ditolak",
            "en": "Schedule change request {reference} refused",
        },
    ),
    ScheduleChangeDeadlineBreachedV1: EmailTemplate(
        "schedule_change_deadline_breached",
        1,
        {"id": "Tenggat perubahan jadwal {reference} terlewati"},
        staff_role=HEAD,
    ),
}


def schedule_staff_path(event: Event) -> str | None:
    """Where in the helpdesk's staff console the request a staff email is about is opened (None: not ours)."""
    if isinstance(event, ScheduleChangeDeadlineBreachedV1):
        return f"/helpdesk/staf/jadwal/{event.case_id}"
    return None
