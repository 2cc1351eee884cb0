"""A forensic test end to end on the whole stack (Depok DPK-2d): a Pokja files two bid files, the Helpdesk escalates,
the Admin PPE records that they did not open and escalates to LKPP and BSSN; the simulators' signed callbacks come
back through the gateway; with both answers on the case the Admin PPE issues the Berita Acara Hasil Uji Forensik,
and the email in the capture carries it as a PDF whose text holds the SHA-256 of the bytes the Pokja uploaded."""

from __future__ import annotations

import hashlib
import io
import secrets

import pytest
from pypdf import PdfReader

from devstack.stack import Stack
from tests.e2e.driver import sign_in_as, wait_for_mail
from tests.support import SiteClient, eventually

pytestmark = pytest.mark.e2e
BASE = "/helpdesk/staf/forensik"
POKJA_EMAIL = "pokja.depok@contoh.go.id"


async def press(client: SiteClient, path: str, data: dict[str, str] | None = None) -> None:
    """A button on the case: back on the case, without a refusal."""
    sent = await client.post(path, data=data or {})
    assert sent.status_code == 303, sent.text
    assert "galat" not in sent.headers["location"], sent.headers["location"]


async def test_a_forensic_test_from_the_pokja_to_lkpp_and_bssn_and_back_as_a_berita_acara(stack: Stack) -> None:
    bids = [b"APENDO\x00" + secrets.token_bytes(300_000), b"APENDO\x00" + secrets.token_bytes(120_000)]
    digests = [hashlib.sha256(b).hexdigest() for b in bids]
    tender = f"1{secrets.randbelow(10**7):07d}"
    url = stack.front_url
    async with SiteClient(base_url=url) as pokja, SiteClient(base_url=url) as helpdesk, SiteClient(base_url=url) as ppe:
        await sign_in_as(pokja, "pokja.depok", "pokja-depok-2026")
        form = await pokja.get(f"{BASE}/baru")
        assert form.status_code == 200 and "Permohonan Uji Forensik · LPSE Kota Depok" in form.text
        uploads = [("formulir", ("formulir-uji-forensik.pdf", b"%PDF-1.7\n%ttd\n%%EOF\n", "application/pdf"))]
        uploads += [("berkas", (f"penawaran-{i}.rhs", b, "application/octet-stream")) for i, b in enumerate(bids)]
        data = {
            "tender_id": tender,
            "tender_name": "Pembangunan Gedung Puskesmas Cilodong",
            "description": "Dua dokumen penawaran tidak dapat dibuka pada tahap pembukaan penawaran.",
            "requester_nip": "198001012005011001",
            "requester_email": POKJA_EMAIL,
        }
        filed = await pokja.post(f"{BASE}/baru", data=data, files=uploads)
        assert filed.status_code == 303, filed.text
        case_id = filed.headers["location"].split("/")[-1].split("?")[0]
        own = f"{BASE}/saya/{case_id}"
        listed = (await pokja.get(own)).text
        assert digests[0] in listed and digests[1] in listed

        await sign_in_as(helpdesk, "helpdesk.depok", "helpdesk-depok-2026")
        await press(helpdesk, f"{BASE}/{case_id}/klaim")
        await press(helpdesk, f"{BASE}/{case_id}/eskalasi")

        await sign_in_as(ppe, "adminppe.depok", "adminppe-depok-2026")
        assert (await ppe.get(f"{BASE}/{case_id}/berkas/2")).content == bids[0]
        await press(ppe, f"{BASE}/{case_id}/klaim")
        trial = {"hasil": "tidak_terbuka", "text": "Dekripsi dengan Apendo dan kunci Pokja gagal untuk kedua berkas."}
        await press(ppe, f"{BASE}/{case_id}/uji", trial)
        await press(ppe, f"{BASE}/{case_id}/teruskan", {"text": "Mohon uji forensik atas kedua berkas penawaran."})

        async def both_answered() -> bool:
            page = (await pokja.get(own)).text
            return page.count("Sudah menjawab") == 2

        await eventually(both_answered, timeout=60, what="LKPP's and BSSN's answers on the case")
        page = (await pokja.get(own)).text
        assert "Proses di LKPP dan BSSN tidak memiliki batas waktu dalam standar pelayanan." in page
        assert "Hasil pemeriksaan LKPP (simulasi)" in page and "Hasil analisis BSSN (simulasi)" in page

        await press(ppe, f"{BASE}/{case_id}/klaim")
        await press(ppe, f"{BASE}/{case_id}/berita-acara", {"text": "Kedua penawaran tidak dapat dibuka."})
        mail = await wait_for_mail(pokja, POKJA_EMAIL, "Berita Acara Hasil Uji Forensik BA-UF/DPK/")
        (attached,) = mail["files"]
        assert attached["content_type"] == "application/pdf"
        pdf = (await pokja.get(attached["url"])).content
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
        assert digests[0] in text and digests[1] in text
        assert "LKPP-UF-" in text and "BSSN-UF-" in text and "Fajar Nugroho, S.T." in text
        assert (await pokja.get(f"{own}/berita-acara")).content == pdf
