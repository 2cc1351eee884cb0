"""A Temanggung ticket climbs the whole ladder of TMG-9 through the front door: Helpdesk LPSE → Admin PPE → Helpdesk
LKPP (the gateway forwards it, the LKPP simulator answers by signed callback) and back, resolved, closed and rated
(README, "The helpdesk desk" and "The LKPP gateway")."""

from __future__ import annotations

import uuid

import httpx
import pytest

from devstack.stack import Stack
from tests.e2e.helpdesk_driver import facts, opened_fact, press, report, sign_in, status_token
from tests.support import SiteClient, eventually, unique_email

pytestmark = pytest.mark.e2e


def step(fact: dict[str, object]) -> str:
    """A fact as the ladder reads it: its name, and who replied or where it went."""
    name = str(fact["subject"]).split(".ticket.", 1)[1].removesuffix(".v1")
    if name == "replied":
        return f"replied({fact['by']})"
    if name == "escalated":
        return f"escalated({fact['to_level']})"
    return name


async def test_temanggung_ticket_goes_helpdesk_admin_ppe_lkpp_answered_resolved_rated(stack: Stack) -> None:
    email = unique_email("pelapor")
    async with (
        SiteClient(base_url=stack.front_url) as reporter,
        SiteClient(base_url=stack.front_url) as helpdesk,
        SiteClient(base_url=stack.front_url) as admin,
    ):
        reference = await report(reporter, "temanggung", email, "Gagal unggah dokumen penawaran")
        opened = await opened_fact(stack.nats_url, reference)
        ticket = uuid.UUID(str(opened["ticket_id"]))
        status = f"/helpdesk/tiket/{status_token(opened, stack.link_secret)}"
        staff_page = f"/helpdesk/staf/tiket/{ticket}"

        await sign_in(helpdesk, "helpdesk.temanggung", "helpdesk-temanggung-2026")
        await press(helpdesk, f"{staff_page}/klaim")
        await press(helpdesk, f"{staff_page}/minta-info", {"text": "Mohon kirim nama paket dan jam kejadian."})
        await press(reporter, f"{status}/balas", {"text": "Paket Pembangunan Jalan Desa, pukul 09.15 WIB."})
        await press(helpdesk, f"{staff_page}/eskalasi", {"reason": "Perlu dicek Admin PPE di server SPSE."})

        await sign_in(admin, "adminppe.temanggung", "adminppe-temanggung-2026")
        await press(admin, f"{staff_page}/klaim")
        note = "Log server SPSE mencatat galat 500 pada unggah penawaran sejak 09.00 WIB."
        await press(admin, f"{staff_page}/eskalasi", {"reason": "Perlu penanganan LKPP.", "lkpp_note": note})

        async def answered_by_lkpp() -> bool:
            return any(step(f) == "answered_by_lkpp" for f in await facts(stack.nats_url, "HELPDESK", ticket))

        await eventually(answered_by_lkpp, timeout=60, what="LKPP's answer by signed callback")
        await press(admin, f"{staff_page}/klaim")
        await press(admin, f"{staff_page}/selesaikan", {"text": "LKPP memperbaiki server; unggah berhasil diuji."})
        await press(reporter, f"{status}/tutup")
        await press(reporter, f"{status}/nilai", {"rating": "5", "comment": "Cepat dan jelas."})
        page = (await reporter.get(status)).text

        async def rated() -> bool:
            return any(step(f) == "rated" for f in await facts(stack.nats_url, "HELPDESK", ticket))

        await eventually(rated, timeout=30, what="the rating on the bus")
        ladder = await facts(stack.nats_url, "HELPDESK", ticket)
        forwarded = await facts(stack.nats_url, "GATEWAY", ticket)
        async with httpx.AsyncClient() as client:
            at_lkpp = (await client.get(f"{stack.lkpp_url}/api/diterima")).json()

    assert [step(f) for f in ladder] == [
        "opened",
        "claimed",
        "info_requested",
        "replied(pelapor)",
        "escalated(admin_ppe)",
        "claimed",
        "escalated(lkpp)",
        "answered_by_lkpp",
        "resolved",
        "closed",
        "rated",
    ]
    escalation = next(f for f in ladder if step(f) == "escalated(lkpp)")
    answer = next(f for f in ladder if step(f) == "answered_by_lkpp")
    (fact,) = forwarded
    assert fact["subject"] == "gateway.temanggung.ticket.forwarded.v1"
    assert (fact["escalation_event_id"], fact["reference"], fact["attempts"]) == (escalation["event_id"], reference, 1)
    assert (answer["result"], answer["source"], answer["lkpp_ref"]) == ("selesai", "callback", fact["lkpp_ref"])
    assert at_lkpp[escalation["event_id"]] == {"lkpp_ref": fact["lkpp_ref"], "permintaan": 1}
    closed = next(f for f in ladder if step(f) == "closed")
    assert (closed["closed_by"], next(f for f in ladder if step(f) == "rated")["rating"]) == ("pelapor", 5)
    assert "Ditutup dan dinilai" in page and str(fact["lkpp_ref"]) in page


