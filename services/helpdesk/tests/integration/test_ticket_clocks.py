"""The ticket's clocks over real PostgreSQL and the durable timers, at instants computed by hand from the shipped
profiles: due dates, the pause while the reporter is asked, the stop at LKPP, the breach fact
once across two workers, and the auto-close once at the end of the reopen window."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from helpdesk.domain import EscalateForm, ReopenForm, ReplyForm, RequestInfoForm, ResolveForm, Trigger
from helpdesk.handlers import timer_handler
from helpdesk.usecases import desk, following
from lpse_runtime.clock import SettableClock
from lpse_runtime.timers import TimerWorker
from services.helpdesk.tests.fixtures_b import PROFILES, SETTINGS, open_ticket, staff

pytestmark = pytest.mark.integration
WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")
TMG, DPK, BJM = PROFILES["temanggung"], PROFILES["depok"], PROFILES["banjarmasin"]
HELPDESK_TMG = staff("helpdesk.temanggung", "helpdesk")


async def timers_of(pool: asyncpg.Pool) -> list[tuple[str, str, datetime, bool]]:
    rows = await pool.fetch(
        "SELECT kind, clock, fire_at, cancelled_at IS NOT NULL AS cancelled FROM timers ORDER BY fire_at, kind"
    )
    return [(r["kind"], r["clock"], r["fire_at"], r["cancelled"]) for r in rows]


async def subjects(pool: asyncpg.Pool) -> list[str]:
    return [r["subject"].split(".", 2)[2] for r in await pool.fetch("SELECT subject FROM outbox ORDER BY id")]


async def test_tmg9_opened_friday_before_hut_ri_is_due_monday_24_august_1300(pool: asyncpg.Pool) -> None:
    # Fri 14 Aug 2026 13:00 WIB; Sat, Sun closed; Mon 17 Aug HUT RI; Tue 18 = day 1 … Mon 24 = day 5.
    opened = datetime(2026, 8, 14, 13, 0, tzinfo=WIB)
    await open_ticket(pool, "temanggung", opened)
    row = await pool.fetchrow("SELECT due_at, status, deadline_text FROM case_clocks")
    assert (row["due_at"], row["status"]) == (datetime(2026, 8, 24, 13, 0, tzinfo=WIB), "running")
    assert await pool.fetchval("SELECT queue_due FROM tickets") == datetime(2026, 8, 24, 13, 0, tzinfo=WIB)
    kinds = [(k, c, at) for k, c, at, _ in await timers_of(pool)]
    assert kinds[-1] == ("breach", "penyelesaian", datetime(2026, 8, 24, 13, 0, tzinfo=WIB))
    assert kinds[0][0] == "reminder" and kinds[0][2] < kinds[-1][2]


async def test_bjm7_opened_friday_1430_wita_is_due_monday_24_august_1430_wita(pool: asyncpg.Pool) -> None:
    await open_ticket(pool, "banjarmasin", datetime(2026, 8, 14, 14, 30, tzinfo=WITA))
    assert await pool.fetchval("SELECT due_at FROM case_clocks") == datetime(2026, 8, 24, 14, 30, tzinfo=WITA)


async def test_depok_asked_for_information_resumes_to_the_next_opening(pool: asyncpg.Pool) -> None:
    """DPK-1c: opened Wed 9 Dec 2026 10:00 WIB (due Thu 10:00); asked Wed 11:00 (23 h left); answered Thu 15:00:
    the 23 hours end Fri 14:00 while the desk is closed, so the due is Mon 14 Dec 2026 09:00 WIB."""
    opened = datetime(2026, 12, 9, 10, 0, tzinfo=WIB)
    receipt = await open_ticket(pool, "depok", opened)
    helpdesk = staff("helpdesk.depok", "helpdesk")
    tid, token = receipt.ticket_id, receipt.status_path.rsplit("/", 1)[-1]
    assert await pool.fetchval("SELECT due_at FROM case_clocks") == datetime(2026, 12, 10, 10, 0, tzinfo=WIB)
    asked = datetime(2026, 12, 9, 11, 0, tzinfo=WIB)
    await desk.act(pool, DPK, tid, "claim", actor=helpdesk, form=None, now=asked, settings=SETTINGS)
    ask = RequestInfoForm(text="Sebutkan kode tender.")
    await desk.act(pool, DPK, tid, "request_info", actor=helpdesk, form=ask, now=asked, settings=SETTINGS)
    paused = await pool.fetchrow("SELECT status, due_at, remaining_seconds FROM case_clocks")
    assert tuple(paused) == ("paused", None, 23 * 3600)
    assert await pool.fetchval("SELECT queue_due = 'infinity' FROM tickets")  # a paused ticket has no running due
    assert all(cancelled for *_, cancelled in await timers_of(pool))
    answered = datetime(2026, 12, 10, 15, 0, tzinfo=WIB)
    reply = ReplyForm(text="Kode tender 10034567000.")
    await following.act_as_reporter(pool, DPK, token, "reporter_reply", form=reply, now=answered, settings=SETTINGS)
    monday = datetime(2026, 12, 14, 9, 0, tzinfo=WIB)
    assert await pool.fetchval("SELECT due_at FROM case_clocks") == monday
    replied = json.loads(await pool.fetchval("SELECT payload FROM outbox WHERE subject LIKE '%.replied.v1'"))
    assert (replied["by"], datetime.fromisoformat(replied["due_at"])) == ("pelapor", monday)
    info = json.loads(await pool.fetchval("SELECT payload FROM outbox WHERE subject LIKE '%.info_requested.v1'"))
    assert info["paused_remaining_seconds"] == 23 * 3600


async def test_forwarding_to_lkpp_stops_the_clocks_and_cancels_their_timers(pool: asyncpg.Pool) -> None:
    opened = datetime(2026, 12, 9, 10, 0, tzinfo=WIB)
    receipt = await open_ticket(pool, "depok", opened)
    helpdesk = staff("helpdesk.depok", "helpdesk")
    await desk.act(pool, DPK, receipt.ticket_id, "claim", actor=helpdesk, form=None, now=opened, settings=SETTINGS)
    form = EscalateForm(reason="Galat aplikasi pusat.", lkpp_note="Galat 500 saat unggah penawaran pada SPSE.")
    await desk.act(pool, DPK, receipt.ticket_id, "escalate", actor=helpdesk, form=form, now=opened, settings=SETTINGS)
    assert await pool.fetchval("SELECT status FROM case_clocks") == "stopped"
    assert [cancelled for *_, cancelled in await timers_of(pool)] == [True, True]
    assert await pool.fetchval("SELECT status FROM tickets") == "at_lkpp"


async def test_the_breach_fact_is_written_once_across_two_workers(pool: asyncpg.Pool) -> None:
    opened = datetime(2026, 8, 14, 13, 0, tzinfo=WIB)
    await open_ticket(pool, "temanggung", opened)
    clock = SettableClock(datetime(2026, 8, 24, 13, 1, tzinfo=WIB))  # a minute past the due instant
    on_fire = timer_handler(PROFILES, SETTINGS)
    workers = [TimerWorker(pool, clock, on_fire) for _ in range(2)]
    await asyncio.gather(*(w.fire_due() for w in workers))
    await asyncio.gather(*(w.fire_due() for w in workers))
    assert await subjects(pool) == [
        "ticket.opened.v1",
        "ticket.deadline_approaching.v1",
        "ticket.deadline_breached.v1",
    ]
    breach = json.loads(await pool.fetchval("SELECT payload FROM outbox WHERE subject LIKE '%.deadline_breached.v1'"))
    due = datetime.fromisoformat(breach["due_at"])
    assert (breach["clock"], due, breach["level"]) == (
        "penyelesaian",
        datetime(2026, 8, 24, 13, 0, tzinfo=WIB),
        "helpdesk",
    )


async def test_a_resolved_ticket_closes_itself_once_when_the_reopen_window_ends(pool: asyncpg.Pool) -> None:
    """BJM-7 calendar: resolved Fri 14 Aug 2026 14:30 WITA, reopenable 5 hari kerja until Mon 24 Aug 14:30 WITA."""
    resolved_at = datetime(2026, 8, 14, 14, 30, tzinfo=WITA)
    receipt = await open_ticket(pool, "banjarmasin", resolved_at - timedelta(hours=1))
    helpdesk = staff("helpdesk.banjarmasin", "helpdesk")
    await desk.act(pool, BJM, receipt.ticket_id, "claim", actor=helpdesk, form=None, now=resolved_at, settings=SETTINGS)
    done = ResolveForm(text="Akun sudah dibuka kembali.")
    await desk.act(
        pool, BJM, receipt.ticket_id, Trigger.RESOLVE, actor=helpdesk, form=done, now=resolved_at, settings=SETTINGS
    )
    until = datetime(2026, 8, 24, 14, 30, tzinfo=WITA)
    assert await pool.fetchval("SELECT reopen_until FROM tickets") == until
    resolved = json.loads(await pool.fetchval("SELECT payload FROM outbox WHERE subject LIKE '%.resolved.v1'"))
    assert (resolved["within_deadline"], datetime.fromisoformat(resolved["reopen_until"])) == (True, until)
    on_fire = timer_handler(PROFILES, SETTINGS)
    early = TimerWorker(pool, SettableClock(until - timedelta(minutes=1)), on_fire)
    assert await early.fire_due() == 0
    workers = [TimerWorker(pool, SettableClock(until), on_fire) for _ in range(2)]
    await asyncio.gather(*(w.fire_due() for w in workers))
    await asyncio.gather(*(w.fire_due() for w in workers))
    assert await pool.fetchval("SELECT status FROM tickets") == "closed"
    closed = [
        json.loads(r["payload"])
        for r in await pool.fetch("SELECT payload FROM outbox WHERE subject LIKE '%.closed.v1'")
    ]
    assert len(closed) == 1
    assert (closed[0]["closed_by"], closed[0]["reason"], closed[0]["actor"]["role"]) == (
        "sistem",
        "batas_buka_kembali",
        "system",
    )
    assert closed[0]["survey_url"]


async def test_a_reopen_before_the_window_ends_cancels_the_auto_close_and_starts_a_fresh_clock(
    pool: asyncpg.Pool,
) -> None:
    resolved_at = datetime(2026, 8, 14, 14, 30, tzinfo=WITA)
    receipt = await open_ticket(pool, "banjarmasin", resolved_at)
    helpdesk = staff("helpdesk.banjarmasin", "helpdesk")
    token = receipt.status_path.rsplit("/", 1)[-1]
    await desk.act(pool, BJM, receipt.ticket_id, "claim", actor=helpdesk, form=None, now=resolved_at, settings=SETTINGS)
    await desk.act(
        pool,
        BJM,
        receipt.ticket_id,
        "resolve",
        actor=helpdesk,
        form=ResolveForm(text="Selesai."),
        now=resolved_at,
        settings=SETTINGS,
    )
    tuesday = datetime(2026, 8, 18, 9, 0, tzinfo=WITA)
    await following.act_as_reporter(
        pool, BJM, token, "reopen", form=ReopenForm(reason="Masih gagal unggah."), now=tuesday, settings=SETTINGS
    )
    assert await pool.fetchval("SELECT cancelled_at IS NOT NULL FROM timers WHERE kind = 'auto_close'")
    # A fresh 5 hari kerja from Tue 18 Aug 09:00 WITA: Wed 19, Thu 20, Fri 21, Mon 24, Tue 25 is Maulid Nabi → Wed 26.
    assert await pool.fetchval("SELECT due_at FROM case_clocks") == datetime(2026, 8, 26, 9, 0, tzinfo=WITA)
    reopened = json.loads(await pool.fetchval("SELECT payload FROM outbox WHERE subject LIKE '%.reopened.v1'"))
    due = datetime.fromisoformat(reopened["due_at"])
    assert (reopened["reopen_count"], due, reopened["level"]) == (
        1,
        datetime(2026, 8, 26, 9, 0, tzinfo=WITA),
        "helpdesk",
    )
