"""The desk's queues over HTTP on real PostgreSQL (README, "Tickets and the ladder"): one queue per desk of the staff
member's LPSE, named as its standard names the level, a row per ticket with its deadline in working time, filters,
search by reference, and pages of 50."""

from __future__ import annotations

import html
import re
import uuid

import pytest

from services.helpdesk.tests.integration.desk_site import Site, site

pytestmark = pytest.mark.integration
__all__ = ["site"]


def rows(page: str) -> dict[str, list[str]]:
    """The queue's rows: reference → the cells' words."""
    found = {}
    for reference, body in re.findall(r'<tr data-reference="([^"]+)">(.*?)</tr>', page, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)
        found[reference] = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in cells]
    return found


async def reference_of(site: Site, ticket: object) -> str:
    reference: str = await site.pool.fetchval("SELECT reference FROM tickets WHERE id = $1", ticket)
    return reference


async def test_each_desk_lists_its_own_lpses_tickets_with_the_deadline_in_working_time(site: Site) -> None:
    _, first = await site.report("temanggung", summary="Gagal unggah penawaran")
    _, second = await site.report("temanggung", reporter_role="pokja", summary="Jadwal tender tidak tampil")
    await site.report("banjarmasin")  # another LPSE's ticket never shows
    async with site.client("helpdesk.temanggung") as helpdesk:
        await helpdesk.post(f"/helpdesk/staf/tiket/{second}/klaim")
        await helpdesk.post(f"/helpdesk/staf/tiket/{second}/eskalasi", data={"reason": "Perlu Admin PPE."})
        page = (await helpdesk.get("/helpdesk/staf/")).text
    assert "<h1>Antrean Helpdesk · LPSE Kabupaten Temanggung</h1>" in page
    assert re.findall(r"<th>([^<]+)</th>", page) == [
        "Nomor",
        "Kategori",
        "Pelapor (peran)",
        "Status",
        "Ditangani oleh",
        "Tenggat",
    ]
    listed = rows(page)
    one = await reference_of(site, first)
    assert list(listed) == [one]
    # TMG-9, 5 hari kerja from Wed 2 Dec 2026 09.00 WIB: Wed 6.5 + Thu 7.5 + Fri 6 + Mon 7.5 + Tue 7.5 + Wed 1 hours.
    assert listed[one][1:] == [
        "Permasalahan aplikasi SPSE",
        "Penyedia",
        "Menunggu ditangani",
        "—",
        "sisa 36 jam 0 menit kerja jatuh tempo 9 Desember 2026 09.00 WIB",
    ]
    async with site.client("adminppe.temanggung") as admin:
        page = (await admin.get("/helpdesk/staf/")).text  # the Admin PPE's own desk first
    assert "<h1>Antrean Admin PPE · LPSE Kabupaten Temanggung</h1>" in page
    assert list(rows(page)) == [await reference_of(site, second)]
    assert rows(page)[await reference_of(site, second)][2] == "Pokja Pemilihan"


async def test_banjarmasin_calls_its_second_desk_admin_sistem(site: Site) -> None:
    async with site.client("adminppe.banjarmasin") as admin:
        page = (await admin.get("/helpdesk/staf/")).text
        helpdesk_desk = (await admin.get("/helpdesk/staf/?meja=helpdesk")).text
    assert "<h1>Antrean Admin Sistem · LPSE Kota Banjarmasin</h1>" in page
    assert 'id="desk-admin_ppe" aria-current="page">Antrean Admin Sistem<' in page
    assert "<h1>Antrean Helpdesk · LPSE Kota Banjarmasin</h1>" in helpdesk_desk
    assert 'id="queue-empty"' in page


async def test_the_queue_filters_by_status_and_finds_a_reference(site: Site) -> None:
    _, waiting = await site.report("temanggung")
    _, worked = await site.report("temanggung")
    async with site.client("helpdesk.temanggung") as helpdesk:
        await helpdesk.post(f"/helpdesk/staf/tiket/{worked}/klaim")
        claimed = rows((await helpdesk.get("/helpdesk/staf/?status=in_progress")).text)
        wanted = await reference_of(site, waiting)
        found = rows((await helpdesk.get("/helpdesk/staf/", params={"cari": wanted.lower()})).text)
        odd = await helpdesk.get("/helpdesk/staf/", params={"cari": "TIK\x00", "status": "bukan", "setelah": "x~y"})
        naive = f"0~2026-01-01T00:00:00~2026-01-01T00:00:00~{uuid.uuid4()}"  # a hand-made cursor without a zone
        for cursor in (naive, "1~infinity~9999-12-31T00:00:00+00:00~" + str(uuid.uuid4()), "~~~"):
            assert (await helpdesk.get("/helpdesk/staf/", params={"setelah": cursor})).status_code == 200, cursor
    assert list(claimed) == [await reference_of(site, worked)]
    assert claimed[await reference_of(site, worked)][4] == "helpdesk.temanggung"
    assert list(found) == [wanted]
    assert odd.status_code == 200 and 'id="cari-error"' in odd.text  # a control character is refused, not searched


async def test_the_queue_pages_by_fifty(site: Site) -> None:
    for n in range(51):
        await site.report("temanggung", summary=f"Laporan nomor {n}")
    async with site.client("helpdesk.temanggung") as helpdesk:
        first = (await helpdesk.get("/helpdesk/staf/")).text
        later = re.search(r'id="next-page" rel="next" href="([^"]+)"', first)
        assert later, "a second page is linked"
        second = (await helpdesk.get(html.unescape(later.group(1)))).text
    assert len(rows(first)) == 50 and len(rows(second)) == 1
    assert not set(rows(first)) & set(rows(second))
    assert 'id="next-page"' not in second and 'id="first-page"' in second


async def test_a_ticket_at_lkpp_stays_in_the_forwarding_desks_queue_with_no_limit_and_solved_ones_come_last(
    site: Site,
) -> None:
    _, solved = await site.report("banjarmasin", summary="Sudah selesai")
    _, forwarded = await site.report("banjarmasin", summary="Perlu LKPP")
    async with site.client("helpdesk.banjarmasin") as helpdesk:
        for ticket in (solved, forwarded):
            await helpdesk.post(f"/helpdesk/staf/tiket/{ticket}/klaim")
            await helpdesk.post(f"/helpdesk/staf/tiket/{ticket}/eskalasi", data={"reason": "Ke Admin Sistem."})
    async with site.client("adminppe.banjarmasin") as admin:
        for ticket in (solved, forwarded):
            await admin.post(f"/helpdesk/staf/tiket/{ticket}/klaim")
        await admin.post(f"/helpdesk/staf/tiket/{solved}/selesaikan", data={"text": "Akun dipulihkan."})
        note = "Server SPSE menolak unggah penawaran sejak pukul 10.00."
        await admin.post(f"/helpdesk/staf/tiket/{forwarded}/eskalasi", data={"reason": "Ke LKPP.", "lkpp_note": note})
        listed = rows((await admin.get("/helpdesk/staf/")).text)
    at_lkpp, done = await reference_of(site, forwarded), await reference_of(site, solved)
    assert list(listed) == [at_lkpp, done]
    assert listed[at_lkpp][3:] == ["Di Helpdesk LKPP diteruskan dari antrean ini", "—", "Di LKPP: tidak terbatas"]
    assert listed[done][3:] == ["Selesai", "adminppe.banjarmasin", "selesai ditangani"]  # who solved it
