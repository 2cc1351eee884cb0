"""The helpdesk's emails: each step of a ticket or complaint the reporter should know of, and the missed deadlines
written to the heads of the LPSE. Pure.

No email carries a reply, a note, LKPP's answer, a complaint's text or a rating comment: none of them is on the
bus, and each email links to the status page where the reporter reads them.
"""

from __future__ import annotations

from contracts.complaints import (
    ComplaintAcknowledgedV1,
    ComplaintDeadlineBreachedV1,
    ComplaintEscalatedV1,
    ComplaintReceivedV1,
    ComplaintResolvedV1,
    ComplaintRespondedV1,
)
from contracts.envelope import Event
from contracts.helpdesk import (
    TicketAnsweredByLkppV1,
    TicketClaimedV1,
    TicketClosedV1,
    TicketDeadlineBreachedV1,
    TicketEscalatedV1,
    TicketInfoRequestedV1,
    TicketOpenedV1,
    TicketReopenedV1,
    TicketRepliedV1,
    TicketResolvedV1,
)
from notifier.domain import HEAD, EmailTemplate

HELPDESK_TEMPLATES: dict[type[Event], EmailTemplate] = {
    # v2: the category, the deadline in the LPSE's zone (or the standard's note) and the status link
    TicketOpenedV1: EmailTemplate(
        "ticket_opened",
        2,
        {"id": "Laporan {reference} diterima helpdesk", "en": "Helpdesk report {reference} received"},
    ),
    TicketClaimedV1: EmailTemplate(
        "ticket_claimed", 1, {"id": "Laporan {reference} sedang ditangani", "en": "Report {reference} is being handled"}
    ),
    TicketRepliedV1: EmailTemplate(
        "ticket_replied",
        1,
        {"id": "Balasan helpdesk untuk laporan {reference}", "en": "New reply on report {reference}"},
    ),
    TicketInfoRequestedV1: EmailTemplate(
        "ticket_info_requested",
        1,
        {
            "id": "Helpdesk memerlukan informasi tambahan ({reference})",
            "en": "The helpdesk needs more information ({reference})",
        },
    ),
    TicketEscalatedV1: EmailTemplate(
        "ticket_escalated",
        1,
        {"id": "Laporan {reference} diteruskan ke {to_label}", "en": "Report {reference} forwarded to {to_label}"},
    ),
    TicketAnsweredByLkppV1: EmailTemplate(
        "ticket_answered_by_lkpp",
        1,
        {"id": "LKPP telah menjawab laporan {reference}", "en": "LKPP answered report {reference}"},
    ),
    TicketResolvedV1: EmailTemplate(
        "ticket_resolved", 1, {"id": "Laporan {reference} telah diselesaikan", "en": "Report {reference} resolved"}
    ),
    TicketReopenedV1: EmailTemplate(
        "ticket_reopened", 1, {"id": "Laporan {reference} dibuka kembali", "en": "Report {reference} reopened"}
    ),
    TicketClosedV1: EmailTemplate(
        "ticket_closed",
        1,
        {"id": "Laporan {reference} ditutup — beri penilaian", "en": "Report {reference} closed — rate it"},
    ),
    TicketDeadlineBreachedV1: EmailTemplate(
        "ticket_deadline_breached", 1, {"id": "Tenggat tiket {reference} terlewati"}, staff_role=HEAD
    ),
    ComplaintReceivedV1: EmailTemplate(
        "complaint_received", 1, {"id": "Pengaduan {reference} diterima", "en": "Complaint {reference} received"}
    ),
    ComplaintAcknowledgedV1: EmailTemplate(
        "complaint_acknowledged",
        1,
        {"id": "Tanggapan atas pengaduan {reference}", "en": "First answer to complaint {reference}"},
    ),
    ComplaintEscalatedV1: EmailTemplate(
        "complaint_escalated",
        1,
        {"id": "Pengaduan {reference} diteruskan ke {to_label}", "en": "Complaint {reference} forwarded to {to_label}"},
    ),
    ComplaintRespondedV1: EmailTemplate(
        "complaint_responded", 1, {"id": "Respon atas pengaduan {reference}", "en": "Response to complaint {reference}"}
    ),
    ComplaintResolvedV1: EmailTemplate(
        "complaint_resolved", 1, {"id": "Pengaduan {reference} selesai", "en": "Complaint {reference} resolved"}
    ),
    ComplaintDeadlineBreachedV1: EmailTemplate(
        "complaint_deadline_breached", 1, {"id": "Tenggat pengaduan {reference} terlewati"}, staff_role=HEAD
    ),
}


def helpdesk_staff_path(event: Event) -> str:
    """Where in the helpdesk's staff console the ticket or complaint a staff email is about is opened."""
    if isinstance(event, TicketDeadlineBreachedV1):
        return f"/helpdesk/staf/tiket/{event.ticket_id}"
    if isinstance(event, ComplaintDeadlineBreachedV1):
        return f"/helpdesk/staf/pengaduan/{event.complaint_id}"
    raise ValueError(f"{type(event).__name__} has no page in the staff console")
