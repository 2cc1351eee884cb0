"""A case's durable timers follow its clocks on real PostgreSQL: returning the file cancels them, so the old due
instant breaches nothing; the completed file schedules fresh ones counted in working time from the resume; closing
the case cancels every one, and a timer that still comes due after the close changes nothing.

The timer worker runs (polling fast) against a settable clock; the outbox relay does not, so the facts stay readable.
Expected instants are worked out by hand from the LPSE profiles' office hours (deploy/lpse/*.yaml)."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from nats.aio.client import Client

from contracts.envelope import Actor
from contracts.registration import ApplicationResubmittedV1, DocumentRef, ProviderType
from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import Grant, StaffPrincipal
from lpse_runtime.timers import Timer
from tests.support import Infra, application_submitted, eventually, reset_identity, reset_schema, staff_session
from verification.app import create_app
from verification.domain import Finding, ItemResult
from verification.settings import Settings
from verification.usecases import case_actions, intake
from verification.usecases.desk import CaseDesk, Outcome

pytestmark = pytest.mark.integration
WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
# 23-27 November 2026 is a Monday-to-Friday week without a public holiday or cuti bersama.
MONDAY_0900_WIB = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
WEDNESDAY_0900_WIB = datetime(2026, 11, 25, 9, 0, tzinfo=WIB)  # a Magelang case opened Monday 09:00 falls due
RINA = StaffPrincipal(username="rina.magelang", name="Rina", grants=(Grant(role="verifikator", lpse="magelang"),))
SITI = StaffPrincipal(username="siti.banjarmasin", name="Siti", grants=(Grant(role="verifikator", lpse="banjarmasin"),))
LOKET = StaffPrincipal(username="loket.banjarmasin", name="Loket", grants=(Grant(role="helpdesk", lpse="banjarmasin"),))

TimerRow = tuple[str, datetime, datetime | None, datetime | None]  # kind, fire_at, cancelled_at, fired_at


@dataclass
class Desk:
    """The running service's case desk and the clock the test moves."""

    cases: CaseDesk
    clock: SettableClock

    @property
    def pool(self) -> asyncpg.Pool:
        """The service's pool."""
        return self.cases.pool


@pytest.fixture
async def desk(infra: Infra, nc: Client) -> AsyncIterator[Desk]:
    """The verification service with its timer worker and without its relay, on fresh schemas, Monday 09:00 WIB."""
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    for staff in (RINA, SITI, LOKET):
        grants: list[tuple[str, str]] = [(g.role, g.lpse) for g in staff.grants]
        await staff_session(infra, staff.username, grants, now=MONDAY_0900_WIB, full_name=staff.name)
    clock = SettableClock(MONDAY_0900_WIB)
    settings = Settings(database_url=url, nats_url=infra.nats_url, timer_poll_seconds=0.05)
    app = create_app(settings, clock=clock)
    runtime = app.state.runtime
    await runtime.start(relay=False)
    try:
        yield Desk(app.state.case_desk, clock)
    finally:
        await runtime.stop()


async def open_case(desk: Desk, lpse: str, company: str) -> uuid.UUID:
    """An application of the LPSE opens its case now."""
    event = application_submitted(lpse, company, provider_type=ProviderType.BADAN_USAHA_PT)
    async with desk.pool.acquire() as conn, conn.transaction():
        await intake.open_case(conn, event, now=desk.clock.now(), profiles=desk.cases.profiles)
    case_id = await desk.pool.fetchval("SELECT id FROM cases WHERE application_id = $1", event.application_id)
    assert isinstance(case_id, uuid.UUID)
    return case_id


async def timer_rows(pool: asyncpg.Pool) -> list[TimerRow]:
    """Every timer row, by due instant."""
    rows = await pool.fetch("SELECT kind, fire_at, cancelled_at, fired_at FROM timers ORDER BY fire_at, kind")
    return [(r["kind"], r["fire_at"], r["cancelled_at"], r["fired_at"]) for r in rows]


async def deadline_facts(pool: asyncpg.Pool) -> list[tuple[str, datetime]]:
    """Each reminder or breach announced so far: (fact, the due instant it names)."""
    rows = await pool.fetch("SELECT subject, payload FROM outbox WHERE subject LIKE '%.case.deadline_%' ORDER BY id")
    return [(r["subject"].split(".")[3], datetime.fromisoformat(json.loads(r["payload"])["due_at"])) for r in rows]


