"""What the status page shows beside the state machine: the progress bar's step, the counter visit, the deadline.

README (status page): a returned or rejected file is still at the verification step, aggregation belongs to the
active account; a counter visit adds a step without moving the status, and the clock starts at hand-over.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from contracts.envelope import Actor
from contracts.verification import (
    CaseCheckedInV1,
    CaseClaimedV1,
    CaseHandedOverV1,
    CaseInvitedV1,
    CaseOpenedV1,
    DocumentToBring,
)
from lpse_runtime.decision import AuditEntry
from registration.domain import Application, ApplicationStatus, Deadline, deadline_shown, decide, step_of, visit

S = ApplicationStatus
AT = datetime(2026, 12, 7, 2, 30, tzinfo=UTC)
DUE = datetime(2026, 12, 8, 2, 30, tzinfo=UTC)
APPLICATION_ID = uuid.UUID(int=7)
CASE = {
    "occurred_at": AT,
    "lpse": "temanggung",
    "correlation_id": APPLICATION_ID,
    "actor": Actor(id="loket.temanggung", role="verifikator"),
    "case_id": uuid.UUID(int=8),
    "application_id": APPLICATION_ID,
    "reference": "TMG-2612-ABCDEF",
    "applicant_email": "direktur@majujaya.co.id",
    "status_url": "http://x/daftar/status/t",
}
KTP = DocumentToBring(code="ktp", name="KTP Direktur", copies=1)


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (S.SUBMITTED, S.SUBMITTED),
        (S.IN_VERIFICATION, S.IN_VERIFICATION),
        (S.RETURNED, S.IN_VERIFICATION),
        (S.REJECTED, S.IN_VERIFICATION),
        (S.ACTIVE, S.ACTIVE),
        (S.AGGREGATION_REQUESTED, S.ACTIVE),
        (S.AGGREGATED, S.ACTIVE),
        (S.AGGREGATION_REFUSED, S.ACTIVE),
    ],
)
def test_each_status_lights_its_step_of_the_progress_bar(status: ApplicationStatus, step: ApplicationStatus) -> None:
    assert step_of(status) is step


def test_the_invitation_lists_what_to_bring_and_leaves_the_status_as_it_was() -> None:
    fact = CaseInvitedV1(**CASE, service_id="registrasi_penyedia", bring=(KTP,), deadline_text="1 x 24 jam")
    decided = visit(Application(APPLICATION_ID, S.SUBMITTED), fact)
    shown = decided.state
    assert shown.stage == "invited"
    assert shown.step.status is S.SUBMITTED and shown.step.at == AT and shown.step.application_id == APPLICATION_ID
    assert shown.step.note == "Undangan ke loket LPSE dikirim ke email Anda."
    assert shown.bring == (
        {"code": "ktp", "name": "KTP Direktur", "original": True, "copies": 1, "stamp_duty": None, "condition": ""},
    )
    assert shown.due_at is None and shown.deadline_text is None, "the clock waits for the hand-over"
    assert decided.facts == () and decided.audit is None


def test_the_arrival_is_a_step_that_keeps_the_list_shown_before() -> None:
    shown = visit(Application(APPLICATION_ID, S.SUBMITTED), CaseCheckedInV1(**CASE, officer_id="loket.tmg")).state
    assert shown.stage == "checked_in" and shown.step.note == "Kedatangan Anda di loket tercatat."
    assert shown.bring is None and shown.due_at is None and shown.deadline_text is None


def test_the_hand_over_starts_the_deadline_the_page_shows() -> None:
    fact = CaseHandedOverV1(**CASE, officer_id="loket.tmg", due_at=DUE, deadline_text="1 x 24 jam")
    shown = visit(Application(APPLICATION_ID, S.SUBMITTED), fact).state
    assert shown.stage == "handed_over"
    assert shown.step.note == "Berkas diterima di loket; tenggat layanan mulai berjalan."
    assert shown.due_at == DUE and shown.deadline_text == "1 x 24 jam" and shown.bring is None
    assert shown.step.status is S.SUBMITTED


def test_an_online_case_shows_its_first_deadline_and_a_counter_case_none_yet() -> None:
    online = CaseOpenedV1(**CASE, due_at=DUE, deadline_text="30 menit")
    assert deadline_shown(online).state == Deadline(APPLICATION_ID, DUE, "30 menit")
    counter = CaseOpenedV1(**CASE)
    assert deadline_shown(counter).state == Deadline(APPLICATION_ID, None, None)
    assert deadline_shown(online).facts == () and deadline_shown(online).audit is None


def test_a_step_is_audited_against_the_application_it_moves() -> None:
    fact = CaseClaimedV1(**CASE, verifier_id="verif.temanggung")
    decided = decide(Application(APPLICATION_ID, S.SUBMITTED), fact)
    assert decided.state.application_id == APPLICATION_ID
    assert decided.audit == AuditEntry(
        AT,
        CASE["actor"],  # type: ignore[arg-type]
        "application",
        str(APPLICATION_ID),
        "verification_started",
        "submitted",
        "in_verification",
        f"event {fact.event_id}",
    )
