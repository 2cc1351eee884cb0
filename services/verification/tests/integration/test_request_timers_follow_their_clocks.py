"""Timers follow their clocks: a provider request's durable timers on real PostgreSQL, with the timer worker running
against a settable clock (the relay does not run, so the facts stay readable in the outbox).

The hand-over starts the service's clock in working time; a return cancels its timers, so the old due instant
breaches nothing; a resume (at the counter, or the provider's re-upload through `resume_clocks`) re-arms them with
the time left; a decision cancels them; each reminder and breach is announced once. Expected instants are worked
out by hand from Banjarmasin's assumed office hours (deploy/lpse/banjarmasin.yaml, WITA): Monday-Thursday 08-16
with a 12-13 break, Friday 08-16 with an 11:30-13 break. 23-27 November 2026 has no public holiday."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from nats.aio.client import Client

from lpse_runtime.timers import Timer
from lpse_runtime.uploads import Accepted
from tests.provider_requests import LOKET, SITI, DeskEnv, desk_env, request_timers, seed_account, seed_request
from tests.support import Infra, eventually
from verification.account_requests import clocks, filing_usecases
from verification.account_requests import desk_usecases as desk
from verification.account_requests.desk_usecases import DONE
from verification.account_requests.domain import RequestTrigger as T

pytestmark = pytest.mark.integration
WITA = ZoneInfo("Asia/Makassar")
MONDAY_1000 = datetime(2026, 11, 23, 10, 0, tzinfo=WITA)
R, B = "permohonan.pengingat", "permohonan.tenggat"


@pytest.fixture
async def env(infra: Infra, nc: Client) -> AsyncIterator[DeskEnv]:
    """The verification service on fresh schemas and streams, Monday 10:00 WITA."""
    async with desk_env(infra, MONDAY_1000) as running:
        yield running


async def move_clock(env: DeskEnv, to: datetime) -> None:
    """Set the time and wait until the worker has dealt with every timer due by then."""
    env.clock.set(to)

    async def none_due() -> bool:
        return bool(
            await env.pool.fetchval(
                "SELECT count(*) = 0 FROM timers WHERE fired_at IS NULL AND cancelled_at IS NULL AND fire_at <= $1", to
            )
        )

    await eventually(none_due, what=f"the timers due by {to} to be handled")


async def deadline_facts(pool: asyncpg.Pool) -> list[tuple[str, datetime]]:
    rows = await pool.fetch(
        "SELECT subject, payload FROM outbox WHERE subject LIKE '%.account.request_deadline_%' ORDER BY id"
    )
    return [(r["subject"].split(".")[3], datetime.fromisoformat(json.loads(r["payload"])["due_at"])) for r in rows]


async def clock_row(pool: asyncpg.Pool, request_id: uuid.UUID) -> dict[str, Any]:
    row = await pool.fetchrow(
        "SELECT status, due_at, remaining_seconds, breached_at FROM account_request_clocks WHERE request_id = $1",
        request_id,
    )
    assert row is not None
    return dict(row)


async def handed_over(env: DeskEnv, kind: str, service_id: str) -> uuid.UUID:
    provider_id = await seed_account(env)
    request_id = await seed_request(env, provider_id, kind=kind, service_id=service_id, changes={"new_npwp": "1" * 15})
    assert await desk.act(env.desk, request_id, LOKET, "permohonan.datang", T.CHECK_IN) == DONE
    assert await request_timers(env.pool) == [], "arriving at the counter starts no clock"
    assert await desk.act(env.desk, request_id, LOKET, "permohonan.terima_berkas", T.HAND_OVER) == DONE
    return request_id


async def test_bjm4_returned_and_resumed_at_the_counter_counts_the_time_left_and_fires_once_each(env: DeskEnv) -> None:
    request_id = await handed_over(env, "npwp", "BJM-4")
    # BJM-4 "30 menit" in working minutes from the hand-over Monday 10:00 WITA → due 10:30; reminder at 80 %
    # (24 minutes) → 10:24.
    old_reminder, old_due = datetime(2026, 11, 23, 10, 24, tzinfo=WITA), datetime(2026, 11, 23, 10, 30, tzinfo=WITA)
    assert await request_timers(env.pool) == [(R, old_reminder, None, None), (B, old_due, None, None)]
    handed = await env.pool.fetchval("SELECT payload FROM outbox WHERE subject LIKE '%.request_handed_over.%'")
    assert datetime.fromisoformat(json.loads(handed)["due_at"]) == old_due

    env.clock.set(datetime(2026, 11, 23, 10, 5, tzinfo=WITA))
    assert await desk.act(env.desk, request_id, SITI, "permohonan.klaim", T.CLAIM) == DONE
    monday_1010 = datetime(2026, 11, 23, 10, 10, tzinfo=WITA)
    env.clock.set(monday_1010)
    assert await desk.act(env.desk, request_id, SITI, "permohonan.periksa", T.RETURN, "NPWP baru belum dibawa") == DONE
    assert await clock_row(env.pool, request_id) == {
        "status": "paused",
        "due_at": None,
        "remaining_seconds": 20 * 60,
        "breached_at": None,
    }
    assert await request_timers(env.pool) == [(R, old_reminder, monday_1010, None), (B, old_due, monday_1010, None)]
    await move_clock(env, datetime(2026, 11, 23, 10, 45, tzinfo=WITA))
    assert await deadline_facts(env.pool) == [], "the file is with the provider: the old due instant breaches nothing"

    # Brought back Friday 11:20 WITA with 20 minutes left: 11:20-11:30, the break, 13:00 + 10 → due 13:10;
    # the reminder at 80 % of the 20 minutes left (16): 10 before the break, 13:00 + 6 → 13:06.
    env.clock.set(datetime(2026, 11, 27, 11, 20, tzinfo=WITA))
    assert await desk.act(env.desk, request_id, SITI, "permohonan.periksa", T.RESUME) == DONE
    new_reminder, new_due = datetime(2026, 11, 27, 13, 6, tzinfo=WITA), datetime(2026, 11, 27, 13, 10, tzinfo=WITA)
    assert (await clock_row(env.pool, request_id))["due_at"] == new_due
    assert [(k, at, cancelled) for k, at, cancelled, _ in await request_timers(env.pool)] == [
        (R, old_reminder, monday_1010),
        (B, old_due, monday_1010),
        (R, new_reminder, None),
        (B, new_due, None),
    ]
    resumed = await env.pool.fetchval("SELECT payload FROM outbox WHERE subject LIKE '%.request_resumed.%'")
    assert datetime.fromisoformat(json.loads(resumed)["due_at"]) == new_due

    await move_clock(env, new_reminder)
    assert await deadline_facts(env.pool) == [("request_deadline_approaching", new_due)]
    await move_clock(env, datetime(2026, 11, 27, 13, 30, tzinfo=WITA))
    assert await deadline_facts(env.pool) == [
        ("request_deadline_approaching", new_due),
        ("request_deadline_breached", new_due),
    ]
    assert (await clock_row(env.pool, request_id))["breached_at"] == datetime(2026, 11, 27, 13, 30, tzinfo=WITA)
    assert await env.pool.fetchval("SELECT count(*) FROM audit_log WHERE action = 'permohonan:deadline_breached'") == 1


async def test_bjm2_one_working_day_and_a_decision_cancels_its_timers(env: DeskEnv) -> None:
    request_id = await handed_over(env, "email", "BJM-2")
    # BJM-2 "1 hari kerja" from Monday 10:00 WITA → Tuesday 10:00 WITA. The span is 7 working hours (Mon 10-12,
    # 13-16, Tue 08-10); 80 % is 5 h 36 min: Monday's 5 h, then Tuesday 08:00 + 36 min → 08:36.
    reminder, due = datetime(2026, 11, 24, 8, 36, tzinfo=WITA), datetime(2026, 11, 24, 10, 0, tzinfo=WITA)
    assert await request_timers(env.pool) == [(R, reminder, None, None), (B, due, None, None)]

    env.clock.set(datetime(2026, 11, 23, 10, 50, tzinfo=WITA))  # a claim holds 30 minutes: taken in time to decide
    assert await desk.act(env.desk, request_id, SITI, "permohonan.klaim", T.CLAIM) == DONE
    monday_1100 = datetime(2026, 11, 23, 11, 0, tzinfo=WITA)
    env.clock.set(monday_1100)
    assert (
        await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.REJECT, "Surat tidak ditandatangani")
        == DONE
    )
    assert await request_timers(env.pool) == [(R, reminder, monday_1100, None), (B, due, monday_1100, None)]
    assert (await clock_row(env.pool, request_id))["status"] == "stopped"
    await move_clock(env, datetime(2026, 11, 24, 10, 5, tzinfo=WITA))
    assert await deadline_facts(env.pool) == []

    # A breach timer that reaches the handler after the decision (locked just before it) announces nothing.
    row = await env.pool.fetchrow("SELECT * FROM timers WHERE kind = $1", B)
    timer = Timer(row["id"], row["kind"], row["subject_id"], row["clock"], row["fire_at"], json.loads(row["payload"]))
    async with env.pool.acquire() as conn, conn.transaction():
        await desk.deadline_due(conn, timer, env.clock.now(), env.app.state.runtime.settings)
    assert await deadline_facts(env.pool) == []


async def test_the_providers_re_upload_resumes_the_clock_through_resume_clocks(env: DeskEnv) -> None:
    request_id = await handed_over(env, "npwp", "BJM-4")
    assert await desk.act(env.desk, request_id, SITI, "permohonan.klaim", T.CLAIM) == DONE
    env.clock.set(datetime(2026, 11, 23, 10, 10, tzinfo=WITA))
    assert await desk.act(env.desk, request_id, SITI, "permohonan.periksa", T.RETURN, "Akta belum lengkap") == DONE
    # Re-uploaded Tuesday 09:00 WITA with 20 minutes left → due 09:20, reminder at 16 minutes → 09:16.
    tuesday_0900 = datetime(2026, 11, 24, 9, 0, tzinfo=WITA)
    async with env.pool.acquire() as conn, conn.transaction():
        due = await clocks.resume_clocks(conn, request_id, tuesday_0900, env.desk.profiles)
    assert due == datetime(2026, 11, 24, 9, 20, tzinfo=WITA)
    pending = [(k, at) for k, at, cancelled, _ in await request_timers(env.pool) if cancelled is None]
    assert pending == [(R, datetime(2026, 11, 24, 9, 16, tzinfo=WITA)), (B, due)]


async def test_the_providers_resubmission_resumes_the_clock_and_the_new_upload_is_checked_afresh(env: DeskEnv) -> None:
    request_id = await handed_over(env, "npwp", "BJM-4")
    assert await desk.act(env.desk, request_id, SITI, "permohonan.klaim", T.CLAIM) == DONE
    others = ("surat_permohonan", "ktp_direktur", "surat_ijin_usaha", "akta_pendirian", "akta_perubahan_terakhir")
    findings = {code: ("sesuai", "") for code in others} | {"npwp": ("tidak_valid", "kabur")}
    assert await desk.check_documents(env.desk, request_id, SITI, findings) == DONE
    env.clock.set(datetime(2026, 11, 23, 10, 10, tzinfo=WITA))
    assert await desk.act(env.desk, request_id, SITI, "permohonan.periksa", T.RETURN, "NPWP kabur") == DONE
    row = await env.pool.fetchrow("SELECT provider_id, reference FROM account_requests WHERE id = $1", request_id)
    # The provider uploads the NPWP again Tuesday 09:00 WITA, 20 working minutes left → due 09:20, reminder 09:16.
    tuesday_0900 = datetime(2026, 11, 24, 9, 0, tzinfo=WITA)
    env.clock.set(tuesday_0900)
    pdf = b"%PDF-1.4 npwp baru"
    upload = filing_usecases.Upload("npwp", "npwp.pdf", pdf, Accepted("application/pdf", len(pdf), "a" * 64))
    filing = filing_usecases.RequestDesk.of(env.app.state.runtime)
    assert await filing_usecases.resubmit(filing, row["provider_id"], row["reference"], {"npwp": upload}) is None
    due = datetime(2026, 11, 24, 9, 20, tzinfo=WITA)
    assert (await clock_row(env.pool, request_id))["due_at"] == due
    pending = [(k, at) for k, at, cancelled, _ in await request_timers(env.pool) if cancelled is None]
    assert pending == [(R, datetime(2026, 11, 24, 9, 16, tzinfo=WITA)), (B, due)]
    resumed = await env.pool.fetchval("SELECT payload FROM outbox WHERE subject LIKE '%.request_resumed.%'")
    assert datetime.fromisoformat(json.loads(resumed)["due_at"]) == due
    checklist = json.loads(await env.pool.fetchval("SELECT checklist FROM account_requests WHERE id = $1", request_id))
    assert "npwp" not in checklist, "the new upload waits for the verifier's eyes"


async def test_a_returned_request_withdrawn_by_its_provider_stops_its_paused_clock(env: DeskEnv) -> None:
    request_id = await handed_over(env, "npwp", "BJM-4")
    assert await desk.act(env.desk, request_id, SITI, "permohonan.klaim", T.CLAIM) == DONE
    assert await desk.act(env.desk, request_id, SITI, "permohonan.periksa", T.RETURN, "Berkas belum lengkap") == DONE
    assert (await clock_row(env.pool, request_id))["status"] == "paused"
    row = await env.pool.fetchrow("SELECT provider_id, reference FROM account_requests WHERE id = $1", request_id)
    filing = filing_usecases.RequestDesk.of(env.app.state.runtime)
    tuesday_0900 = datetime(2026, 11, 24, 9, 0, tzinfo=WITA)
    env.clock.set(tuesday_0900)
    assert await filing_usecases.withdraw_request(filing, row["provider_id"], row["reference"]) is None
    assert await env.pool.fetchval("SELECT status FROM account_requests WHERE id = $1", request_id) == "dibatalkan"
    stopped = await env.pool.fetchrow(
        "SELECT status, stopped_at FROM account_request_clocks WHERE request_id = $1", request_id
    )
    assert (stopped["status"], stopped["stopped_at"]) == ("stopped", tuesday_0900)
    assert [cancelled is not None for _, _, cancelled, _ in await request_timers(env.pool)] == [True, True]
