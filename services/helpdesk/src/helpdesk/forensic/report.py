"""The Berita Acara Hasil Uji Forensik (the product of DPK-2d) as a PDF: the request, the files with their full
SHA-256, every step with who and when, the trial, LKPP's and BSSN's findings, the result and the signature lines.

Pure: the same facts give the same bytes (the PDF's creation date is the moment of issue, not of rendering).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF

from lpse_runtime.web import local_time

TITLE = "Berita Acara Hasil Uji Forensik"
OUTCOME_LABEL = {"terbuka": "Berkas terbuka (dekripsi berhasil)", "tidak_terbuka": "Berkas tidak terbuka"}
PARTY_LABEL = {"lkpp": "LKPP", "bssn": "BSSN"}
SIGNATURE_SPACE = 20  # millimetres left blank above each name for the wet signature and stamp
# DPK-2d names the Kasubag Pengelolaan LPSE as the supervisor of the service: the one who acknowledges the report.
SUPERVISOR = "Kasubag Pengelolaan LPSE"


@dataclass(frozen=True)
class FileLine:
    """One file under test as the report lists it."""

    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class StepLine:
    """One step of the case: what, who (full name), when."""

    what: str
    who: str
    at: datetime


@dataclass(frozen=True)
class Finding:
    """LKPP's or BSSN's answer."""

    party: str
    external_ref: str
    text: str


@dataclass(frozen=True)
class ReportInput:
    """Everything the berita acara says."""

    number: str
    lpse_name: str
    zone: str
    reference: str
    tender_id: str
    tender_name: str
    requester_name: str
    requester_nip: str
    filed_at: datetime
    description: str
    files: tuple[FileLine, ...]
    steps: tuple[StepLine, ...]
    trial_outcome: str
    trial_note: str
    findings: tuple[Finding, ...]
    result: str
    admin_ppe: str
    issued_at: datetime


@dataclass(frozen=True)
class Report:
    """A rendered berita acara."""

    filename: str
    content: bytes

    @property
    def sha256(self) -> str:
        """The digest kept beside it and carried by the email's attachment."""
        return hashlib.sha256(self.content).hexdigest()


def report_number(code: str, year: int, seq: int) -> str:
    """BA-UF/<LPSE code>/<year>/<seq>, the sequence counted per LPSE and year."""
    return f"BA-UF/{code}/{year}/{seq:04d}"


def _latin1(text: str) -> str:
    """The core PDF fonts speak Latin-1; typographic dashes and ellipses are written plainly."""
    replaced = text.replace("–", "-").replace("—", "-").replace("…", "...").replace("’", "'")
    return replaced.encode("latin-1", "replace").decode("latin-1")


def _para(pdf: FPDF, text: str, *, bold: bool = False, size: int = 10) -> None:
    pdf.set_font("Helvetica", "B" if bold else "", size)
    pdf.multi_cell(0, 5, _latin1(text), new_x="LMARGIN", new_y="NEXT")


def _files(pdf: FPDF, files: tuple[FileLine, ...]) -> None:
    """A table: number, name, size; the full digest on its own line so it is never cut."""
    for i, f in enumerate(files, start=1):
        _para(pdf, f"{i}. {f.name} ({f.size} byte)")
        pdf.set_font("Courier", "", 8)
        pdf.multi_cell(0, 4, f"   SHA-256: {f.sha256}", new_x="LMARGIN", new_y="NEXT")


def _signatures(pdf: FPDF, people: list[tuple[str, str]]) -> None:
    """Side-by-side signature blocks: caption, blank space, the full name (blank for a wet signature)."""
    if pdf.get_y() + SIGNATURE_SPACE + 20 > pdf.h - pdf.b_margin:
        pdf.add_page()  # a signature block is never split across pages
    width, top, bottom = pdf.epw / len(people), pdf.get_y() + 4, pdf.get_y()
    for column, (caption, name) in enumerate(people):
        x = pdf.l_margin + column * width
        pdf.set_xy(x, top)
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(width, 5, _latin1(caption), align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_xy(x, pdf.get_y() + SIGNATURE_SPACE)
        pdf.set_font("Helvetica", "BU", 9)
        pdf.multi_cell(width, 5, _latin1(name or "(....................)"), align="C", new_x="LEFT", new_y="NEXT")
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom)


def render(r: ReportInput, *, compress: bool = True) -> Report:
    """The berita acara as PDF bytes."""
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_creation_date(r.issued_at)
    pdf.set_title(f"{TITLE} {r.number}")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 7, _latin1(f"{TITLE.upper()}\n{r.lpse_name}"), align="C", new_x="LMARGIN", new_y="NEXT")
    _para(pdf, f"Nomor: {r.number}")
    pdf.ln(2)
    _para(pdf, "A. Permohonan", bold=True)
    _para(pdf, f"Nomor permohonan: {r.reference}")
    _para(pdf, f"Tender: {r.tender_id} - {r.tender_name}")
    _para(pdf, f"Pemohon (Pokja Pemilihan): {r.requester_name}, NIP {r.requester_nip}")
    _para(pdf, f"Tanggal permohonan: {local_time(r.filed_at, r.zone)}")
    _para(pdf, f"Permasalahan: {r.description}")
    pdf.ln(2)
    _para(pdf, "B. Berkas yang diuji", bold=True)
    _files(pdf, r.files)
    pdf.ln(2)
    _para(pdf, "C. Uji coba enkripsi oleh Admin PPE", bold=True)
    _para(pdf, f"Hasil: {OUTCOME_LABEL.get(r.trial_outcome, r.trial_outcome)}")
    _para(pdf, f"Yang dicoba: {r.trial_note}")
    pdf.ln(2)
    _para(pdf, "D. Hasil dari LKPP dan BSSN", bold=True)
    if not r.findings:
        _para(pdf, "Tidak diteruskan: permasalahan selesai pada uji coba di LPSE.")
    for f in r.findings:
        _para(pdf, f"{PARTY_LABEL.get(f.party, f.party)} (nomor {f.external_ref}): {f.text}")
    pdf.ln(2)
    _para(pdf, "E. Riwayat penanganan", bold=True)
    for s in r.steps:
        _para(pdf, f"{local_time(s.at, r.zone)} - {s.what} - {s.who}", size=9)
    pdf.ln(2)
    _para(pdf, "F. Kesimpulan", bold=True)
    _para(pdf, r.result)
    _para(pdf, f"Diterbitkan: {local_time(r.issued_at, r.zone)}")
    _signatures(
        pdf,
        [
            ("Admin PPE,", r.admin_ppe),
            ("Pokja Pemilihan,", r.requester_name),
            (f"Mengetahui,\n{SUPERVISOR}", ""),
        ],
    )
    safe = r.number.replace("/", "-")
    return Report(f"{safe}.pdf", bytes(pdf.output()))
