"""A forensic test on the real PostgreSQL, JetStream and object store (Depok DPK-2d): the Pokja files two files,
the Helpdesk escalates, the Admin PPE records the trial and escalates to LKPP and BSSN, their word comes back
through the gateway's facts (each kept once, even redelivered), and the berita acara is issued with the digests of
the bytes sent; a refused form stores nothing; a return stops the 30 minutes and a resubmission starts them afresh."""

from __future__ import annotations

import asyncio
import functools
import io
import re
import uuid
from datetime import timedelta

import pytest
from nats.aio.client import Client
from nats.js.errors import NotFoundError
from pypdf import PdfReader

from contracts.envelope import Actor
from contracts.gateway import ForensicAnsweredV1, ForensicForwardedV1, ForensicForwardRefusedV1
from helpdesk.app import forensic_deadline_due
from helpdesk.forensic.clocks import KINDS
from lpse_runtime.clock import SettableClock
from lpse_runtime.sealing import LinkBox
from lpse_runtime.timers import TimerWorker
from services.helpdesk.tests.integration.forensic_site import (
    AT,
    BID_A,
    BID_B,
    FORM_PDF,
    LINK_SECRET,
    REQUEST,
    Site,
    sha,
    site,
)
from tests.support import eventually

pytestmark = pytest.mark.integration
__all__ = ["site"]
GATEWAY = Actor.system("gateway")
Upload = tuple[str, tuple[str, bytes, str]]


def about(case_id: uuid.UUID, reference: str) -> dict[str, object]:
    return {"occurred_at": AT, "lpse": "depok", "correlation_id": case_id, "actor": GATEWAY, "case_id": case_id}


async def escalated_to_lkpp_and_bssn(site: Site) -> uuid.UUID:
    case_id = await site.file()
    assert await site.step("helpdesk.depok", case_id, "klaim") is None
    assert await site.step("helpdesk.depok", case_id, "eskalasi") is None
    assert await site.step("adminppe.depok", case_id, "klaim") is None
    trial = {"hasil": "tidak_terbuka", "text": "Dekripsi dengan Apendo 4.2 dan kunci Pokja gagal."}
    assert await site.step("adminppe.depok", case_id, "uji", **trial) is None
    assert await site.step("adminppe.depok", case_id, "teruskan", text="Mohon uji forensik kedua berkas.") is None
    return case_id


async def test_a_filed_request_keeps_each_file_unaltered_under_its_digest_and_announces_them(site: Site) -> None:
    case_id = await site.file()
    rows = await site.pool.fetch("SELECT * FROM forensic_files WHERE test_id = $1 ORDER BY seq", case_id)
    assert [(r["role"], r["sha256"], r["size"]) for r in rows] == [
        ("formulir", sha(FORM_PDF), len(FORM_PDF)),
        ("berkas", sha(BID_A), len(BID_A)),
        ("berkas", sha(BID_B), len(BID_B)),
    ]
    store = await site.app.state.runtime.broker.config.connection_state.stream.object_store("HELPDESK_FORENSIC")
    for row, sent in zip(rows, (FORM_PDF, BID_A, BID_B), strict=True):
        assert (await store.get(row["object_name"])).data == sent
    (requested,) = await site.facts("requested")
    assert [(f["name"], f["sha256"], f["size"]) for f in requested["files"]] == [
        ("penawaran-0.rhs", sha(BID_A), len(BID_A)),
        ("penawaran-1.rhs", sha(BID_B), len(BID_B)),
    ]
    assert requested["due_at"] == "2026-12-14T02:40:00Z"  # 09.10 WIB + 30 working minutes
    assert requested["requester_email"] == "pokja.depok@contoh.go.id" and requested["channel"] == "web"
    custody = await site.custody(case_id)
    assert [a for _, a, _ in custody] == ["unggah", "unggah", "unggah", "ajukan"]
    assert custody[1] == ("pokja.depok", "unggah", f"penawaran-0.rhs sha256={sha(BID_A)}")