async def move_clock(desk: Desk, to: datetime) -> None:
    """Set the time and wait until the worker has dealt with every timer due by then (fired in its own commit)."""
    desk.clock.set(to)

    async def none_due() -> bool:
        return bool(
            await desk.pool.fetchval(
                "SELECT count(*) = 0 FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND fire_at <= $1", to
            )
        )

    await eventually(none_due, what=f"the timers due by {to} to be handled")


async def clock_row(pool: asyncpg.Pool, case_id: uuid.UUID) -> dict[str, Any]:
    """What the case's one clock stores."""
    row = await pool.fetchrow(
        "SELECT status, due_at, remaining_seconds, breached_at FROM case_clocks WHERE case_id = $1", case_id
    )
    assert row is not None
    return dict(row)


async def verify_every_document(desk: Desk, case_id: uuid.UUID, staff: StaffPrincipal) -> None:
    """The holder finds every document of the checklist in order."""
    codes = [r["code"] for r in await desk.pool.fetch("SELECT code FROM checklist_items WHERE case_id = $1", case_id)]
    findings = {code: Finding(ItemResult.VERIFIED) for code in codes}
    assert await case_actions.check_documents(desk.cases, case_id, staff, findings, {}) == Outcome()


async def late_timer_fires(desk: Desk, case_id: uuid.UUID, kind: str, fire_at: datetime) -> None:
    """A cancelled timer of the case reaches the handler anyway (a worker that locked it before the change)."""
    row = await desk.pool.fetchrow(
        "SELECT * FROM timers WHERE subject_id = $1 AND kind = $2 AND fire_at = $3", str(case_id), kind, fire_at
    )
    assert row is not None
    timer = Timer(row["id"], row["kind"], row["subject_id"], row["clock"], row["fire_at"], json.loads(row["payload"]))
    async with desk.pool.acquire() as conn, conn.transaction():
        await intake.deadline_due(conn, timer, desk.clock.now())


