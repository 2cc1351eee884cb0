"""The Berita Acara Hasil Uji Forensik (the product of DPK-2d), read back from the PDF: its number, the LPSE, the
request, each file with the full SHA-256 of the bytes received (computed here with hashlib), every step with who
and when in WIB, the trial, LKPP's and BSSN's findings, the result and the three signature lines."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime

from pypdf import PdfReader

from helpdesk.forensic.report import FileLine, Finding, ReportInput, StepLine, render, report_number

BID_A = b"APENDO\x00encrypted-bid-of-PT-Maju" * 100
BID_B = b"APENDO\x00encrypted-bid-of-CV-Jaya" * 50
FILED = datetime(2026, 12, 14, 2, 10, tzinfo=UTC)  # Mon 14 Dec 2026 09.10 WIB
ISSUED = datetime(2026, 12, 16, 7, 5, tzinfo=UTC)  # Wed 16 Dec 2026 14.05 WIB


def report_input() -> ReportInput:
    return ReportInput(
        number=report_number("DPK", 2026, 7),
        lpse_name="LPSE Kota Depok",
        zone="Asia/Jakarta",
        reference="UF-DPK-2612-0001",
        tender_id="10023456",
        tender_name="Rehabilitasi Jalan Lingkungan",
        requester_name="Siti Pokja",
        requester_nip="198001012005011001",
        filed_at=FILED,
        description="Dokumen penawaran tidak dapat dibuka pada tahap pembukaan.",
        files=(
            FileLine("penawaran-pt-maju.rhs", len(BID_A), hashlib.sha256(BID_A).hexdigest()),
            FileLine("penawaran-cv-jaya.rhs", len(BID_B), hashlib.sha256(BID_B).hexdigest()),
        ),
        steps=(
            StepLine("Permohonan diajukan", "Siti Pokja", FILED),
            StepLine("Dieskalasi ke Admin PPE (Helpdesk)", "Budi Helpdesk", datetime(2026, 12, 14, 2, 15, tzinfo=UTC)),
        ),
        trial_outcome="tidak_terbuka",
        trial_note="Dekripsi dengan Apendo 4.2 gagal",
        findings=(
            Finding("lkpp", "LKPP-UF-0091", "Kunci publik panitia tidak cocok."),
            Finding("bssn", "BSSN-22/UF", "Berkas utuh, enkripsi dengan kunci lama."),
        ),
        result="Penawaran tidak dapat dibuka karena kunci yang dipakai penyedia.",
        admin_ppe="Andi Admin PPE",
        issued_at=ISSUED,
    )


def text_of(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_report_names_its_number_lpse_request_files_steps_findings_and_signers() -> None:
    pdf = render(report_input())
    text = text_of(pdf.content)
    assert "BERITA ACARA HASIL UJI FORENSIK" in text and "LPSE Kota Depok" in text
    assert "Nomor: BA-UF/DPK/2026/0007" in text
    assert "10023456 - Rehabilitasi Jalan Lingkungan" in text
    assert "Siti Pokja, NIP 198001012005011001" in text
    assert "14 Desember 2026 09.10 WIB" in text
    for content, name in ((BID_A, "penawaran-pt-maju.rhs"), (BID_B, "penawaran-cv-jaya.rhs")):
        assert f"{name} ({len(content)} byte)" in text
        assert hashlib.sha256(content).hexdigest() in text.replace("\n", "")
    assert "14 Desember 2026 09.15 WIB - Dieskalasi ke Admin PPE (Helpdesk) - Budi Helpdesk" in text
    assert "Hasil: Berkas tidak terbuka" in text and "Dekripsi dengan Apendo 4.2 gagal" in text
    assert "LKPP (nomor LKPP-UF-0091): Kunci publik panitia tidak cocok." in text
    assert "BSSN (nomor BSSN-22/UF): Berkas utuh, enkripsi dengan kunci lama." in text
    assert "Diterbitkan: 16 Desember 2026 14.05 WIB" in text
    for signer in ("Admin PPE,", "Andi Admin PPE", "Pokja Pemilihan,", "Mengetahui,", "Kasubag Pengelolaan LPSE"):
        assert signer in text


def test_a_report_settled_locally_says_it_was_not_forwarded() -> None:
    local = report_input()
    text = text_of(render(ReportInput(**{**local.__dict__, "findings": (), "trial_outcome": "terbuka"})).content)
    assert "Tidak diteruskan: permasalahan selesai pada uji coba di LPSE." in text
    assert "Hasil: Berkas terbuka (dekripsi berhasil)" in text


def test_the_same_facts_give_the_same_bytes_and_the_digest_is_of_those_bytes() -> None:
    first, second = render(report_input()), render(report_input())
    assert first.content == second.content
    assert first.sha256 == hashlib.sha256(first.content).hexdigest()
    assert first.filename == "BA-UF-DPK-2026-0007.pdf"
