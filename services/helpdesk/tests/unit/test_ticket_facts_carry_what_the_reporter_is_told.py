"""What each ticket step publishes, field by field, written out from the README's *Tickets and the ladder* and the
Temanggung profile (`deploy/lpse/temanggung.yaml`: Helpdesk LPSE → Admin PPE → Helpdesk LKPP, its LKPP note)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from contracts.envelope import Actor, Event
from helpdesk.domain import TicketStatus, Trigger, decide
from helpdesk.domain.facts import with_due, with_paused_seconds
from services.helpdesk.tests.unit.ticket_kit import (
    ADMIN,
    AT,
    HELPDESK,
    LKPP,
    NOTE_TO_LKPP,
    REPORTER,
    attempt,
    ticket,
)

S, T = TicketStatus, Trigger
SYSTEM = Actor(id="system", role="system")
TICKET_ID = uuid.UUID(int=9)
MESSAGE_ID = uuid.UUID(int=1)
REOPEN_UNTIL = datetime(2026, 12, 9, 10, 0, tzinfo=UTC)
TMG_LKPP_NOTE = "Batas waktu 5 hari tidak berlaku apabila kendala perlu ditindaklanjuti ke Helpdesk LKPP."


def about(actor: Actor, level: str, **fields: Any) -> dict[str, Any]:
    """The envelope and the ticket's own fields every fact of the kit's ticket carries."""
    return {
        "occurred_at": AT,
        "lpse": "temanggung",
        "correlation_id": TICKET_ID,
        "causation_id": None,
        "actor": {"id": actor.id, "role": actor.role},
        "ticket_id": TICKET_ID,
        "reference": "TIK-TMG-1",
        "category": "masalah_spse",
        "service_id": "TMG-9",
        "level": level,
        "reporter_email": "pelapor@contoh.co.id",
        "language": "id",
        "status_url": "sealed",
        **fields,
    }


def published(facts: tuple[Event, ...]) -> list[tuple[str, dict[str, Any]]]:
    """Each fact's kind and every field but its random id."""
    return [(type(f).__name__, f.model_dump(exclude={"event_id"})) for f in facts]


def test_the_first_claim_at_a_level_tells_the_reporter_who_and_which_desk() -> None:
    step = decide(ticket(), attempt(T.CLAIM, HELPDESK))
    assert published(step.decided.facts) == [
        (
            "TicketClaimedV1",
            about(HELPDESK, "helpdesk", staff_id="helpdesk.temanggung", level_label="Helpdesk LPSE"),
        )
    ]
    assert step.decided.state.claimed_levels == ("helpdesk",)


def test_a_claim_at_the_next_level_is_told_again_with_that_levels_label_from_the_profile() -> None:
    queued = ticket(level="admin_ppe", level_label="(lama)", claimed_levels=("helpdesk",))
    step = decide(queued, attempt(T.CLAIM, ADMIN))
    assert published(step.decided.facts) == [
        ("TicketClaimedV1", about(ADMIN, "admin_ppe", staff_id="adminppe.temanggung", level_label="Admin PPE"))
    ]
    assert step.decided.state.claimed_levels == ("helpdesk", "admin_ppe")
    assert step.decided.state.level_label == "Admin PPE"


def test_a_reply_says_who_wrote_it_and_which_message() -> None:
    staff = decide(ticket(S.IN_PROGRESS), attempt(T.REPLY, HELPDESK)).decided.facts
    reporter = decide(ticket(S.INFO_REQUESTED), attempt(T.REPORTER_REPLY, REPORTER)).decided.facts
    assert published(staff) == [
        ("TicketRepliedV1", about(HELPDESK, "helpdesk", message_id=MESSAGE_ID, by="petugas", due_at=None))
    ]
    assert published(reporter) == [
        ("TicketRepliedV1", about(REPORTER, "helpdesk", message_id=MESSAGE_ID, by="pelapor", due_at=None))
    ]


