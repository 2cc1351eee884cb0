"""The forensic test's emails (uji forensik, Depok DPK-2d): each step the requesting Pokja should know of, the
berita acara attached to the last, and the missed 30 minutes written to the heads of the LPSE. Pure.

No email carries the files, the trial's text or LKPP's and BSSN's findings: they stay in helpdesk, read on the
status page; the files are named by their SHA-256 digests only.
"""

from __future__ import annotations

from contracts.envelope import Event
from contracts.forensic import (
    ForensicAnswerReceivedV1,
    ForensicDeadlineBreachedV1,
    ForensicEscalatedExternalV1,
    ForensicReportIssuedV1,
    ForensicTestEscalatedV1,
    ForensicTestRefusedV1,
    ForensicTestRequestedV1,
    ForensicTestResubmittedV1,
    ForensicTestReturnedV1,
    ForensicTrialRecordedV1,
)
from notifier.domain import HEAD, EmailTemplate

FORENSIC_TEMPLATES: dict[type[Event], EmailTemplate] = {
    ForensicTestRequestedV1: EmailTemplate(
        "forensic_requested",
        1,
        {"id": "Permohonan uji forensik {reference} diterima", "en": "Forensic test request {reference} received"},
    ),
    ForensicTestReturnedV1: EmailTemplate(
        "forensic_returned",
        1,
        {"id": "Permohonan uji forensik {reference} perlu dilengkapi", "en": "Forensic test {reference}: complete it"},
    ),
    ForensicTestResubmittedV1: EmailTemplate(
        "forensic_resubmitted",
        1,
        {"id": "Kelengkapan uji forensik {reference} diterima", "en": "Forensic test {reference} completed"},
    ),
    ForensicTestEscalatedV1: EmailTemplate(
        "forensic_escalated",
        1,
        {"id": "Uji forensik {reference} diteruskan ke Admin PPE", "en": "Forensic test {reference} sent to Admin PPE"},
    ),
    ForensicTrialRecordedV1: EmailTemplate(
        "forensic_trial_recorded",
        1,
        {"id": "Uji coba enkripsi {reference} telah dilakukan", "en": "Encryption trial of {reference} done"},
    ),
    ForensicEscalatedExternalV1: EmailTemplate(
        "forensic_escalated_external",
        1,
        {
            "id": "Uji forensik {reference} diteruskan ke LKPP dan BSSN",
            "en": "Forensic test {reference} sent to LKPP and BSSN",
        },
    ),
    ForensicAnswerReceivedV1: EmailTemplate(
        "forensic_answer_received",
        1,
        {"id": "Jawaban atas uji forensik {reference} diterima", "en": "Answer on forensic test {reference} received"},
    ),
    ForensicReportIssuedV1: EmailTemplate(
        "forensic_report_issued",
        1,
        {
            "id": "Berita Acara Hasil Uji Forensik {report_number}",
            "en": "Forensic test report {report_number}",
        },
    ),
    ForensicTestRefusedV1: EmailTemplate(
        "forensic_refused",
        1,
        {"id": "Permohonan uji forensik {reference} ditolak", "en": "Forensic test request {reference} refused"},
    ),
    ForensicDeadlineBreachedV1: EmailTemplate(
        "forensic_deadline_breached", 1, {"id": "Tenggat uji forensik {reference} terlewati"}, staff_role=HEAD
    ),
}


def forensic_staff_path(event: Event) -> str | None:
    """Where in the helpdesk's staff console the forensic test a staff email is about is opened."""
    if isinstance(event, ForensicDeadlineBreachedV1):
        return f"/helpdesk/staf/forensik/{event.case_id}"
    return None
