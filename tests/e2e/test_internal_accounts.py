"""Internal accounts end to end on the whole stack, as people use it: a Temanggung PPK asks for an account on the
public form; the Front Office checks the file, the Kabag PBJ gives the disposition, an Admin Agency officer prepares
the account, checking it himself is refused, a second officer confirms; identity makes the account, the set-password
email arrives, the PPK sets a password and signs in. Then a Depok auditor whose grant scopes its landing page."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from devstack.stack import Stack
from tests.e2e.driver import sign_in_as, wait_for_mail
from tests.support import SiteClient, eventually, unique_email

pytestmark = pytest.mark.e2e
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(code: str) -> tuple[str, tuple[str, bytes, str]]:
    return (f"doc_{code}", (f"{code}.pdf", PDF, "application/pdf"))


async def request_path(staff: SiteClient, reference: str) -> str:
    """The request's page in the desk's queue (the queue is read as the officer sees it)."""
    found: dict[str, str] = {}

    async def listed() -> bool:
        page = (await staff.get("/helpdesk/staf/akun/")).text
        match = re.search(rf'href="(/helpdesk/staf/akun/[0-9a-f-]+)">{reference}<', page)
        if match:
            found["path"] = match.group(1)
        return match is not None

    await eventually(listed, what=f"{reference} in the account queue")
    return found["path"]


async def test_a_temanggung_ppk_gets_an_account_checked_by_a_second_officer_and_signs_in(stack: Stack) -> None:
    email = unique_email("ppk")
    username = f"ppk.{secrets.token_hex(3)}"
    async with SiteClient(base_url=stack.front_url) as person:
        form = await person.get("/helpdesk/temanggung/akun/")
        assert "TMG-2 · Pelayanan Pembuatan Akun PA, Kepala Bagian PBJ, PPK, PP dan Pokja Pemilihan" in form.text
        fields = {
            "service_id": "TMG-2",
            "name": "Siti Rahayu",
            "nip": "198703122010012003",
            "unit": "Dinas Pekerjaan Umum dan Penataan Ruang",
            "role": "ppk",
            "email": email,
            "phone": "081234567890",
        }
        files = [pdf("surat_tugas_sk_penunjukan"), pdf("formulir_pengajuan_akun"), pdf("sertifikat_dasar_pbj")]
        sent = await person.post("/helpdesk/temanggung/akun/", data=fields, files=files)
        assert sent.status_code == 303, sent.text
        status_path = sent.headers["location"].split("?")[0]
        status = (await person.get(status_path)).text
        reference = re.search(r'id="request-reference">([^<]+)<', (await person.get(sent.headers["location"])).text)
        assert reference and "Diajukan, menunggu pemeriksaan berkas" in status
        received = await wait_for_mail(person, email, f"Permohonan akun {reference.group(1)} diterima")
        assert "2 x 24 jam" in received["text"] and "198703122010012003" not in received["text"]

    async with SiteClient(base_url=stack.front_url) as front:
        await sign_in_as(front, "helpdesk.temanggung", "helpdesk-temanggung-2026")
        path = await request_path(front, reference.group(1))
        await front.post(f"{path}/klaim")
        checked = await front.post(f"{path}/periksa", data={"hasil": "lengkap"}, follow_redirects=True)
        assert "Berkas lengkap, menunggu disposisi Kabag PBJ" in checked.text
    async with SiteClient(base_url=stack.front_url) as kabag:
        await sign_in_as(kabag, "kepala.temanggung", "kepala-temanggung-2026")
        disposed = await kabag.post(f"{path}/disposisi", follow_redirects=True)
        assert "Didisposisikan kepada Admin Agency" in disposed.text
    async with SiteClient(base_url=stack.front_url) as preparer:
        await sign_in_as(preparer, "adminagency.temanggung", "adminagency-temanggung-2026")
        prepared = await preparer.post(f"{path}/siapkan", data={"username": username}, follow_redirects=True)
        assert "Akun disiapkan, menunggu pengecekan ulang petugas lain" in prepared.text
        own = await preparer.post(f"{path}/cek-ulang", data={"hasil": "benar"}, follow_redirects=True)
        assert "Pengecekan ulang harus dilakukan oleh petugas lain, bukan pembuat akun" in own.text
    async with SiteClient(base_url=stack.front_url) as checker:
        await sign_in_as(checker, "adminagency2.temanggung", "adminagency2-temanggung-2026")
        confirmed = await checker.post(f"{path}/cek-ulang", data={"hasil": "benar"}, follow_redirects=True)
        assert "Disetujui, akun sedang dibuat" in confirmed.text or "Selesai" in confirmed.text

    async with SiteClient(base_url=stack.front_url) as person:
        made = await wait_for_mail(person, email, f"Akun {username} telah dibuat")
        link = re.search(r"https?://\S+(/identitas/sandi/[A-Za-z0-9_\-]+)", made["text"])
        assert link, made["text"]
        done = await wait_for_mail(person, email, f"Permohonan akun {reference.group(1)} selesai")
        assert username in done["text"] and "Tautan untuk mengatur kata sandi dikirim terpisah" in done["text"]
        page = (await person.get(status_path)).text
        assert f'id="username"><strong>{username}</strong>' in page and "Selesai" in page
        set_page = await person.get(link.group(1))
        assert set_page.status_code == 200 and username in set_page.text
        chosen = "Sandi-PPK-Temanggung-2026"
        set_done = await person.post(link.group(1), data={"new": chosen, "repeat": chosen})
        assert set_done.status_code == 303, set_done.text
        await sign_in_as(person, username, chosen)
        signed_in = await person.get("/staf/sandi")
        assert signed_in.status_code == 200 and "Siti Rahayu (ppk)" in signed_in.text, "signed in as the new PPK"


async def test_a_depok_auditors_grant_scopes_its_landing_page(stack: Stack) -> None:
    email = unique_email("apip")
    username = f"apip.{secrets.token_hex(3)}"
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    async with SiteClient(base_url=stack.front_url) as person:
        sent = await person.post(
            "/helpdesk/depok/akun/",
            data={
                "service_id": "DPK-3a",
                "name": "Bambang Sutrisno",
                "nip": "197805152005011004",
                "unit": "Inspektorat Kota Depok",
                "role": "auditor",
                "email": email,
                "phone": "081298765432",
                "agency_type": "APIP",
                "agency_name": "Inspektorat Kota Depok",
                "tenders": "10234567, 10234568",
                "access_from": today.isoformat(),
                "access_until": (today + timedelta(days=90)).isoformat(),
            },
            files=[pdf("formulir_hak_akses_auditor")],
        )
        assert sent.status_code == 303, sent.text
        reference = re.search(r'id="request-reference">([^<]+)<', (await person.get(sent.headers["location"])).text)
        assert reference
    async with SiteClient(base_url=stack.front_url) as front:
        await sign_in_as(front, "helpdesk.depok", "helpdesk-depok-2026")
        path = await request_path(front, reference.group(1))
        await front.post(f"{path}/periksa", data={"hasil": "lengkap"})
    async with SiteClient(base_url=stack.front_url) as ppe:
        await sign_in_as(ppe, "adminppe.depok", "adminppe-depok-2026")
        approved = await ppe.post(f"{path}/siapkan", data={"username": username}, follow_redirects=True)
        assert "Permohonan ini diputuskan" not in approved.text
    async with SiteClient(base_url=stack.front_url) as auditor:
        made = await wait_for_mail(auditor, email, f"Akun {username} telah dibuat")
        link = re.search(r"https?://\S+(/identitas/sandi/[A-Za-z0-9_\-]+)", made["text"])
        assert link, made["text"]
        chosen = "Sandi-APIP-Depok-2026"
        assert (await auditor.post(link.group(1), data={"new": chosen, "repeat": chosen})).status_code == 303
        await sign_in_as(auditor, username, chosen)

        async def scoped() -> bool:
            page = (await auditor.get("/helpdesk/staf/audit/")).text
            return "<li>10234567</li><li>10234568</li>" in page

        await eventually(scoped, what="the auditor's tenders on its landing page")
        page = (await auditor.get("/helpdesk/staf/audit/")).text
        until = (today + timedelta(days=90)).strftime("%d/%m/%Y")
        assert f"{today.strftime('%d/%m/%Y')} s.d. {until} (WIB)" in page
        assert (await auditor.get("/helpdesk/staf/akun/")).status_code == 403, "an auditor works no desk"
