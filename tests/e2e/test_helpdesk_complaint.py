"""A complaint end to end on a whole stack whose clocks stand on Friday 14 August 2026, after Banjarmasin's closing
and before HUT RI (Mon 17 Aug) and the long weekend: both of its clocks count from Tuesday's opening."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import nats
import pytest

from devstack.stack import Stack
from tests.e2e.driver import shows, sign_in_as
from tests.support import SiteClient, eventually, unique_email

pytestmark = pytest.mark.e2e
WITA = ZoneInfo("Asia/Makassar")
FRIDAY_AFTER_CLOSING = datetime(2026, 8, 14, 16, 45, tzinfo=WITA)


@pytest.fixture(scope="module")
def friday_stack() -> Iterator[Stack]:
    """The whole stack, every process's clock moved so that it starts at Fri 14 Aug 2026 16:45 WITA."""
    root = Path(tempfile.mkdtemp(prefix="lpse-pengaduan-"))
    offset = (FRIDAY_AFTER_CLOSING - datetime.now(UTC)).total_seconds()
    stack = Stack(run_dir=root / "run", progress=lambda line: print(line, file=sys.stderr))
    before = os.environ.get("LPSE_CLOCK_OFFSET_SECONDS")
    os.environ["LPSE_CLOCK_OFFSET_SECONDS"] = f"{offset:.3f}"  # the stack passes its environment to each service
    try:
        stack.start()
        yield stack
    finally:
        if before is None:
            os.environ.pop("LPSE_CLOCK_OFFSET_SECONDS", None)
        else:
            os.environ["LPSE_CLOCK_OFFSET_SECONDS"] = before
        stack.stop()
        shutil.rmtree(root, ignore_errors=True)


async def last_fact(stack: Stack, subject: str) -> dict[str, object]:
    """The last fact published on a subject of the HELPDESK stream."""
    nc = await nats.connect(stack.nats_url)
    try:
        message = await nc.jetstream().get_last_msg("HELPDESK", subject)
    finally:
        await nc.close()
    found: dict[str, object] = json.loads(message.data or b"{}")
    return found


async def test_banjarmasin_complaint_on_friday_after_closing_before_hut_ri(friday_stack: Stack) -> None:
    stack = friday_stack
    email = unique_email("pengadu")
    async with SiteClient(base_url=stack.front_url) as pengadu, SiteClient(base_url=stack.front_url) as verifier:
        form = await pengadu.get("/helpdesk/banjarmasin/pengaduan/")
        assert "Pengaduan atas pelayanan · LPSE Kota Banjarmasin" in form.text
        sent = await pengadu.post(
            "/helpdesk/banjarmasin/pengaduan/",
            data={
                "name": "Rahmat Hidayat",
                "address": "Jl. Lambung Mangkurat No. 1, Banjarmasin",
                "email": email,
                "service_id": "BJM-1",
                "service_date": "2026-07-10",  # Fri 10 Jul 2026: 35 days before, past Pasal 8(3)'s 30
                "description": "Aktivasi user ID tidak selesai dalam 30 menit seperti standar pelayanan.",
                "losses": "Tidak dapat mengikuti tender yang ditutup hari itu.",
                "remedy": "Aktivasi segera dan penjelasan tertulis.",
                "place": "Banjarmasin",
                "declaration": "ya",
                "signature": "Rahmat Hidayat",
            },
        )
        assert sent.status_code == 303, sent.text
        status_path = sent.headers["location"].split("?")[0]

        # The receipt and the status page: received after closing on Friday, late but accepted, and both clocks
        # counted from Tuesday 18 Aug 08:00 (Sat, Sun, Mon 17 Aug HUT RI): Wed 19, Thu 20, Fri 21 (3 hari kerja);
        # Mon 24, Wed 26 (Tue 25 Maulid Nabi), Thu 27 (6 hari kerja).
        page = (await pengadu.get(sent.headers["location"])).text
        reference = re.search(r'id="complaint-reference">([A-Z0-9-]+)<', page)
        assert reference, page
        assert re.search(r'id="received-at">14 Agustus 2026 1[67]\.\d\d WITA<', page), "received on the Friday"
        assert '<span class="badge" id="late">Terlambat</span> disampaikan 35 hari setelah pelayanan' in page
        assert "Tanggapan atas pengaduan</strong>: paling lambat 21 Agustus 2026 08.00 WITA" in page
        assert "Respon pengaduan</strong>: paling lambat 27 Agustus 2026 08.00 WITA" in page

        fact = await last_fact(stack, "helpdesk.banjarmasin.complaint.received.v1")
        assert fact["reference"] == reference.group(1) and fact["late"] is True and fact["days_since_service"] == 35
        dues = {d["name"]: datetime.fromisoformat(d["due_at"]) for d in fact["dues"]}  # type: ignore[attr-defined]
        assert dues == {
            "tanggapan": datetime(2026, 8, 21, 8, 0, tzinfo=WITA),
            "respon": datetime(2026, 8, 27, 8, 0, tzinfo=WITA),
        }
        assert "Rahmat" not in json.dumps(fact) and "Lambung" not in json.dumps(fact)

        # The verifier of Banjarmasin finds it in the queue with its late badge, acknowledges it complete and
        # responds.
        await sign_in_as(verifier, "verifikator.banjarmasin", "banjarmasin-2026")
        queue = (await verifier.get("/helpdesk/staf/pengaduan/")).text
        row = re.search(rf'<a href="(/helpdesk/staf/pengaduan/[0-9a-f-]+)">{reference.group(1)}</a>([^\n]*)', queue)
        assert row, queue
        assert "Terlambat (&gt; 30 hari)" in row.group(2)
        path = row.group(1)
        claimed = await verifier.post(f"{path}/klaim", follow_redirects=True)
        assert 'id="holder">verifikator.banjarmasin<' in claimed.text
        complete = await verifier.post(f"{path}/tanggapi", data={"hasil": "lengkap"}, follow_redirects=True)
        assert "Materi lengkap, sedang ditangani" in complete.text
        answered = await verifier.post(
            f"{path}/respon",
            data={"text": "Akun Anda telah diaktifkan; keterlambatan karena gangguan jaringan."},
            follow_redirects=True,
        )
        assert "Sudah direspon" in answered.text and "galat" not in str(answered.url)

        await eventually(lambda: shows(pengadu, status_path, "Sudah direspon"), what="the response on the status page")
        final = (await pengadu.get(status_path)).text
        assert "Akun Anda telah diaktifkan" in final
        assert "Tanggapan atas pengaduan</strong>: dipenuhi 14 Agustus 2026" in final
        responded = await last_fact(stack, "helpdesk.banjarmasin.complaint.responded.v1")
        assert responded["reference"] == reference.group(1) and responded["within_deadline"] is True
        acknowledged = await last_fact(stack, "helpdesk.banjarmasin.complaint.acknowledged.v1")
        assert acknowledged["content_complete"] is True