@pytest.mark.parametrize(
    ("change", "files", "field", "message"),
    [
        ({"requester_nip": "12345"}, None, "requester_nip", "NIP terdiri atas 18 angka."),
        (
            {},
            [
                ("formulir", ("formulir.pdf", FORM_PDF, "application/pdf")),
                ("berkas", ("a.rhs", BID_A, "application/octet-stream")),
                ("berkas", ("kosong.rhs", b"", "application/octet-stream")),
            ],
            "berkas",
            "kosong.rhs: berkas kosong",
        ),
        ({}, [("berkas", ("a.rhs", b"a", "application/octet-stream"))], "formulir", "Unggah Formulir Permohonan"),
        ({"description": "NIK 3276011234567890 milik penyedia"}, None, "description", "NIK"),
    ],
)
async def test_a_refused_request_says_why_beside_the_field_and_stores_nothing(
    site: Site, nc: Client, change: dict[str, str], files: list[Upload] | None, field: str, message: str
) -> None:
    uploads: list[Upload] = files or [
        ("formulir", ("formulir.pdf", FORM_PDF, "application/pdf")),
        ("berkas", ("a.rhs", BID_A, "application/octet-stream")),
    ]
    async with site.client("pokja.depok") as pokja:
        sent = await pokja.post("/helpdesk/staf/forensik/baru", data={**REQUEST, **change}, files=uploads)
    assert sent.status_code == 422
    beside = re.search(rf'id="{field}-error">([^<]*)<', sent.text)
    assert beside is not None and message in beside.group(1)
    assert await site.pool.fetchval("SELECT count(*) FROM forensic_tests") == 0
    assert await site.pool.fetchval("SELECT count(*) FROM forensic_files") == 0
    assert await site.pool.fetchval("SELECT count(*) FROM outbox") == 0
    with pytest.raises(NotFoundError):
        await nc.jetstream().object_store("HELPDESK_FORENSIC")


async def test_lkpp_and_bssn_answer_through_the_gateway_once_and_the_report_carries_the_digests(
    site: Site, nc: Client
) -> None:
    case_id = await escalated_to_lkpp_and_bssn(site)
    (external,) = await site.facts("escalated_external")
    assert external["parties"] == ["lkpp", "bssn"] and external["trial_outcome"] == "tidak_terbuka"
    assert [f["sha256"] for f in external["files"]] == [sha(BID_A), sha(BID_B)]
    reference = str(external["reference"])
    escalation = uuid.UUID(str(external["event_id"]))
    js = nc.jetstream()
    base = {**about(case_id, reference), "reference": reference}
    for party, ref in (("lkpp", "LKPP-UF-0091"), ("bssn", "BSSN-UF-22")):
        forwarded = ForensicForwardedV1(
            **base, escalation_event_id=escalation, party=party, external_ref=ref, attempts=1
        )
        await js.publish(forwarded.subject, forwarded.model_dump_json().encode())
    lkpp = ForensicAnsweredV1(**base, party="lkpp", external_ref="LKPP-UF-0091", finding="Kunci publik tidak cocok.")
    await js.publish(lkpp.subject, lkpp.model_dump_json().encode())
    await js.publish(lkpp.subject, lkpp.model_dump_json().encode())  # redelivered: kept once
    again = ForensicAnsweredV1(**{**lkpp.model_dump(), "event_id": uuid.uuid4()})  # repeated under a new id
    await js.publish(again.subject, again.model_dump_json().encode())

    async def lkpp_answered() -> bool:
        return bool(await site.pool.fetchval("SELECT count(*) = 4 FROM inbox"))

    await eventually(lkpp_answered, what="the forwarded facts and LKPP's answers handled")
    refusal = await site.step("adminppe.depok", case_id, "berita-acara", text="Hasil")
    assert refusal == "Tunggu jawaban LKPP dan BSSN sebelum menerbitkan berita acara."
    bssn = ForensicAnsweredV1(**base, party="bssn", external_ref="BSSN-UF-22", finding="Berkas utuh, kunci lama.")
    await js.publish(bssn.subject, bssn.model_dump_json().encode())

    async def both_answered() -> bool:
        return bool(await site.pool.fetchval("SELECT count(*) = 2 FROM forensic_parties WHERE state = 'dijawab'"))

    await eventually(both_answered, what="both answers on the case")
    answers = await site.facts("answer_received")
    assert [(a["party"], a["awaiting"]) for a in answers] == [("lkpp", ["bssn"]), ("bssn", [])]
    async with site.client("pokja.depok") as pokja:
        page = (await pokja.get(f"/helpdesk/staf/forensik/saya/{case_id}")).text
    assert "Proses di LKPP dan BSSN tidak memiliki batas waktu dalam standar pelayanan." in page
    assert "Kunci publik tidak cocok." in page and "Berkas utuh, kunci lama." in page

    site.clock.set(AT + timedelta(minutes=25))  # the Admin PPE renews the lease before the report
    assert await site.step("adminppe.depok", case_id, "klaim") is None
    assert await site.step("adminppe.depok", case_id, "berita-acara", text="Penawaran tidak dapat dibuka.") is None
    (issued,) = await site.facts("report_issued")
    assert re.fullmatch(r"BA-UF/DPK/2026/0001", issued["report_number"])
    assert issued["within_deadline"] is True
    (attachment,) = issued["attachments"]
    link = httpx_path(LinkBox(LINK_SECRET).open(attachment["url"]))
    async with site.client() as notifier:
        pdf = await notifier.get(link)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert sha(pdf.content) == attachment["sha256"]
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).replace("\n", "")
    assert sha(BID_A) in text and sha(BID_B) in text
    assert "LKPP-UF-0091" in text and "BSSN-UF-22" in text and "Andi Admin PPE" in text and "Budi Helpdesk" in text
    actions = [a for _, a, _ in await site.custody(case_id)]
    assert actions[-6:] == [
        "jawaban_pihak",
        "jawaban_pihak",
        "klaim",
        "terbitkan_berita_acara",
        "berita_acara",
        "unduh",
    ]
    assert actions.count("diterima_pihak") == 2