async def test_a_returned_online_case_breaches_nothing_at_its_old_due_and_resumes_with_fresh_timers(desk: Desk) -> None:
    pool = desk.pool
    case_id = await open_case(desk, "magelang", "PT Kali Elo")
    # Magelang MGL-M, "12 Jam" in working hours; MPP hours Mon-Thu 08-15 with a 12-13 break (6 h a day), Friday
    # 08-15 with an 11:30-13 break (5.5 h). From Monday 09:00 WIB: Mon 3 h + 2 h, Tue 6 h, Wed 08:00 + 1 h
    # → due Wednesday 09:00 WIB. Reminder at 80 % = 9 h 36 min: Mon 5 h, Tue 08-12 4 h, 13:00 + 36 min → Tue 13:36.
    old_reminder, old_due = datetime(2026, 11, 24, 13, 36, tzinfo=WIB), datetime(2026, 11, 25, 9, 0, tzinfo=WIB)
    assert await timer_rows(pool) == [("reminder", old_reminder, None, None), ("breach", old_due, None, None)]

    desk.clock.set(datetime(2026, 11, 23, 10, 50, tzinfo=WIB))
    assert await case_actions.claim(desk.cases, case_id, RINA) == Outcome()
    # Returned Monday 11:00 WIB: 2 working hours used (09-11), 10 left; both pending timers are cancelled then.
    monday_1100 = datetime(2026, 11, 23, 11, 0, tzinfo=WIB)
    desk.clock.set(monday_1100)
    assert await case_actions.return_file(desk.cases, case_id, RINA, "Akta tidak terbaca") == Outcome()
    assert await clock_row(pool, case_id) == {
        "status": "paused",
        "due_at": None,
        "remaining_seconds": 10 * 3600,
        "breached_at": None,
    }
    assert await timer_rows(pool) == [
        ("reminder", old_reminder, monday_1100, None),
        ("breach", old_due, monday_1100, None),
    ]

    # Wednesday 10:00 WIB, an hour past the old due instant, the file still with the applicant: nothing fires.
    await move_clock(desk, datetime(2026, 11, 25, 10, 0, tzinfo=WIB))
    assert await deadline_facts(pool) == []
    assert await clock_row(pool, case_id) == {
        "status": "paused",
        "due_at": None,
        "remaining_seconds": 10 * 3600,
        "breached_at": None,
    }
    assert await timer_rows(pool) == [
        ("reminder", old_reminder, monday_1100, None),
        ("breach", old_due, monday_1100, None),
    ]

    # The applicant completes the file Thursday 09:00 WIB with 10 working hours left: Thu 09-12 3 h + 13-15 2 h,
    # Fri 08:00-11:30 3.5 h (8.5 h), 13:00 + 1.5 h → due Friday 14:30 WIB. The reminder comes at 80 % of the
    # 10 h left, 8 h after the resume: Thu 5 h, Fri 08:00 + 3 h → Friday 11:00 WIB.
    thursday_0900 = datetime(2026, 11, 26, 9, 0, tzinfo=WIB)
    new_reminder, new_due = datetime(2026, 11, 27, 11, 0, tzinfo=WIB), datetime(2026, 11, 27, 14, 30, tzinfo=WIB)
    desk.clock.set(thursday_0900)
    application_id = await pool.fetchval("SELECT application_id FROM cases WHERE id = $1", case_id)
    resubmitted = ApplicationResubmittedV1(
        occurred_at=thursday_0900,
        lpse="magelang",
        correlation_id=application_id,
        actor=Actor(id="direktur@contoh.co.id", role="penyedia"),
        application_id=application_id,
        documents=(
            DocumentRef(
                code="akta_pendirian", filename="akta.pdf", content_type="application/pdf", size=10, sha256="0" * 64
            ),
        ),
    )
    async with pool.acquire() as conn, conn.transaction():
        await intake.take_back(conn, resubmitted, now=thursday_0900, profiles=desk.cases.profiles)
    assert await clock_row(pool, case_id) == {
        "status": "running",
        "due_at": new_due,
        "remaining_seconds": None,
        "breached_at": None,
    }
    assert await timer_rows(pool) == [
        ("reminder", old_reminder, monday_1100, None),
        ("breach", old_due, monday_1100, None),
        ("reminder", new_reminder, None, None),
        ("breach", new_due, None, None),
    ]
    resumed = await pool.fetchval("SELECT payload FROM outbox WHERE subject LIKE '%.case.resumed.%'")
    assert datetime.fromisoformat(json.loads(resumed)["due_at"]) == new_due
    # The old breach timer reaching the handler now (locked before the return) finds its clock running towards
    # another instant: it announces nothing.
    await late_timer_fires(desk, case_id, "breach", old_due)
    assert await deadline_facts(pool) == []
    assert (await clock_row(pool, case_id))["breached_at"] is None

    # Thursday at closing nothing is due yet; the reminder comes Friday 11:00, the breach Friday 14:30, once each.
    await move_clock(desk, datetime(2026, 11, 26, 15, 0, tzinfo=WIB))
    assert await deadline_facts(pool) == []
    await move_clock(desk, new_reminder)
    assert await deadline_facts(pool) == [("deadline_approaching", new_due)]
    await move_clock(desk, new_due)
    assert await deadline_facts(pool) == [("deadline_approaching", new_due), ("deadline_breached", new_due)]
    assert (await clock_row(pool, case_id))["breached_at"] == new_due
    assert await pool.fetchval("SELECT count(*) FROM audit_log WHERE action = 'deadline_breached'") == 1
    assert [(kind, fired) for kind, _, _, fired in await timer_rows(pool)] == [
        ("reminder", None),
        ("breach", None),
        ("reminder", new_reminder),
        ("breach", new_due),
    ]


