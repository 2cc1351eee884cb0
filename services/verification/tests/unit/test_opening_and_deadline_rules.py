"""A case opening from an application, and a clock's timer coming due, checked against the shipped standard.

Temanggung TMG-1 [001] verifies at the counter: the applicant is invited to bring the Berkas Pendukung ("Asli dan
Fotokopi 1 lembar") and the 10-minute clock waits for the hand-over. A reminder tells staff; a breach is also
audited. A timer fires only while its clock still runs towards the instant it was set for.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from contracts.lpse import load_profiles
from contracts.registration import ApplicationSubmittedV1
from contracts.verification import CaseDeadlineApproachingV1, CaseDeadlineBreachedV1, CaseInvitedV1, CaseOpenedV1
from lpse_runtime.decision import AuditEntry
from tests.support import application_submitted
from verification.domain.case import Case, CaseStatus
from verification.domain.deadlines import TIMER_ACTOR, RunningClock, deadline_reached, timer_applies
from verification.domain.opening import OPENER, case_id_of, opening

TEMANGGUNG = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")["temanggung"]
REGISTRATION = TEMANGGUNG.service("registrasi_penyedia")
NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
DUE = NOW + timedelta(minutes=10)
APPLICATION_ID = uuid.UUID(int=7)
PERSEORANGAN_BRINGS = [
    "formulir_keikutsertaan",
    "formulir_pendaftaran",
    "ktp",
    "npwp_orang_pribadi",
    "surat_ijin_usaha",
    "tdp_nib",
    "bukti_lapor_spt_tahunan",
    "sertifikat_keahlian_atau_ijazah",
    "surat_keterangan_domisili",
]


def submitted(**fields: object) -> ApplicationSubmittedV1:
    return application_submitted(
        "temanggung",
        "Bengkel Kuasa Jaya",
        application_id=APPLICATION_ID,
        correlation_id=APPLICATION_ID,
        provider_type="perseorangan_umkm",
        reference="TMG-2612-ABCDEF",
        director_name="Sri Lestari",
        **fields,
    )


def test_one_case_per_application_whatever_delivery_opens_it() -> None:
    assert case_id_of(APPLICATION_ID) == uuid.UUID("1492151b-40d7-5df4-9461-6797082638a0")
    assert case_id_of(uuid.UUID(int=8)) != case_id_of(APPLICATION_ID)


def test_a_counter_case_waits_for_the_visit_and_invites_the_applicant_with_what_to_bring() -> None:
    event = submitted(language="en")
    decided = opening(event, service=REGISTRATION, mode="loket", now=NOW, due_at=None)
    assert decided.state is CaseStatus.AWAITING_VISIT
    opened, invited = decided.facts
    assert isinstance(opened, CaseOpenedV1) and isinstance(invited, CaseInvitedV1)
    for fact in (opened, invited):
        assert (fact.lpse, fact.correlation_id, fact.causation_id) == ("temanggung", APPLICATION_ID, event.event_id)
        assert (fact.occurred_at, fact.actor, fact.case_id) == (NOW, OPENER, case_id_of(APPLICATION_ID))
        assert (fact.application_id, fact.reference) == (APPLICATION_ID, "TMG-2612-ABCDEF")
        assert (fact.applicant_email, fact.director_name, fact.language) == (
            "direktur@contoh.co.id",
            "Sri Lestari",
            "en",
        )
        assert fact.status_url == event.status_url
        assert fact.deadline_text == "paling lambat 10 (sepuluh) menit"
    assert opened.due_at is None, "the clock starts at the hand-over"
    assert invited.service_id == REGISTRATION.id
    assert [d.code for d in invited.bring] == PERSEORANGAN_BRINGS
    assert invited.bring[0].stamp_duty == 10000 and invited.bring[0].copies == 1 and invited.bring[0].original
    assert decided.audit == AuditEntry(
        NOW,
        OPENER,
        "case",
        str(case_id_of(APPLICATION_ID)),
        "open",
        None,
        "awaiting_visit",
        f"event {event.event_id}",
    )


def test_a_proxy_brings_the_power_of_attorney_and_the_proxy_ktp_too() -> None:
    decided = opening(submitted(by_proxy=True), service=REGISTRATION, mode="loket", now=NOW, due_at=None)
    _, invited = decided.facts
    assert isinstance(invited, CaseInvitedV1)
    assert [d.code for d in invited.bring] == [*PERSEORANGAN_BRINGS, "surat_kuasa", "ktp_penerima_kuasa"]


def test_an_online_case_goes_to_the_queue_with_its_first_due_instant_and_no_invitation() -> None:
    decided = opening(submitted(), service=REGISTRATION, mode="unggahan", now=NOW, due_at=DUE)
    assert decided.state is CaseStatus.QUEUED
    (opened,) = decided.facts
    assert isinstance(opened, CaseOpenedV1) and opened.due_at == DUE and opened.language == "id"
    assert decided.audit is not None and decided.audit.after == "queued"


CASE = Case(
    uuid.UUID(int=1),
    APPLICATION_ID,
    "temanggung",
    CaseStatus.IN_REVIEW,
    "TMG-2612-ABCDEF",
    "direktur@contoh.co.id",
    "http://x/daftar/status/t",
    "rina",
    uuid.UUID(int=4),
)
CLOCK = RunningClock(
    "verifikasi", "Verifikasi berkas dan aktivasi akun", "paling lambat 10 (sepuluh) menit", "running", DUE
)


def test_a_timer_fires_only_while_its_clock_runs_towards_the_instant_it_was_set_for() -> None:
    assert timer_applies(CLOCK, DUE)
    assert not timer_applies(CLOCK, DUE - timedelta(minutes=1)), "the clock moved (resumed with a new due)"
    assert not timer_applies(RunningClock("verifikasi", "V", "10 menit", "paused", DUE), DUE)
    assert not timer_applies(RunningClock("verifikasi", "V", "10 menit", "stopped", DUE), DUE)
    assert not timer_applies(None, DUE)


def test_a_breach_is_announced_and_audited_with_the_clock_in_words() -> None:
    decided = deadline_reached(CASE, CLOCK, breach=True, now=DUE)
    assert decided.state is True
    (fact,) = decided.facts
    assert isinstance(fact, CaseDeadlineBreachedV1)
    assert (fact.lpse, fact.correlation_id, fact.actor, fact.occurred_at) == (
        "temanggung",
        APPLICATION_ID,
        TIMER_ACTOR,
        DUE,
    )
    assert (fact.case_id, fact.reference, fact.clock, fact.due_at) == (
        uuid.UUID(int=1),
        "TMG-2612-ABCDEF",
        "verifikasi",
        DUE,
    )
    assert fact.clock_label == "Verifikasi berkas dan aktivasi akun"
    assert TIMER_ACTOR.id == "verification-timers" and TIMER_ACTOR.role == "system"
    assert decided.audit == AuditEntry(
        DUE,
        TIMER_ACTOR,
        "case",
        str(uuid.UUID(int=1)),
        "deadline_breached",
        "in_review",
        "in_review",
        "Verifikasi berkas dan aktivasi akun (paling lambat 10 (sepuluh) menit) jatuh tempo 2026-12-07 02:10:00+00:00",
    )


def test_a_reminder_is_announced_but_not_audited() -> None:
    decided = deadline_reached(CASE, CLOCK, breach=False, now=NOW)
    assert decided.state is False and decided.audit is None
    (fact,) = decided.facts
    assert isinstance(fact, CaseDeadlineApproachingV1) and fact.due_at == DUE and fact.clock == "verifikasi"


def test_a_service_whose_standard_states_no_deadline_opens_a_case_without_one() -> None:
    """Depok's standard gives some services no time limit (README, "services without a time limit carry no clock");
    a registration service like that opens its case with no deadline to show and no due instant."""
    untimed = REGISTRATION.model_copy(update={"clocks": ()})
    decided = opening(submitted(), service=untimed, mode="unggahan", now=NOW, due_at=None)
    (opened,) = decided.facts
    assert isinstance(opened, CaseOpenedV1)
    assert (opened.deadline_text, opened.due_at) == (None, None)