def test_an_info_request_names_its_message_and_later_the_working_time_kept() -> None:
    facts = decide(ticket(S.IN_PROGRESS), attempt(T.REQUEST_INFO, HELPDESK)).decided.facts
    expected = about(HELPDESK, "helpdesk", message_id=MESSAGE_ID, paused_remaining_seconds=None)
    assert published(facts) == [("TicketInfoRequestedV1", expected)]
    kept = with_paused_seconds(facts, 7200.0)
    assert published(kept) == [("TicketInfoRequestedV1", {**expected, "paused_remaining_seconds": 7200.0})]


def escalation(actor: Actor, **fields: Any) -> dict[str, Any]:
    """An escalation carries the ticket's fields without `level` (it has from/to instead)."""
    base = about(actor, "-")
    del base["level"]
    return {
        **base,
        "due_at": None,
        "clock_note": "",
        "summary": None,
        "lkpp_note": None,
        "reporter_role": None,
        "opened_at": None,
        **fields,
    }


def test_a_local_escalation_names_both_levels_and_the_next_desks_label_but_nothing_for_lkpp() -> None:
    step = decide(ticket(S.IN_PROGRESS), attempt(T.ESCALATE, HELPDESK))
    assert published(step.decided.facts) == [
        (
            "TicketEscalatedV1",
            escalation(HELPDESK, from_level="helpdesk", to_level="admin_ppe", to_label="Admin PPE"),
        )
    ]


def test_forwarding_to_lkpp_carries_the_summary_the_note_the_reporters_role_and_since_when() -> None:
    held = ticket(S.IN_PROGRESS, level="admin_ppe", level_label="Admin PPE", holder=ADMIN.id)
    step = decide(held, attempt(T.FORWARD_TO_LKPP, ADMIN))
    assert published(step.decided.facts) == [
        (
            "TicketEscalatedV1",
            escalation(
                ADMIN,
                from_level="admin_ppe",
                to_level="lkpp",
                to_label="Helpdesk LKPP",
                clock_note=TMG_LKPP_NOTE,
                summary="Gagal unggah",
                lkpp_note=NOTE_TO_LKPP,
                reporter_role="penyedia",
                opened_at=AT,
            ),
        )
    ]
    after = step.decided.state
    assert (after.status, after.level, after.level_label, after.forwarded_from, after.clock_note) == (
        S.AT_LKPP,
        "lkpp",
        "Helpdesk LKPP",
        "admin_ppe",
        TMG_LKPP_NOTE,
    )
    assert (after.holder, after.lease_until) == (None, None)


def test_an_escalation_carries_at_most_the_500_characters_its_contract_allows_of_the_clock_note() -> None:
    long_note = "x" * 600
    step = decide(ticket(S.IN_PROGRESS, clock_note=long_note), attempt(T.ESCALATE, HELPDESK))
    assert step.decided.facts[0].clock_note == "x" * 500  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("actor", "source"), [(LKPP, "callback"), (SYSTEM, "gateway"), (ADMIN, "petugas")], ids=["lkpp", "system", "staff"]
)
def test_lkpps_answer_says_its_result_and_how_it_arrived(actor: Actor, source: str) -> None:
    at_lkpp = ticket(S.AT_LKPP, clock_note=TMG_LKPP_NOTE)
    step = decide(at_lkpp, attempt(T.LKPP_ANSWER, actor, result="dikembalikan", lkpp_ref="LKPP-77"))
    assert published(step.decided.facts) == [
        (
            "TicketAnsweredByLkppV1",
            about(actor, "admin_ppe", lkpp_ref="LKPP-77", result="dikembalikan", source=source),
        )
    ]
    after = step.decided.state
    assert (after.level, after.level_label, after.clock_note, after.lkpp_ref, after.holder) == (
        "admin_ppe",
        "Admin PPE",
        "",
        "LKPP-77",
        None,
    )