async def test_a_counter_case_resumed_at_the_counter_counts_from_the_resume_and_activation_cancels_its_timers(
    desk: Desk,
) -> None:
    pool = desk.pool
    desk.clock.set(datetime(2026, 11, 23, 9, 30, tzinfo=WITA))
    case_id = await open_case(desk, "banjarmasin", "PT Sungai Martapura")
    assert await timer_rows(pool) == [], "a counter case has no clock before its file is handed over"
    # Banjarmasin BJM-1, "30 menit" in working minutes from the hand-over; assumed hours Mon-Thu 08-16 with a
    # 12-13 break, Friday 08-16 with an 11:30-13 break (WITA). Handed over Monday 10:00 WITA → due 10:30,
    # reminder at 80 % (24 min) → 10:24.
    desk.clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=WITA))
    assert await case_actions.check_in(desk.cases, case_id, LOKET) == Outcome()
    assert await case_actions.hand_over(desk.cases, case_id, LOKET) == Outcome()
    old_reminder, old_due = datetime(2026, 11, 23, 10, 24, tzinfo=WITA), datetime(2026, 11, 23, 10, 30, tzinfo=WITA)
    assert await timer_rows(pool) == [("reminder", old_reminder, None, None), ("breach", old_due, None, None)]

    desk.clock.set(datetime(2026, 11, 23, 10, 5, tzinfo=WITA))
    assert await case_actions.claim(desk.cases, case_id, SITI) == Outcome()
    # Returned at the counter Monday 10:10 WITA with 20 working minutes left.
    monday_1010 = datetime(2026, 11, 23, 10, 10, tzinfo=WITA)
    desk.clock.set(monday_1010)
    assert (
        await case_actions.return_file(desk.cases, case_id, SITI, "Akta perubahan terakhir belum dibawa") == Outcome()
    )
    assert (await clock_row(pool, case_id))["remaining_seconds"] == 20 * 60
    await move_clock(desk, datetime(2026, 11, 23, 10, 45, tzinfo=WITA))
    assert await deadline_facts(pool) == []
    assert await timer_rows(pool) == [
        ("reminder", old_reminder, monday_1010, None),
        ("breach", old_due, monday_1010, None),
    ]

    # The applicant brings the file back Friday 11:20 WITA, 20 minutes left: 11:20-11:30 (10 min), the Friday
    # break 11:30-13:00 does not count, 13:00 + 10 min → due Friday 13:10 WITA. Reminder at 80 % of the 20 min
    # left (16 min): 10 min before the break, 13:00 + 6 min → Friday 13:06 WITA.
    desk.clock.set(datetime(2026, 11, 27, 11, 20, tzinfo=WITA))
    assert await case_actions.resume(desk.cases, case_id, SITI) == Outcome()
    new_reminder, new_due = datetime(2026, 11, 27, 13, 6, tzinfo=WITA), datetime(2026, 11, 27, 13, 10, tzinfo=WITA)
    assert (await clock_row(pool, case_id))["due_at"] == new_due
    assert [(kind, at, cancelled) for kind, at, cancelled, _ in await timer_rows(pool)] == [
        ("reminder", old_reminder, monday_1010),
        ("breach", old_due, monday_1010),
        ("reminder", new_reminder, None),
        ("breach", new_due, None),
    ]

    # Activated Friday 11:25 WITA: the clock stops and every pending timer is cancelled at that instant.
    friday_1125 = datetime(2026, 11, 27, 11, 25, tzinfo=WITA)
    desk.clock.set(friday_1125)
    await verify_every_document(desk, case_id, SITI)
    assert await case_actions.approve(desk.cases, case_id, SITI) == Outcome()
    assert await pool.fetchval("SELECT status FROM cases WHERE id = $1", case_id) == "activated"
    assert [(kind, at, cancelled) for kind, at, cancelled, _ in await timer_rows(pool)] == [
        ("reminder", old_reminder, monday_1010),
        ("breach", old_due, monday_1010),
        ("reminder", new_reminder, friday_1125),
        ("breach", new_due, friday_1125),
    ]
    await move_clock(desk, datetime(2026, 11, 27, 13, 15, tzinfo=WITA))
    assert await deadline_facts(pool) == []
    assert await pool.fetchval("SELECT count(*) FROM timers WHERE fired_at IS NOT NULL") == 0

    # A breach timer that reaches the handler after the close (locked just before it) is a no-op.
    before = (await pool.fetchval("SELECT count(*) FROM outbox"), await pool.fetchval("SELECT count(*) FROM audit_log"))
    await late_timer_fires(desk, case_id, "breach", new_due)
    assert (
        await pool.fetchval("SELECT count(*) FROM outbox"),
        await pool.fetchval("SELECT count(*) FROM audit_log"),
    ) == before
    assert (await clock_row(pool, case_id))["status"] == "stopped"
    assert (await clock_row(pool, case_id))["breached_at"] is None