def httpx_path(url: str) -> str:
    """The path of an absolute link (the app is served in-process)."""
    return re.sub(r"^https?://[^/]+", "", url)


async def test_a_partys_refusal_brings_the_case_back_to_the_admin_ppe(site: Site, nc: Client) -> None:
    case_id = await escalated_to_lkpp_and_bssn(site)
    (external,) = await site.facts("escalated_external")
    refused = ForensicForwardRefusedV1(
        **about(case_id, str(external["reference"])),
        reference=str(external["reference"]),
        escalation_event_id=uuid.UUID(str(external["event_id"])),
        party="bssn",
        http_status=422,
        reason="format berkas",
        attempts=1,
    )
    await nc.jetstream().publish(refused.subject, refused.model_dump_json().encode())

    async def back() -> bool:
        return bool(await site.pool.fetchval("SELECT status = 'uji_dicatat' FROM forensic_tests"))

    await eventually(back, what="the case back at the Admin PPE")
    assert await site.pool.fetchval("SELECT refusal FROM forensic_parties WHERE party = 'bssn'") == (
        "BSSN menolak (HTTP 422): format berkas"
    )


async def test_a_return_stops_the_thirty_minutes_and_the_completion_starts_them_afresh(site: Site) -> None:
    case_id = await site.file(files=(BID_A,))
    assert await site.step("helpdesk.depok", case_id, "klaim") is None
    returned = await site.step(
        "helpdesk.depok", case_id, "kembalikan", kurang="file_uji_forensik", text="Berkas peserta kedua belum ada."
    )
    assert returned is None
    row = await site.pool.fetchrow("SELECT status, clock_stopped_at, clock_due_at FROM forensic_tests")
    assert (row["status"], row["clock_stopped_at"]) == ("dikembalikan", AT)
    assert await site.pool.fetchval("SELECT count(*) FROM timers WHERE cancelled_at IS NULL") == 0
    site.clock.set(AT + timedelta(minutes=20))  # 09.30 WIB
    async with site.client("pokja.depok") as pokja:
        sent = await pokja.post(
            f"/helpdesk/staf/forensik/saya/{case_id}/lengkapi",
            files=[("berkas", ("penawaran-cv.rhs", BID_B, "application/octet-stream"))],
        )
    assert (sent.status_code, sent.headers["location"]) == (303, f"/helpdesk/staf/forensik/saya/{case_id}")
    (resubmitted,) = await site.facts("resubmitted")
    assert resubmitted["due_at"] == "2026-12-14T03:00:00Z"  # 09.30 WIB + 30 minutes, not the first 09.40
    assert [f["sha256"] for f in resubmitted["files"]] == [sha(BID_A), sha(BID_B)]
    assert await site.pool.fetchval("SELECT status FROM forensic_tests") == "diajukan"


async def test_the_breach_of_the_thirty_minutes_is_a_fact_for_the_heads_and_a_reminder_comes_first(site: Site) -> None:
    case_id = await site.file(files=(BID_A,))
    fire = functools.partial(forensic_deadline_due, site.app.state.runtime)
    early = TimerWorker(site.pool, SettableClock(AT + timedelta(minutes=23)), fire, kinds=KINDS)
    assert await early.fire_due() == 0
    reminder = TimerWorker(site.pool, SettableClock(AT + timedelta(minutes=24)), fire, kinds=KINDS)
    assert await reminder.fire_due() == 1
    breach = TimerWorker(site.pool, SettableClock(AT + timedelta(minutes=30)), fire, kinds=KINDS)
    await asyncio.gather(breach.fire_due(), breach.fire_due())
    (approaching,) = await site.facts("deadline_approaching")
    (breached,) = await site.facts("deadline_breached")
    assert approaching["case_id"] == breached["case_id"] == str(case_id)
    assert breached["due_at"] == "2026-12-14T02:40:00Z" and breached["clock"] == "uji_coba_dan_eskalasi"
    assert await site.pool.fetchval("SELECT clock_breached_at FROM forensic_tests") == AT + timedelta(minutes=30)
