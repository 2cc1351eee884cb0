"""The counter visit end to end: the invitation email, the status page and the queue while the case waits, the
check-in and the hand-over at the counter, and the clock from then on; an online LPSE needs none of it."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from devstack.stack import Stack
from tests.e2e.driver import (
    check_documents,
    mail_to,
    open_case_as,
    open_draft,
    receive_at_counter,
    shows,
    submit_application,
    wait_for_mail,
)
from tests.support import SiteClient, eventually, unique_email

pytestmark = pytest.mark.e2e


async def test_banjarmasin_invites_checks_in_and_receives_the_file_then_the_clock_runs(stack: Stack) -> None:
    email = unique_email("loket")
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as helpdesk,
        SiteClient(base_url=stack.front_url) as verifier,
    ):
        reference, status_path = await submit_application(applicant, "banjarmasin", email, "CV Datang Ke Loket")

        # BJM-1 step 5: the email that asks the applicant to come, with where, when and what to bring.
        invitation = await wait_for_mail(applicant, email, "silakan datang ke loket")
        text = invitation["text"]
        assert reference in text and f"{stack.front_url}{status_path}" in text
        assert "Alamat: Bagian Layanan Pengadaan Setdako Banjarmasin, Jl. RE. Martadinata No.1" in text
        assert "- Senin–Kamis 08.00–16.00 WITA (istirahat 12.00–13.00)" in text
        assert "- KTP Direktur: asli dan fotokopi" in text
        assert "Tenggat layanan (30 menit) mulai berjalan saat berkas Anda diterima di loket." in text

        await eventually(
            lambda: shows(applicant, status_path, "Menunggu kedatangan Anda di loket LPSE Kota Banjarmasin"),
            what="the status page to say the case waits for the visit",
        )
        waiting = (await applicant.get(status_path)).text
        assert "KTP Direktur: asli dan fotokopi" in waiting and "08.00–16.00 WITA" in waiting
        assert 'id="deadline"' not in waiting, "no deadline while the clock waits for the file"
        assert '<span class="badge submitted" id="status">Menunggu kedatangan Anda di loket</span>' in waiting

        # The queue says which step the case waits on, and filters by it; no verifier can take it yet.
        case_path = await open_case_as(verifier, "verifikator.banjarmasin", "banjarmasin-2026", reference)
        row = _queue_row((await verifier.get("/staf/", params={"status": "awaiting_visit"})).text, reference)
        assert "Menunggu kedatangan pemohon di loket" in row and "mulai saat berkas diterima di loket" in row
        assert reference not in (await verifier.get("/staf/", params={"status": "queued"})).text
        refused = await verifier.post(f"{case_path}/klaim", follow_redirects=True)
        assert "tidak berlaku untuk kasus berstatus &#39;Menunggu kedatangan pemohon di loket&#39;" in refused.text

        # Steps 7-8: the helpdesk records the arrival (guest book), then receives the file.
        await open_case_as(helpdesk, "helpdesk.banjarmasin", "helpdesk-banjarmasin-2026", reference)
        arrived = await helpdesk.post(f"{case_path}/datang", follow_redirects=True)
        assert "Pemohon sudah datang, berkas belum diserahkan" in arrived.text
        row = _queue_row((await helpdesk.get("/staf/", params={"status": "checked_in"})).text, reference)
        assert "Pemohon sudah datang" in row
        await eventually(
            lambda: shows(applicant, status_path, "Anda sudah tercatat di loket"), what="the status page: checked in"
        )
        received = await helpdesk.post(f"{case_path}/terima-berkas", follow_redirects=True)
        assert "Berkas diterima di loket, menunggu verifikator" in received.text
        assert "oleh helpdesk.banjarmasin" in received.text and "Aktivasi User ID (30 menit)" in received.text

        # From the hand-over the 30 minutes run: the queue, the email and the status page show the deadline.
        row = _queue_row((await verifier.get("/staf/", params={"status": "queued"})).text, reference)
        assert "Berkas diterima di loket" in row and "jatuh tempo" in row and "WITA" in row
        handed = await wait_for_mail(applicant, email, "terima di loket")
        assert "Tenggat layanan (30 menit) mulai berjalan: paling lambat" in handed["text"]
        await eventually(lambda: shows(applicant, status_path, 'id="deadline"'), what="the deadline on the page")
        assert "Menunggu kedatangan" not in (await applicant.get(status_path)).text

        # At the counter the verifier records that the original was seen.
        await verifier.post(f"{case_path}/klaim")
        assert "asli dilihat, salinan sesuai" in (await verifier.get(case_path)).text


async def test_magelang_verifies_the_uploads_online_without_a_visit(stack: Stack) -> None:
    email = unique_email("daring")
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as verifier,
    ):
        reference, status_path = await submit_application(applicant, "magelang", email, "CV Unggah Daring")
        await eventually(lambda: shows(applicant, status_path, 'id="deadline"'), what="the deadline at once")
        case_path = await open_case_as(verifier, "verifikator.magelang", "magelang-2026", reference)
        assert "Menunggu verifikator" in _queue_row((await verifier.get("/staf/")).text, reference)
        await verifier.post(f"{case_path}/klaim")
        page = (await verifier.get(case_path)).text
        assert "unggahan sesuai" in page and "asli dilihat" not in page, "online, no claim to have seen an original"
        assert await mail_to(applicant, email, "silakan datang ke loket") is None


async def test_magelang_applicant_may_come_to_the_mpp_counter_instead_and_signs_the_berita_acara(
    stack: Stack,
) -> None:
    # [000] MGL-M: "1. Permohonan Off line; 2. Permohonan On Line"; the offline lane ends in "Menanda tangani
    # Berita Acara verifikasi/ Ceklis Dokumen".
    email = unique_email("mpp")
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as verifier,
    ):
        draft = await open_draft(applicant, "magelang", unique_email("pilihan"))
        form = (await applicant.get(draft)).text
        assert 'name="verification_mode" value="unggahan" checked' in form, "online is the default lane"
        assert "Tenan UKPBJ, Mal Pelayanan Publik (MPP) Kota Magelang" in form
        refused = await applicant.post(draft, data={"action": "kirim", "verification_mode": "pos"})
        assert "Pilih salah satu cara verifikasi berkas yang tersedia." in refused.text

        reference, _ = await submit_application(
            applicant, "magelang", email, "CV Datang Ke MPP", verification_mode="loket"
        )
        invitation = await wait_for_mail(applicant, email, "silakan datang ke loket")
        assert "Alamat: Tenan UKPBJ, Mal Pelayanan Publik (MPP) Kota Magelang" in invitation["text"]
        assert "Tenggat layanan (12 Jam) mulai berjalan saat berkas Anda diterima di loket." in invitation["text"]
        case_path = await open_case_as(verifier, "verifikator.magelang", "magelang-2026", reference)
        await receive_at_counter(verifier, case_path)
        await verifier.post(f"{case_path}/klaim")
        assert "asli dilihat, salinan sesuai" in (await verifier.get(case_path)).text
        await check_documents(verifier, case_path)
        approved = await verifier.post(f"{case_path}/setujui", follow_redirects=True)
        assert "Disetujui, akun aktif" in approved.text
        receipt = await verifier.get(f"{case_path}/tanda-terima.pdf")
        reader = PdfReader(io.BytesIO(receipt.content))
        lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
        assert lines[lines.index("Penyedia,") :][:3] == ["Penyedia,", "CV Datang Ke MPP", "Ahmad Fauzi"]


def _queue_row(html: str, reference: str) -> str:
    match = re.search(rf'<tr data-reference="{reference}".*?</tr>', html, re.S)
    assert match, f"{reference} not in the queue"
    return match.group(0)
