"""The staff queue on real PostgreSQL: keyset pages cover every case exactly once in the queue's order, searches
use what people type, and the sort key follows the clocks as they pause, resume and stop."""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import asyncpg
import httpx
import pytest
from nats.aio.client import Client

from lpse_runtime.staff import SESSION_COOKIE
from tests.support import Infra, SiteClient, reset_identity, reset_schema, staff_session
from verification import queue_db
from verification.app import create_app
from verification.queue import NO_DEADLINE, QueueFilter, QueueKey, parse_search
from verification.settings import Settings

pytestmark = pytest.mark.integration
WIB = ZoneInfo("Asia/Jakarta")
START = datetime(2026, 11, 2, 8, 0, tzinfo=WIB)
STATUSES = ("queued", "in_review", "returned", "activated", "rejected", "awaiting_visit")


@pytest.fixture
async def conn(infra: Infra) -> AsyncIterator[asyncpg.Connection]:
    url = await reset_schema(infra, "verification")
    connection = await asyncpg.connect(url)
    try:
        yield connection
    finally:
        await connection.close()


async def add_case(
    conn: asyncpg.Connection, n: int, *, lpse: str = "depok", status: str = "queued", due: datetime | None = None
) -> uuid.UUID:
    """A case opened at a time that repeats every 7 cases (ties are broken by id), with a running clock if due."""
    case_id = uuid.uuid4()
    await conn.execute(
        """INSERT INTO cases (id, application_id, lpse, status, reference, provider_type, company_name, npwp, nib,
                              applicant_email, director_name, status_url, opened_by_event, opened_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, 'badan_usaha_pt', $6, $7, '1234567890123', 'd@contoh.id', 'Dewi',
                   'http://x/status', $2, $8, $8)""",
        case_id,
        uuid.uuid4(),
        lpse,
        status,
        f"DPK-2611-{n:06d}",
        f"PT Nomor {n} Sejahtera",
        f"{n:015d}",
        START + timedelta(minutes=n % 7),
    )
    if due is not None:
        await conn.execute(
            """INSERT INTO case_clocks (case_id, name, label, deadline_text, working, status, started_at, due_at)
               VALUES ($1, 'verifikasi', 'Verifikasi', '3 hari kerja', true, 'running', $2, $3)""",
            case_id,
            START,
            due,
        )
    return case_id


async def test_pages_forward_and_back_cover_every_case_once_in_queue_order(conn: asyncpg.Connection) -> None:
    expected: list[tuple[bool, datetime, datetime, uuid.UUID]] = []
    for n in range(137):
        status = STATUSES[n % len(STATUSES)]
        closed = status in ("activated", "rejected")
        # Every third open case has a running clock; dues repeat, so the opening time and the id decide ties.
        due = START + timedelta(days=n % 5) if not closed and n % 3 == 0 else None
        case_id = await add_case(conn, n, status=status, due=due)
        expected.append((closed, due or NO_DEADLINE, START + timedelta(minutes=n % 7), case_id))
    await add_case(conn, 999, lpse="banjarmasin")  # another LPSE's case never shows
    # The README's order: open cases first, the nearest running deadline first, then the oldest; id breaks ties.
    expected.sort()
    order = [case_id for *_, case_id in expected]

    seen: list[uuid.UUID] = []
    pages: list[queue_db.QueuePage] = []
    after: QueueKey | None = None
    while True:
        page = await queue_db.page(conn, QueueFilter("depok"), after=after, size=20)
        pages.append(page)
        seen.extend(row["id"] for row in page.rows)
        if page.next is None:
            break
        after = QueueKey.parse(page.next.token())  # the key survives the trip through a link
    assert seen == order
    assert [len(p.rows) for p in pages] == [20] * 6 + [17]
    assert pages[0].previous is None

    back: list[uuid.UUID] = []
    before = pages[-1].previous
    while before is not None:
        page = await queue_db.page(conn, QueueFilter("depok"), before=before, size=20)
        back = [row["id"] for row in page.rows] + back
        before = page.previous
    assert back == order[:120]
    assert await queue_db.count(conn, QueueFilter("depok"), bound=100) == 101
    assert await queue_db.count(conn, QueueFilter("depok")) == 137


async def test_a_status_view_pages_through_that_status_only(conn: asyncpg.Connection) -> None:
    activated = {await add_case(conn, n, status="activated") for n in range(45)}
    for n in range(45, 60):
        await add_case(conn, n, status="queued", due=START + timedelta(days=1))
    seen: list[uuid.UUID] = []
    after: QueueKey | None = None
    while True:
        page = await queue_db.page(conn, QueueFilter("depok", status="activated"), after=after, size=10)
        seen.extend(row["id"] for row in page.rows)
        if (after := page.next) is None:
            break
    assert len(seen) == 45 and set(seen) == activated


