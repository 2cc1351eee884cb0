"""The staff console over HTTP on real PostgreSQL (README, "Tickets and the ladder"): the buttons a viewer may use,
claim and release, a refusal or a mistyped form shown on the page with nothing stored, another LPSE's ticket not
found, internal notes kept from the reporter, escalation up the ladder to LKPP, and a walk-in recorded by staff."""

from __future__ import annotations

import html
import re

import pytest

from services.helpdesk.tests.integration.desk_site import Site, site

pytestmark = pytest.mark.integration
__all__ = ["site"]


def buttons(page: str) -> set[str]:
    """The labels of the page's buttons."""
    return {html.unescape(b).strip() for b in re.findall(r"<button[^>]*>([^<]+)</button>", page)} - {"Keluar"}


def alert(page: str) -> str:
    """The refusal shown at the top of the page."""
    found = re.search(r'<div class="alert" role="alert" id="refusal">(.*?)</div>', page, re.S)
    assert found, "no refusal on the page"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


async def test_the_helpdesk_claims_and_releases_a_ticket_by_its_buttons(site: Site) -> None:
    _, ticket = await site.report()
    async with site.client("helpdesk.temanggung") as staff:
        page = (await staff.get(f"/helpdesk/staf/tiket/{ticket}")).text
        assert buttons(page) == {"Klaim", "Tutup tiket", "Tambah catatan internal"}
        # An open ticket closes only as a duplicate, outside the service or unanswered; "selesai" is for a solved one.
        assert re.findall(r'<option value="(\w+)">', page) == ["duplikat", "di_luar_layanan", "tidak_ada_tanggapan"]

        claimed = await staff.post(f"/helpdesk/staf/tiket/{ticket}/klaim")
        assert (claimed.status_code, claimed.headers["location"]) == (303, f"/helpdesk/staf/tiket/{ticket}?ok=klaim")
        page = (await staff.get(claimed.headers["location"])).text
        assert "Tiket diklaim" in page and 'id="ticket-holder">helpdesk.temanggung<' in page
        assert buttons(page) == {
            "Lepas",
            "Balas pelapor",
            "Minta informasi tambahan",
            "Eskalasi ke Admin PPE",  # TMG-9 b.2: the Helpdesk hands over to the Admin PPE
            "Tandai selesai",
            "Tutup tiket",
            "Tambah catatan internal",
        }
        released = await staff.post(f"/helpdesk/staf/tiket/{ticket}/lepas")
        assert released.status_code == 303
    row = await site.pool.fetchrow("SELECT status, holder FROM tickets WHERE id = $1", ticket)
    assert (row["status"], row["holder"]) == ("queued", None)
    # The head closes and notes but does not work the desk; the auditor only reads.
    async with site.client("kepala.temanggung") as head:
        assert buttons((await head.get(f"/helpdesk/staf/tiket/{ticket}")).text) == {
            "Tutup tiket",
            "Tambah catatan internal",
        }
    async with site.client("auditor.temanggung") as auditor:
        page = (await auditor.get(f"/helpdesk/staf/tiket/{ticket}")).text
        assert buttons(page) == set() and 'id="no-action"' in page


async def test_a_refused_step_is_shown_on_the_page_and_stores_nothing(site: Site) -> None:
    _, ticket = await site.report()
    before = await site.stored()
    async with site.client("adminppe.temanggung") as admin:
        # The ticket is at the Helpdesk's level; the Admin PPE takes it only once it is escalated (TMG-9 b.2, c).
        refused = await admin.post(f"/helpdesk/staf/tiket/{ticket}/klaim")
        assert refused.status_code == 409
        assert alert(refused.text) == "Tindakan tidak dilakukan. Tiket ini di antrean Helpdesk LPSE."
    assert await site.stored() == before

    async with site.client("helpdesk.temanggung") as helpdesk:
        assert (await helpdesk.post(f"/helpdesk/staf/tiket/{ticket}/klaim")).status_code == 303
        claimed = await site.stored()
        empty = await helpdesk.post(f"/helpdesk/staf/tiket/{ticket}/balas", data={"text": "   "})
        assert empty.status_code == 422
        assert 'id="balas-text" name="text"' in empty.text and 'aria-invalid="true"' in empty.text
        assert '<div class="error" id="balas-text-error">Balasan wajib diisi, paling banyak 2000 karakter.</div>' in (
            empty.text
        )
        assert await site.stored() == claimed
        # What is typed is kept beside its message, so nothing has to be typed again.
        long_reason = "x" * 2001
        too_long = await helpdesk.post(f"/helpdesk/staf/tiket/{ticket}/eskalasi", data={"reason": long_reason})
        assert too_long.status_code == 422 and long_reason in too_long.text
    assert await site.stored() == claimed


async def test_another_lpses_ticket_is_not_found_and_its_buttons_change_nothing(site: Site) -> None:
    _, ticket = await site.report("temanggung")
    before = await site.stored()
    async with site.client("helpdesk.banjarmasin") as other:
        assert (await other.get(f"/helpdesk/staf/tiket/{ticket}")).status_code == 404
        assert (await other.post(f"/helpdesk/staf/tiket/{ticket}/klaim")).status_code == 404
        note = await other.post(f"/helpdesk/staf/tiket/{ticket}/catatan", data={"text": "bukan tiket kami"})
        assert note.status_code == 404
        assert (await other.get(f"/helpdesk/staf/tiket/{ticket}/lampiran/1")).status_code == 404
        missing = await other.get("/helpdesk/staf/tiket/bukan-nomor-tiket")
        assert missing.status_code == 404 and "Kembali ke helpdesk" in missing.text
    assert await site.stored() == before