def test_lkpps_reference_from_the_forward_is_kept_over_a_later_one() -> None:
    at_lkpp = ticket(S.AT_LKPP, lkpp_ref="LKPP-1")
    step = decide(at_lkpp, attempt(T.LKPP_ANSWER, LKPP, lkpp_ref="LKPP-2"))
    assert step.decided.facts[0].lkpp_ref == "LKPP-1"  # type: ignore[attr-defined]
    assert step.decided.state.lkpp_ref == "LKPP-1"


def test_an_answer_without_a_forwarding_level_stays_at_the_level_it_has() -> None:
    at_lkpp = ticket(S.AT_LKPP, forwarded_from=None)
    step = decide(at_lkpp, attempt(T.LKPP_ANSWER, LKPP))
    assert step.decided.state.level == "lkpp"


@pytest.mark.parametrize("within", [True, False, None])
def test_a_resolution_says_at_which_level_whether_in_time_and_until_when_it_reopens(within: bool | None) -> None:
    held = ticket(S.IN_PROGRESS, level="admin_ppe", level_label="Admin PPE", holder=ADMIN.id)
    step = decide(held, attempt(T.RESOLVE, ADMIN, within_deadline=within, reopen_until=REOPEN_UNTIL))
    assert published(step.decided.facts) == [
        (
            "TicketResolvedV1",
            about(ADMIN, "admin_ppe", resolved_level="admin_ppe", within_deadline=within, reopen_until=REOPEN_UNTIL),
        )
    ]
    after = step.decided.state
    assert (after.status, after.resolved_level, after.reopen_until) == (S.RESOLVED, "admin_ppe", REOPEN_UNTIL)


def test_a_reopen_counts_itself_and_goes_back_to_the_level_that_resolved_it() -> None:
    resolved = ticket(
        S.RESOLVED,
        level="admin_ppe",
        level_label="Admin PPE",
        resolved_level="admin_ppe",
        reopen_count=1,
        forwarded_from="admin_ppe",
    )
    step = decide(resolved, attempt(T.REOPEN, REPORTER))
    assert published(step.decided.facts) == [
        ("TicketReopenedV1", about(REPORTER, "admin_ppe", reopen_count=2, due_at=None))
    ]
    after = step.decided.state
    assert (after.reopen_count, after.reopen_until, after.forwarded_from, after.level) == (2, None, None, "admin_ppe")


def test_a_reopen_without_a_resolving_level_stays_where_it_is() -> None:
    resolved = ticket(S.RESOLVED, level="admin_ppe", level_label="Admin PPE", resolved_level=None)
    assert decide(resolved, attempt(T.REOPEN, REPORTER)).decided.state.level == "admin_ppe"


@pytest.mark.parametrize(
    ("status", "actor", "reason_given", "closed_by", "reason"),
    [
        (S.RESOLVED, REPORTER, None, "pelapor", "selesai"),
        (S.RESOLVED, SYSTEM, None, "sistem", "batas_buka_kembali"),
        (S.RESOLVED, HELPDESK, "duplikat", "petugas", "selesai"),
        (S.IN_PROGRESS, HELPDESK, "duplikat", "petugas", "duplikat"),
        (S.QUEUED, HELPDESK, "di_luar_layanan", "petugas", "di_luar_layanan"),
        (S.INFO_REQUESTED, HELPDESK, "tidak_ada_tanggapan", "petugas", "tidak_ada_tanggapan"),
    ],
)
def test_a_close_says_by_whom_why_and_carries_the_survey_invitation(
    status: TicketStatus, actor: Actor, reason_given: str | None, closed_by: str, reason: str
) -> None:
    step = decide(ticket(status), attempt(T.CLOSE, actor, close_reason=reason_given, survey_url="sealed-survey"))
    assert published(step.decided.facts) == [
        ("TicketClosedV1", about(actor, "helpdesk", closed_by=closed_by, reason=reason, survey_url="sealed-survey"))
    ]
    assert step.decided.state.closed_at == AT


