"""A counter case on real JetStream and PostgreSQL: invited at once, no clock until the file is handed over at the
counter, then the standard's clock in working time, with its timers."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from nats.aio.client import Client

from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import SESSION_COOKIE
from tests.support import (
    Infra,
    SiteClient,
    application_submitted,
    eventually,
    reset_identity,
    reset_schema,
    staff_session,
)
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration
WIB = ZoneInfo("Asia/Jakarta")


async def test_the_depok_clock_waits_for_the_visit_and_starts_at_hand_over(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    settings = Settings(database_url=url, nats_url=infra.nats_url, timer_poll_seconds=0.05)
    monday_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
    clock = SettableClock(monday_0900)
    js = nc.jetstream()
    event = application_submitted("depok", "PT Datang Ke Loket")
    app = create_app(settings, clock=clock)
    async with app.router.lifespan_context(app):
        pool = app.state.runtime.pool
        await js.publish(event.subject, event.model_dump_json().encode())

        async def invited() -> bool:
            return bool(await pool.fetchval("SELECT count(*) = 0 FROM outbox WHERE subject LIKE '%case.invited%'"))

        async def case_waits() -> bool:
            return bool(await pool.fetchval("SELECT status FROM cases") == "awaiting_visit")

        await eventually(case_waits, what="the case to wait for the visit")
        await eventually(invited, what="the invitation to be published")
        invitation = await js.get_last_msg("VERIFICATION", "verification.depok.case.invited.v1")
        fact = json.loads(invitation.data or b"{}")
        assert fact["service_id"] == "DPK-1a" and fact["deadline_text"] == "± 15 menit"
        assert {d["code"] for d in fact["bring"]} >= {"ktp", "npwp_perusahaan", "surat_pernyataan_kebenaran_dokumen"}
        # No clock and no timer while the applicant has not come: two hours later nothing has breached.
        assert await pool.fetchval("SELECT count(*) FROM case_clocks") == 0
        assert await pool.fetchval("SELECT count(*) FROM timers") == 0
        clock.set(monday_0900 + timedelta(hours=2, minutes=45))  # 11:45 WIB

        cookie = await staff_session(
            infra, "helpdesk.depok", [("helpdesk", "depok")], now=clock.now(), full_name="Yusuf Maulana, A.Md."
        )
        case_id = await pool.fetchval("SELECT id FROM cases")
        transport = httpx.ASGITransport(app=app)
        async with SiteClient(
            transport=transport, base_url="http://verification", cookies={SESSION_COOKIE: cookie}
        ) as staff:
            too_early = await staff.post(f"/staf/kasus/{case_id}/terima-berkas", follow_redirects=True)
            assert "tidak berlaku untuk kasus berstatus" in too_early.text, "the file is received after check-in"
            assert (await staff.post(f"/staf/kasus/{case_id}/datang")).status_code == 303
            assert await pool.fetchval("SELECT status FROM cases") == "checked_in"
            assert await pool.fetchval("SELECT count(*) FROM case_clocks") == 0, "arriving is not handing over"
            clock.set(monday_0900 + timedelta(hours=2, minutes=50))  # 11:50 WIB
            assert (await staff.post(f"/staf/kasus/{case_id}/terima-berkas")).status_code == 303

        row = await pool.fetchrow("SELECT * FROM cases")
        assert row["status"] == "queued" and row["handed_over_to"] == "helpdesk.depok"
        started = await pool.fetchrow("SELECT * FROM case_clocks")
        # ± 15 working minutes from 11:50 WIB; the 12.00-13.00 break does not count: due 13:05 WIB.
        assert started["started_at"] == monday_0900 + timedelta(hours=2, minutes=50)
        assert started["due_at"] == datetime(2026, 11, 23, 13, 5, tzinfo=WIB)
        assert await pool.fetchval("SELECT count(*) FROM timers WHERE fired_at IS NULL") == 2
        actions = [r["action"] for r in await pool.fetch("SELECT action FROM audit_log ORDER BY id")]
        assert actions == ["open", "check_in", "hand_over"]

        async def handed_over_published() -> bool:
            return bool(await pool.fetchval("SELECT count(*) = 0 FROM outbox"))

        await eventually(handed_over_published, what="the hand-over fact")
        handed = json.loads(
            (await js.get_last_msg("VERIFICATION", "verification.depok.case.handed_over.v1")).data or b"{}"
        )
        assert datetime.fromisoformat(handed["due_at"]) == datetime(2026, 11, 23, 13, 5, tzinfo=WIB)
        assert handed["officer_id"] == "helpdesk.depok"

        # The clock now runs: past 13:05 the breach fires, once.
        clock.set(datetime(2026, 11, 23, 13, 6, tzinfo=WIB))

        async def breached() -> bool:
            return bool(await pool.fetchval("SELECT breached_at IS NOT NULL FROM case_clocks"))

        await eventually(breached, what="the breach after the hand-over deadline")
        assert await pool.fetchval("SELECT count(*) FROM audit_log WHERE action = 'deadline_breached'") == 1
