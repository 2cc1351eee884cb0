"""The reporter's status page over HTTP on real PostgreSQL (README, "The reporter's pages and the survey"): the steps
in the LPSE's zone, the deadline in words (paused while the desk waits on the reporter), the reply, the reopen
window with its date, closing, one rating, the survey invitation, and an Indonesian 404 for any other token."""

from __future__ import annotations

import html
import re
import uuid
from datetime import UTC, datetime

import pytest

from helpdesk.survey_link import survey_path
from services.helpdesk.tests.integration.desk_site import LINK_SECRET, Site, site

pytestmark = pytest.mark.integration
__all__ = ["site"]


def text_of(page: str) -> str:
    """The page's words, tags removed, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


async def resolve(site: Site, ticket: uuid.UUID, username: str = "helpdesk.temanggung") -> None:
    """The desk claims the ticket and marks it solved."""
    async with site.client(username) as staff:
        assert (await staff.post(f"/helpdesk/staf/tiket/{ticket}/klaim")).status_code == 303
        solved = await staff.post(
            f"/helpdesk/staf/tiket/{ticket}/selesaikan", data={"text": "Cache peramban dibersihkan, unggah berhasil."}
        )
        assert solved.status_code == 303


async def test_the_page_follows_the_ticket_in_the_lpses_zone_and_pauses_while_waiting_on_the_reporter(
    site: Site,
) -> None:
    token, ticket = await site.report("banjarmasin")
    async with site.client() as reporter:
        page = text_of((await reporter.get(f"/helpdesk/tiket/{token}")).text)
    assert re.search(r"Status laporan TIK-BJM-\d{4}-\w{6}", page)
    assert "1. Laporan diterima 2 Desember 2026 10.00 WITA" in page  # 02:00 UTC in Banjarmasin's zone
    assert "Status: Menunggu ditangani · ditangani Helpdesk" in page
    assert "Tenggat penanganan" in page and "sisa " in page and "WITA" in page

    async with site.client("helpdesk.banjarmasin") as staff:
        await staff.post(f"/helpdesk/staf/tiket/{ticket}/klaim")
        asked = await staff.post(
            f"/helpdesk/staf/tiket/{ticket}/minta-info", data={"text": "Kirim tangkapan layar pesan galatnya."}
        )
        assert asked.status_code == 303
    async with site.client() as reporter:
        page = text_of((await reporter.get(f"/helpdesk/tiket/{token}")).text)
        assert "dihentikan sementara: menunggu informasi Anda" in page
        assert "Kirim tangkapan layar pesan galatnya." in page and "Permintaan informasi tambahan" in page
        empty = await reporter.post(f"/helpdesk/tiket/{token}/balas", data={"text": ""})
        assert empty.status_code == 422 and "Balasan wajib diisi, paling banyak 2000 karakter." in empty.text
        replied = await reporter.post(f"/helpdesk/tiket/{token}/balas", data={"text": "Galat muncul saat unggah."})
        assert (replied.status_code, replied.headers["location"]) == (303, f"/helpdesk/tiket/{token}?ok=balas")
        page = text_of((await reporter.get(replied.headers["location"])).text)
    assert "Balasan Anda terkirim kepada petugas." in page
    assert "Anda · Balasan pelapor" in page and "Galat muncul saat unggah." in page
    assert "dihentikan sementara" not in page and "sisa " in page  # the clock runs again


async def test_an_unknown_token_is_an_indonesian_404_with_a_way_back(site: Site) -> None:
    await site.report()
    async with site.client() as stranger:
        for path in ("/helpdesk/tiket/bukan-token", "/helpdesk/tiket/bukan-token/lampiran/1"):
            missing = await stranger.get(path)
            assert missing.status_code == 404 and 'href="/helpdesk/" id="way-back"' in missing.text
            assert missing.headers["content-type"].startswith("text/html") and "Traceback" not in missing.text
        sent = await stranger.post("/helpdesk/tiket/bukan-token/balas", data={"text": "halo"})
        assert sent.status_code == 404 and "Laporan tidak ditemukan" in sent.text


async def test_reopening_is_refused_after_the_window_with_its_date_and_nothing_is_stored(site: Site) -> None:
    token, ticket = await site.report("temanggung")
    await resolve(site, ticket)
    async with site.client() as reporter:
        page = text_of((await reporter.get(f"/helpdesk/tiket/{token}")).text)
        # Resolved Wed 2 Dec 2026 09.00 WIB + 5 hari kerja of TMG-9's calendar (Thu, Fri, Mon, Tue, Wed).
        assert "Dapat dibuka kembali sampai 9 Desember 2026 09.00 WIB" in page
        site.clock.set(datetime(2026, 12, 9, 3, 0, tzinfo=UTC))  # Wed 9 Dec 10.00 WIB, an hour too late
        before = await site.stored()
        late = await reporter.post(
            f"/helpdesk/tiket/{token}/buka-kembali", data={"reason": "Masalah muncul lagi hari ini."}
        )
    assert late.status_code == 409
    assert "Batas membuka kembali telah lewat pada 9 Desember 2026 09.00 WIB." in text_of(late.text)
    assert await site.stored() == before


async def test_the_reporter_reopens_within_the_window_and_the_ticket_goes_back_to_the_desk(site: Site) -> None:
    token, ticket = await site.report("temanggung")
    await resolve(site, ticket)
    async with site.client() as reporter:
        short = await reporter.post(f"/helpdesk/tiket/{token}/buka-kembali", data={"reason": "Belum"})
        assert short.status_code == 422 and "Alasan membuka kembali 10 sampai 2000 karakter." in short.text
        reopened = await reporter.post(
            f"/helpdesk/tiket/{token}/buka-kembali", data={"reason": "Unggah gagal lagi setelah dicoba."}
        )
        assert reopened.status_code == 303
    assert await site.pool.fetchval("SELECT status FROM tickets WHERE id = $1", ticket) == "queued"


async def test_the_reporter_closes_rates_once_and_is_invited_to_the_survey(site: Site) -> None:
    token, ticket = await site.report("temanggung")
    await resolve(site, ticket)
    async with site.client() as reporter:
        assert 'id="survey-link"' not in (await reporter.get(f"/helpdesk/tiket/{token}")).text  # only once closed
        closed = await reporter.post(f"/helpdesk/tiket/{token}/tutup")
        assert closed.status_code == 303
        page = (await reporter.get(f"/helpdesk/tiket/{token}")).text
        assert 'id="ticket-status">Ditutup<' in page and "Beri penilaian" in page
        survey = survey_path(LINK_SECRET, "temanggung", "tiket", ticket)
        assert f'<a class="button" href="{survey}" id="survey-link">Isi Survei Kepuasan Masyarakat</a>' in page

        wrong = await reporter.post(f"/helpdesk/tiket/{token}/nilai", data={"rating": "6"})
        assert wrong.status_code == 422 and "Pilih nilai 1 sampai 5." in wrong.text
        rated = await reporter.post(f"/helpdesk/tiket/{token}/nilai", data={"rating": "5", "comment": "Cepat."})
        assert rated.status_code == 303
        page = (await reporter.get(f"/helpdesk/tiket/{token}")).text
        assert "Penilaian Anda: 5 dari 5." in page and 'id="rating-form"' not in page
        before = await site.stored()
        again = await reporter.post(f"/helpdesk/tiket/{token}/nilai", data={"rating": "1"})
    assert again.status_code == 409
    assert "tidak berlaku untuk tiket berstatus 'Ditutup dan dinilai'" in text_of(again.text)
    assert await site.stored() == before
    assert await site.pool.fetchval("SELECT count(*) FROM ticket_ratings") == 1


async def test_magelang_says_its_standard_sets_no_deadline_and_offers_no_escalation(site: Site) -> None:
    token, ticket = await site.report("magelang")
    async with site.client() as reporter:
        page = text_of((await reporter.get(f"/helpdesk/tiket/{token}")).text)
    assert "tanpa batas waktu" in page
    assert "Standar Pelayanan LPSE Kota Magelang tidak memuat layanan penanganan permasalahan" in page
    assert "ditangani Petugas LPSE" in page
    async with site.client("helpdesk.magelang") as staff:
        await staff.post(f"/helpdesk/staf/tiket/{ticket}/klaim")
        desk = text_of((await staff.get(f"/helpdesk/staf/tiket/{ticket}")).text)
    assert "Tandai selesai" in desk and "Eskalasi" not in desk  # [000] names no ladder above the Petugas LPSE
