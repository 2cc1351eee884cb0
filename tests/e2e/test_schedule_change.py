"""Ubah jadwal (Depok DPK-2c) on the whole stack through the front door, with the seeded staff: a Pokja signed in
files a change with its signed letter, the Helpdesk escalates it, the Admin PPE approves it (the email carries the
changed schedule, the status page shows it) or refuses it (the email and the status page carry the reason)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from devstack.stack import Stack
from tests.e2e.driver import sign_in_as, wait_for_mail
from tests.support import SiteClient

pytestmark = pytest.mark.e2e
WIB = ZoneInfo("Asia/Jakarta")
POKJA = "pokja.depok@contoh.go.id"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def local(days: int) -> datetime:
    """A whole hour some days from now, in WIB."""
    return (
        (datetime.now(UTC) + timedelta(days=days)).astimezone(WIB).replace(hour=10, minute=0, second=0, microsecond=0)
    )


def field(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def shown(moment: datetime) -> str:
    """A time as the pages and emails write it: '8 Desember 2026 10.00 WIB'."""
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember"]  # fmt: skip
    return f"{moment.day} {months[moment.month - 1]} {moment.year} {moment:%H.%M} WIB"


async def file_as_pokja(stack: Stack, tender_id: str) -> tuple[str, str]:
    """The seeded Pokja of Depok files a change of the upload deadline; returns (its reference, its status path)."""
    async with SiteClient(base_url=stack.front_url) as pokja:
        await sign_in_as(pokja, "pokja.depok", "pokja-depok-2026")
        form = await pokja.get("/helpdesk/staf/jadwal/baru")
        assert "Ajukan perubahan jadwal tender" in form.text
        data = {
            "submission_key": str(uuid.uuid4()),
            "email": POKJA,
            "tender_id": tender_id,
            "tender_name": "Rehabilitasi Saluran Drainase Jalan Margonda",
            "stage": "batas_akhir_upload",
            "old_at": field(local(3)),
            "new_at": field(local(5)),
            "reason": "Adendum dokumen pemilihan: penyedia memerlukan tambahan waktu menyiapkan penawaran.",
        }
        sent = await pokja.post(
            "/helpdesk/staf/jadwal/baru", data=data, files=[("letter", ("surat-ubah-jadwal.png", PNG, "image/png"))]
        )
        assert sent.status_code == 303, sent.text
        receipt = await pokja.get(sent.headers["location"])
        reference = re.search(r'id="received-reference">(JDW-[A-Z0-9-]+)<', receipt.text)
        assert reference, receipt.text
        mine = await pokja.get("/helpdesk/staf/jadwal/saya")
        assert tender_id in mine.text and "Diajukan, diperiksa Helpdesk" in mine.text
    return reference.group(1), str(sent.headers["location"]).split("?")[0]


async def escalate(stack: Stack, tender_id: str) -> str:
    """The Helpdesk finds the request in its queue, claims it and escalates it; returns the staff page's path."""
    async with SiteClient(base_url=stack.front_url) as desk:
        await sign_in_as(desk, "helpdesk.depok", "helpdesk-depok-2026")
        queue = (await desk.get("/helpdesk/staf/jadwal/")).text
        row = re.search(
            rf'<a href="(/helpdesk/staf/jadwal/[0-9a-f-]+)">(JDW-[A-Z0-9-]+)</a>[^\n]*\n<td>{tender_id}', queue
        )
        assert row, queue
        path = row.group(1)
        await desk.post(f"{path}/klaim")
        escalated = await desk.post(f"{path}/eskalasi", follow_redirects=True)
        assert "galat" not in str(escalated.url) and "Dieskalasi ke Admin PPE" in escalated.text
    return path


async def test_a_change_filed_escalated_and_approved_reaches_the_pokja(stack: Stack) -> None:
    tender = "1001" + str(uuid.uuid4().int)[:8]
    reference, status_path = await file_as_pokja(stack, tender)
    async with SiteClient(base_url=stack.front_url) as mail:
        received = await wait_for_mail(mail, POKJA, f"{reference} diterima")
        assert "Batas akhir upload penawaran" in received["text"]
    path = await escalate(stack, tender)
    set_at = local(5) + timedelta(hours=1)
    async with SiteClient(base_url=stack.front_url) as admin:
        await sign_in_as(admin, "adminppe.depok", "adminppe-depok-2026")
        await admin.post(f"{path}/klaim")
        changed = datetime.now(UTC).astimezone(WIB).replace(second=0, microsecond=0)
        approved = await admin.post(
            f"{path}/setujui", data={"set_at": field(set_at), "changed_at": field(changed)}, follow_redirects=True
        )
        assert "galat" not in str(approved.url), approved.text
        assert "Disetujui, jadwal diubah di SPSE" in approved.text
    async with SiteClient(base_url=stack.front_url) as mail:
        email = await wait_for_mail(mail, POKJA, f"Jadwal tender {tender} telah diubah")
    assert f"Jadwal baru di SPSE: {shown(set_at)}" in email["text"]
    assert f"Jadwal semula: {shown(local(3))}" in email["text"]
    link = re.search(r"(http://\S+/helpdesk/jadwal/\S+)", email["text"])
    assert link and link.group(1).endswith(status_path.rsplit("/", 1)[1])
    async with SiteClient(base_url=stack.front_url) as pokja:
        page = (await pokja.get(status_path)).text
    assert "Data jadwal lelang/tender yang diubah" in page and shown(set_at) in page
    assert "Dieskalasi ke Admin PPE" in page and "Admin PPE (adminppe.depok)" in page


async def test_a_change_refused_carries_its_reason_to_the_pokja(stack: Stack) -> None:
    tender = "2002" + str(uuid.uuid4().int)[:8]
    reference, status_path = await file_as_pokja(stack, tender)
    path = await escalate(stack, tender)
    reason = "Pembukaan penawaran sudah berjalan di SPSE; jadwal tidak dapat diubah."
    async with SiteClient(base_url=stack.front_url) as admin:
        await sign_in_as(admin, "adminppe.depok", "adminppe-depok-2026")
        await admin.post(f"{path}/klaim")
        refused = await admin.post(f"{path}/tolak", data={"alasan": reason}, follow_redirects=True)
        assert "galat" not in str(refused.url) and "Ditolak" in refused.text
    async with SiteClient(base_url=stack.front_url) as mail:
        email = await wait_for_mail(mail, POKJA, f"{reference} ditolak")
    assert f"Alasan: {reason}" in email["text"]
    async with SiteClient(base_url=stack.front_url) as pokja:
        page = (await pokja.get(status_path)).text
    assert "Alasan penolakan" in page and reason in page