async def test_an_internal_note_shows_to_staff_and_never_to_the_reporter(site: Site) -> None:
    token, ticket = await site.report()
    note = "Pelapor ini pernah melapor hal serupa; cek log server tanggal 1."
    async with site.client("kepala.temanggung") as head:
        facts_before = await site.pool.fetchval("SELECT count(*) FROM outbox")
        added = await head.post(f"/helpdesk/staf/tiket/{ticket}/catatan", data={"text": note})
        assert added.status_code == 303
        page = (await head.get(f"/helpdesk/staf/tiket/{ticket}")).text
    notes = page.split("<h2>Catatan internal (tidak terlihat pelapor)</h2>", 1)[1].split("<h2>", 1)[0]
    assert note in notes and "kepala.temanggung" in notes
    assert await site.pool.fetchval("SELECT count(*) FROM outbox") == facts_before  # a note is never a fact
    async with site.client() as reporter:
        status = await reporter.get(f"/helpdesk/tiket/{token}")
    assert status.status_code == 200 and note not in status.text and "Catatan internal" not in status.text


async def test_banjarmasin_escalates_to_its_admin_sistem_then_to_lkpp_with_a_note_for_lkpp(site: Site) -> None:
    token, ticket = await site.report("banjarmasin")
    async with site.client("helpdesk.banjarmasin") as helpdesk:
        await helpdesk.post(f"/helpdesk/staf/tiket/{ticket}/klaim")
        page = (await helpdesk.get(f"/helpdesk/staf/tiket/{ticket}")).text
        assert "Eskalasi ke Admin Sistem" in buttons(page)  # BJM-7 steps 4–6 name the second level
        sent = await helpdesk.post(
            f"/helpdesk/staf/tiket/{ticket}/eskalasi", data={"reason": "Perlu pemeriksaan Admin Sistem."}
        )
        assert sent.status_code == 303
    async with site.client("adminppe.banjarmasin") as admin:
        await admin.post(f"/helpdesk/staf/tiket/{ticket}/klaim")
        page = (await admin.get(f"/helpdesk/staf/tiket/{ticket}")).text
        assert "Eskalasi ke Helpdesk LKPP" in buttons(page)
        assert '<label for="eskalasi-lkpp-note">Catatan untuk LKPP' in page
        nik = "Mohon bantu, NIK direktur 3276012345678901 tidak dikenali."
        refused = await admin.post(
            f"/helpdesk/staf/tiket/{ticket}/eskalasi", data={"reason": "Perlu LKPP.", "lkpp_note": nik}
        )
        assert refused.status_code == 422 and "Jangan menuliskan NIK/NPWP" in refused.text
        forwarded = await admin.post(
            f"/helpdesk/staf/tiket/{ticket}/eskalasi",
            data={"reason": "Perlu LKPP.", "lkpp_note": "Server SPSE menolak unggah penawaran sejak pukul 10.00."},
        )
        assert forwarded.status_code == 303
        page = (await admin.get(f"/helpdesk/staf/tiket/{ticket}")).text
    assert 'id="ticket-status">Di Helpdesk LKPP<' in page and "Di LKPP: tidak terbatas" in page
    assert buttons(page) == {"Catat jawaban LKPP", "Tambah catatan internal"}
    async with site.client() as reporter:
        status = (await reporter.get(f"/helpdesk/tiket/{token}")).text
    # BJM-7: the 5 hari kerja do not apply once the problem goes to the helpdesk LKPP.
    bjm_7 = "Batas waktu 5 hari kerja tidak berlaku karena kendala ditindaklanjuti ke helpdesk LKPP (tidak terbatas)."
    assert bjm_7 in status
    assert "Server SPSE menolak" not in status  # the note for LKPP is the desk's, not the reporter's


async def test_staff_record_a_walk_in_with_its_channel_and_hand_over_the_status_link(site: Site) -> None:
    walk_in = {
        "channel": "datang_langsung",
        "category": "akun_penyedia",
        "reporter_role": "penyedia",
        "name": "Ahmad Fauzi",
        "email": "",
        "summary": "Lupa user ID akun penyedia",
        "description": "Direktur datang ke loket membawa surat permohonan, lupa user ID.",
        "language": "id",
    }
    async with site.client("helpdesk.temanggung") as temanggung:
        # TMG-9 takes reports only through LPSE Support: a walk-in channel is not one it names.
        refused = await temanggung.post("/helpdesk/staf/tiket/baru", data=walk_in)
        assert refused.status_code == 422
        assert "Saluran ini tidak tercantum dalam standar pelayanan LPSE ini." in refused.text
    assert await site.pool.fetchval("SELECT count(*) FROM tickets") == 0
    async with site.client("helpdesk.banjarmasin") as banjarmasin:
        form = (await banjarmasin.get("/helpdesk/staf/tiket/baru")).text
        assert '<label for="channel">Saluran laporan</label>' in form
        recorded = await banjarmasin.post("/helpdesk/staf/tiket/baru", data=walk_in)
    assert recorded.status_code == 200 and "Laporan dicatat" in recorded.text
    link = re.search(r'<a href="(/helpdesk/tiket/[^"]+)" id="status-link">', recorded.text)
    assert link, "a walk-in without email gets the status link at the counter"
    row = await site.pool.fetchrow("SELECT channel, opened_by, lpse FROM tickets")
    assert tuple(row) == ("datang_langsung", "helpdesk.banjarmasin", "banjarmasin")
    async with site.client() as reporter:
        assert (await reporter.get(link.group(1))).status_code == 200