def test_a_close_without_a_survey_link_publishes_none() -> None:
    step = decide(ticket(S.RESOLVED), attempt(T.CLOSE, REPORTER, close_reason=None, survey_url=None))
    assert step.decided.facts[0].survey_url is None  # type: ignore[attr-defined]


def test_a_rating_carries_the_reporters_score() -> None:
    step = decide(ticket(S.CLOSED), attempt(T.RATE, REPORTER, rating=2))
    assert published(step.decided.facts) == [("TicketRatedV1", about(REPORTER, "helpdesk", rating=2))]


def test_release_and_note_publish_nothing() -> None:
    assert decide(ticket(S.IN_PROGRESS), attempt(T.RELEASE, HELPDESK)).decided.facts == ()
    assert decide(ticket(S.IN_PROGRESS), attempt(T.NOTE, HELPDESK)).decided.facts == ()


def test_the_new_due_instant_goes_on_replies_reopens_and_escalations_only() -> None:
    due = datetime(2026, 12, 9, 2, 0, tzinfo=UTC)
    replied = decide(ticket(S.IN_PROGRESS), attempt(T.REPLY, HELPDESK)).decided.facts
    reopened = decide(ticket(S.RESOLVED), attempt(T.REOPEN, REPORTER)).decided.facts
    escalated = decide(ticket(S.IN_PROGRESS), attempt(T.ESCALATE, HELPDESK)).decided.facts
    claimed = decide(ticket(), attempt(T.CLAIM, HELPDESK)).decided.facts
    moved = with_due((*replied, *reopened, *escalated, *claimed), due)
    assert [getattr(f, "due_at", "none") for f in moved] == [due, due, due, "none"]
    assert moved[3] is claimed[0]
    kept = with_due((*replied, *claimed), None)
    assert [getattr(f, "due_at", "none") for f in kept] == [None, "none"]


def test_the_working_time_kept_goes_on_the_info_request_only() -> None:
    asked = decide(ticket(S.IN_PROGRESS), attempt(T.REQUEST_INFO, HELPDESK)).decided.facts
    replied = decide(ticket(S.IN_PROGRESS), attempt(T.REPLY, HELPDESK)).decided.facts
    moved = with_paused_seconds((*replied, *asked), 60.0)
    assert moved[0] is replied[0]
    assert moved[1].paused_remaining_seconds == 60.0  # type: ignore[attr-defined]
    assert with_paused_seconds(asked, None)[0].paused_remaining_seconds is None  # type: ignore[attr-defined]


def test_a_reporters_reply_renews_the_holders_lease_and_an_unheld_ticket_stays_unheld() -> None:
    later = AT + timedelta(minutes=10)
    held = decide(ticket(S.IN_PROGRESS), attempt(T.REPORTER_REPLY, REPORTER, now=later)).decided.state
    assert (held.holder, held.lease_until) == ("helpdesk.temanggung", later + timedelta(minutes=30))
    unheld = decide(ticket(S.QUEUED), attempt(T.REPORTER_REPLY, REPORTER, now=later)).decided.state
    assert (unheld.holder, unheld.lease_until) == (None, None)


def test_only_a_claim_marks_its_level_as_claimed() -> None:
    replied = decide(ticket(S.IN_PROGRESS, claimed_levels=()), attempt(T.REPLY, HELPDESK)).decided.state
    assert replied.claimed_levels == ()


def test_a_reopened_ticket_escalated_since_stays_at_its_new_level_when_replied_to() -> None:
    reopened = ticket(
        S.IN_PROGRESS, level="admin_ppe", level_label="Admin PPE", holder=ADMIN.id, resolved_level="helpdesk"
    )
    after = decide(reopened, attempt(T.REPLY, ADMIN)).decided.state
    assert (after.level, after.level_label) == ("admin_ppe", "Admin PPE")