async def test_banjarmasin_status_page_says_tidak_terbatas_at_lkpp(stack: Stack) -> None:
    email = unique_email("pelapor")
    async with (
        SiteClient(base_url=stack.front_url) as reporter,
        SiteClient(base_url=stack.front_url) as helpdesk,
        SiteClient(base_url=stack.front_url) as admin,
    ):
        # "TUNDA" in the summary: the simulator takes the ticket and never answers, as LKPP may take its time.
        reference = await report(reporter, "banjarmasin", email, "TUNDA: paket tidak tampil di SPSE")
        opened = await opened_fact(stack.nats_url, reference)
        ticket = uuid.UUID(str(opened["ticket_id"]))
        status = f"/helpdesk/tiket/{status_token(opened, stack.link_secret)}"
        staff_page = f"/helpdesk/staf/tiket/{ticket}"

        await sign_in(helpdesk, "helpdesk.banjarmasin", "helpdesk-banjarmasin-2026")
        await press(helpdesk, f"{staff_page}/klaim")
        await press(helpdesk, f"{staff_page}/eskalasi", {"reason": "Perlu diperiksa Admin Sistem."})
        await sign_in(admin, "adminppe.banjarmasin", "adminppe-banjarmasin-2026")
        await press(admin, f"{staff_page}/klaim")
        note = "Paket tidak tampil di daftar lelang SPSE sejak sinkronisasi pukul 08.00 WITA."
        await press(admin, f"{staff_page}/eskalasi", {"reason": "Perlu penanganan LKPP.", "lkpp_note": note})

        box: dict[str, dict[str, object]] = {}

        async def forwarded() -> bool:
            found = await facts(stack.nats_url, "GATEWAY", ticket)
            if found:
                box["fact"] = found[0]
            return bool(found)

        await eventually(forwarded, timeout=60, what="the gateway's forward to LKPP")
        lkpp_ref = str(box["fact"]["lkpp_ref"])

        async def shows_lkpps_number() -> bool:  # the helpdesk hears LKPP's number through its own durable
            return lkpp_ref in (await reporter.get(status)).text

        await eventually(shows_lkpps_number, timeout=30, what="LKPP's number on the status page")
        page = (await reporter.get(status)).text

    # BJM-7: the 5 hari kerja do not apply once the problem goes to the helpdesk LKPP.
    bjm_7 = "Batas waktu 5 hari kerja tidak berlaku karena kendala ditindaklanjuti ke helpdesk LKPP (tidak terbatas)."
    assert bjm_7 in page
    assert "Di Helpdesk LKPP" in page and note not in page  # the note for LKPP is the desk's, not the reporter's
    assert [step(f) for f in await facts(stack.nats_url, "HELPDESK", ticket)][-1] == "escalated(lkpp)"