async def test_rejecting_a_case_cancels_its_timers_and_a_late_timer_changes_nothing(desk: Desk) -> None:
    pool = desk.pool
    case_id = await open_case(desk, "magelang", "PT Tidak Lolos")
    desk.clock.set(datetime(2026, 11, 23, 9, 10, tzinfo=WIB))
    assert await case_actions.claim(desk.cases, case_id, RINA) == Outcome()
    monday_0930 = datetime(2026, 11, 23, 9, 30, tzinfo=WIB)
    desk.clock.set(monday_0930)
    assert await case_actions.reject(desk.cases, case_id, RINA, "NIB tidak terdaftar di OSS") == Outcome()
    # Opened Monday 09:00 WIB (reminder Tuesday 13:36, breach Wednesday 09:00, as above), rejected 09:30.
    assert await timer_rows(pool) == [
        ("reminder", datetime(2026, 11, 24, 13, 36, tzinfo=WIB), monday_0930, None),
        ("breach", datetime(2026, 11, 25, 9, 0, tzinfo=WIB), monday_0930, None),
    ]
    assert (await clock_row(pool, case_id))["status"] == "stopped"

    await move_clock(desk, datetime(2026, 11, 25, 9, 5, tzinfo=WIB))
    assert await deadline_facts(pool) == []
    before = (await pool.fetchval("SELECT count(*) FROM outbox"), await pool.fetchval("SELECT count(*) FROM audit_log"))
    await late_timer_fires(desk, case_id, "reminder", datetime(2026, 11, 24, 13, 36, tzinfo=WIB))
    await late_timer_fires(desk, case_id, "breach", datetime(2026, 11, 25, 9, 0, tzinfo=WIB))
    assert (
        await pool.fetchval("SELECT count(*) FROM outbox"),
        await pool.fetchval("SELECT count(*) FROM audit_log"),
    ) == before
    assert await clock_row(pool, case_id) == {
        "status": "stopped",
        "due_at": datetime(2026, 11, 25, 9, 0, tzinfo=WIB),
        "remaining_seconds": None,
        "breached_at": None,
    }


@pytest.mark.parametrize(
    ("action", "status", "clock_after"),
    [
        (
            "reject",
            "rejected",
            {"status": "stopped", "due_at": WEDNESDAY_0900_WIB, "remaining_seconds": None},
        ),
        ("return_file", "returned", {"status": "paused", "due_at": None, "remaining_seconds": 0}),
    ],
)
async def test_a_close_or_return_racing_a_breach_being_fired_waits_for_it_instead_of_deadlocking(
    desk: Desk, action: str, status: str, clock_after: dict[str, Any]
) -> None:
    pool = desk.pool
    case_id = await open_case(desk, "magelang", "PT Detik Terakhir")
    desk.clock.set(datetime(2026, 11, 23, 9, 10, tzinfo=WIB))
    assert await case_actions.claim(desk.cases, case_id, RINA) == Outcome()
    await move_clock(desk, datetime(2026, 11, 24, 14, 0, tzinfo=WIB))  # past the reminder (Tuesday 13:36 WIB)
    due = WEDNESDAY_0900_WIB

    async with pool.acquire() as worker, worker.transaction():
        # A timer worker has locked the breach due Wednesday 09:00 WIB and is about to announce it...
        row = await worker.fetchrow("SELECT * FROM timers WHERE kind = 'breach' FOR UPDATE")
        timer = Timer(
            row["id"], row["kind"], row["subject_id"], row["clock"], row["fire_at"], json.loads(row["payload"])
        )
        desk.clock.set(due)
        # ...when the verifier rejects or returns the case at that same instant.
        act = getattr(case_actions, action)
        acting = asyncio.create_task(act(desk.cases, case_id, RINA, "NIB tidak aktif"))

        async def action_waits_on_the_timer() -> bool:
            return bool(
                await pool.fetchval(
                    """SELECT count(*) > 0 FROM pg_stat_activity
                       WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE timers SET cancelled_at%'"""
                )
            )

        await eventually(action_waits_on_the_timer, what=f"the {action} to wait for the timer being fired")
        await intake.deadline_due(worker, timer, due)
        await worker.execute("UPDATE timers SET fired_at = $2 WHERE id = $1", timer.id, due)

    # The breach was due while the case was open, so it stands; the action then moves the case and its clock.
    assert await asyncio.wait_for(acting, timeout=20) == Outcome()
    assert await pool.fetchval("SELECT status FROM cases WHERE id = $1", case_id) == status
    assert await deadline_facts(pool) == [("deadline_approaching", due), ("deadline_breached", due)]
    assert await clock_row(pool, case_id) == {**clock_after, "breached_at": due}
    assert await pool.fetchval("SELECT count(*) FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL") == 0
