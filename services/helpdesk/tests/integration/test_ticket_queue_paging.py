"""A desk's queue by keyset pages: open tickets first by their nearest running deadline, then those whose clock
waits on the reporter, then the resolved; a ticket escalated to Admin PPE leaves the Helpdesk's queue; the pages
together list each ticket once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from pydantic import BaseModel

from helpdesk.domain import EscalateForm, RequestInfoForm, ResolveForm
from helpdesk.usecases import desk, reading
from services.helpdesk.tests.fixtures_b import PROFILES, SETTINGS, open_ticket, staff

pytestmark = pytest.mark.integration
WIB = ZoneInfo("Asia/Jakarta")
TMG = PROFILES["temanggung"]
HELPDESK = staff("helpdesk.temanggung", "helpdesk")
MONDAY = datetime(2026, 12, 7, 9, 0, tzinfo=WIB)


async def test_the_queue_pages_open_first_by_deadline_then_waiting_then_resolved(pool: asyncpg.Pool) -> None:
    refs = []
    for hour in range(5):  # opened Monday 09:00 … 13:00: due the next Monday at the same hours (TMG-9)
        refs.append((await open_ticket(pool, "temanggung", MONDAY + timedelta(hours=hour))).reference)
    ids = dict(await pool.fetch("SELECT reference, id FROM tickets"))

    async def act(ref: str, trigger: str, form: BaseModel | None = None) -> None:
        await desk.act(
            pool, TMG, ids[ref], trigger, actor=HELPDESK, form=form, now=MONDAY + timedelta(hours=5), settings=SETTINGS
        )

    await act(refs[0], "claim")
    await act(refs[0], "resolve", ResolveForm(text="Selesai."))
    await act(refs[1], "claim")
    await act(refs[1], "request_info", RequestInfoForm(text="Kode tender?"))
    await act(refs[2], "claim")
    await act(refs[2], "escalate", EscalateForm(reason="Perlu Admin PPE."))

    seen: list[str] = []
    after: str | None = None
    while True:
        page = await reading.queue_page(pool, "temanggung", "helpdesk", after=after, limit=2, now=MONDAY, profile=TMG)
        seen.extend(row.reference for row in page.rows)
        if page.next_after is None:
            break
        after = page.next_after
    assert seen == [refs[3], refs[4], refs[1], refs[0]]
    admin = await reading.queue_page(pool, "temanggung", "admin_ppe", now=MONDAY, profile=TMG)
    assert [row.reference for row in admin.rows] == [refs[2]]
    first = (await reading.queue_page(pool, "temanggung", "helpdesk", limit=1, now=MONDAY, profile=TMG)).rows[0]
    # TMG-9 hours Mon–Thu 08–15.30, Fri 08–14: from Mon 09:00 to next Mon 12:00 is 6.5+7.5+7.5+7.5+6+4 = 39 h.
    assert (first.status_label, first.clock_text) == ("Menunggu ditangani", "sisa 39 jam 0 menit kerja")
    assert await reading.queue_page(pool, "depok", "helpdesk") == reading.QueuePage((), None)


async def test_a_search_finds_a_ticket_by_its_reference(pool: asyncpg.Pool) -> None:
    wanted = await open_ticket(pool, "temanggung", MONDAY)
    await open_ticket(pool, "temanggung", MONDAY, summary="Lupa kata sandi")
    page = await reading.queue_page(pool, "temanggung", "helpdesk", search=wanted.reference[-5:])
    assert [row.reference for row in page.rows] == [wanted.reference]
    page = await reading.queue_page(pool, "temanggung", "helpdesk", search="kata sandi")
    assert [row.reference for row in page.rows] != [wanted.reference] and len(page.rows) == 1