async def test_an_npwp_typed_with_dots_and_dash_finds_the_case(conn: asyncpg.Connection) -> None:
    wanted = await add_case(conn, 12345678901234)  # NPWP stored as digits: 012345678901234
    await add_case(conn, 7)
    search = parse_search("01.234.567.8-901.234")
    page = await queue_db.page(conn, QueueFilter("depok", npwp=search.npwp))
    assert [row["id"] for row in page.rows] == [wanted]


async def test_a_reference_matches_exactly_and_a_name_by_its_words(conn: asyncpg.Connection) -> None:
    first = await add_case(conn, 1)
    eleventh = await add_case(conn, 11)
    by_reference = parse_search(" dpk-2611-000011 ")
    page = await queue_db.page(conn, QueueFilter("depok", reference=by_reference.reference))
    assert [row["id"] for row in page.rows] == [eleventh]
    by_name = parse_search("nomor 11 SEJAHTERA")
    page = await queue_db.page(conn, QueueFilter("depok", name=by_name.name))
    assert [row["id"] for row in page.rows] == [eleventh]
    by_beginnings = parse_search("sejahtera nom")  # the words in any order, the last one by its beginning
    page = await queue_db.page(conn, QueueFilter("depok", name=by_beginnings.name))
    assert {row["id"] for row in page.rows} == {first, eleventh}
    not_a_negation = parse_search("nomor & !sejahtera")  # query syntax typed is read as plain words
    page = await queue_db.page(conn, QueueFilter("depok", name=not_a_negation.name))
    assert {row["id"] for row in page.rows} == {first, eleventh}
    for typed in ("100%", "omor", "nom sejahtera"):  # no such word, the middle of a word, an unfinished earlier word
        assert (await queue_db.page(conn, QueueFilter("depok", name=parse_search(typed).name))).rows == []


async def test_the_sort_key_follows_the_clock_through_pause_resume_and_stop(conn: asyncpg.Connection) -> None:
    case_id = await add_case(conn, 1, due=START + timedelta(days=2))
    due_of = "SELECT queue_due FROM cases WHERE id = $1"
    no_deadline = "SELECT queue_due = 'infinity' FROM cases WHERE id = $1"
    assert await conn.fetchval(due_of, case_id) == START + timedelta(days=2)
    await conn.execute("UPDATE case_clocks SET status = 'paused', due_at = NULL WHERE case_id = $1", case_id)
    assert await conn.fetchval(no_deadline, case_id)
    await conn.execute(
        "UPDATE case_clocks SET status = 'running', due_at = $2 WHERE case_id = $1", case_id, START + timedelta(days=4)
    )
    assert await conn.fetchval(due_of, case_id) == START + timedelta(days=4)
    await conn.execute("UPDATE case_clocks SET status = 'stopped' WHERE case_id = $1", case_id)
    assert await conn.fetchval(no_deadline, case_id)


async def test_the_queue_page_links_its_pages_and_answers_bad_input_beside_the_field(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    app = create_app(Settings(database_url=url, nats_url=infra.nats_url))
    async with app.router.lifespan_context(app):
        pool = app.state.runtime.pool
        async with pool.acquire() as conn:
            for n in range(60):
                await add_case(conn, n, due=START + timedelta(days=n % 3) if n % 2 else None)
        cookie = await staff_session(
            infra, "dewi.depok", [("verifikator", "depok")], now=datetime.now(UTC), full_name="Dewi Lestari, S.Kom."
        )
        transport = httpx.ASGITransport(app=app)
        async with SiteClient(
            transport=transport, base_url="http://verification", cookies={SESSION_COOKIE: cookie}
        ) as dewi:
            first = await dewi.get("/staf/")
            assert first.text.count("<tr data-reference=") == 50
            assert "60 kasus" in first.text and 'id="previous-page"' not in first.text
            following = re.search(r'id="next-page" rel="next" href="([^"]+)"', first.text)
            assert following is not None
            second = await dewi.get("/staf/" + html.unescape(following.group(1)))
            assert second.text.count("<tr data-reference=") == 10
            assert 'id="previous-page"' in second.text and 'id="next-page"' not in second.text
            shown = set(re.findall(r'data-reference="([^"]+)"', first.text + second.text))
            assert len(shown) == 60

            by_npwp = await dewi.get("/staf/", params={"cari": "00.000.000.0-000.042"})
            assert re.findall(r'data-reference="([^"]+)"', by_npwp.text) == ["DPK-2611-000042"]
            many = await dewi.get("/staf/", params={"cari": "sejahtera"})  # every case: more than a page
            assert "lebih dari 50 kasus" in many.text and 'id="next-page"' in many.text
            too_short = await dewi.get("/staf/", params={"cari": "PT"})
            assert too_short.status_code == 200
            assert 'aria-describedby="cari-error"' in too_short.text and "sedikitnya 3 huruf" in too_short.text
            garbage = await dewi.get("/staf/", params={"status": "x", "setelah": "1.2.3", "sebelum": "%%"})
            assert garbage.status_code == 200 and garbage.text.count("<tr data-reference=") == 50
