"""The request letter the provider prints, has its director sign over a stamp duty and brings to the counter
("Surat permohonan yang diajukan secara online, dicetak, ditandatangani pimpinan perusahaan", BJM-2..6), as a PDF.

It is the provider's own letter: the change asked for is written out in full (a new NPWP too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from fpdf import FPDF

from contracts.lpse import LpseProfile, ServiceStandard
from contracts.verification import DocumentToBring
from lpse_runtime.web import MONTHS, local_time
from verification.account_requests.domain import KIND_LABEL
from verification.account_requests.filing import DATA_FIELDS, Account, AccountRequest, in_sentence

SIGNATURE_SPACE = 24  # millimetres for the wet signature over the stamp duty
STAMP_BOX = (30.0, 18.0)  # width, height of the box the meterai is stuck in


@dataclass(frozen=True)
class Letter:
    """A rendered letter."""

    filename: str
    content: bytes


def title_of(request: AccountRequest) -> str:
    """'Surat Permohonan Perubahan NPWP'."""
    return f"Surat Permohonan {KIND_LABEL[request.kind]}"


def asked_lines(request: AccountRequest, account: Account) -> list[tuple[str, str]]:
    """The change asked for, as label → value (before → after where there is a before)."""
    c = request.changes
    if request.kind == "email":
        return [("Email saat ini", account.email), ("Email baru", c.get("email", ""))]
    if request.kind == "npwp":
        return [("NPWP saat ini", account.npwp), ("NPWP baru", c.get("npwp", ""))]
    if request.kind == "status_badan_usaha":
        return [
            ("Nama perusahaan saat ini", account.company_name),
            ("Nama perusahaan baru (PT)", c.get("company_name", "")),
            ("Nomor akta perubahan", c.get("deed_number", "")),
            ("Tanggal akta perubahan", c.get("deed_date", "")),
            ("Nomor SK Kemenkumham", c.get("sk_number", "")),
        ]
    if request.kind == "data":
        return [(f"{label} baru", c[name]) for name, label in DATA_FIELDS.items() if name in c]
    if request.kind == "nonaktif":
        return [("Alasan penonaktifan", request.reason)]
    if request.kind == "agregasi":
        return [("Permohonan", "Agregasi data penyedia (ADP) melalui LKPP")]
    return [("Alasan", request.reason)]


def _latin1(text: str) -> str:
    """The core PDF fonts speak Latin-1; typographic dashes and ellipses are written plainly."""
    replaced = text.replace("–", "-").replace("—", "-").replace("…", "...").replace("’", "'").replace("“", '"')
    return replaced.replace("”", '"').replace("→", "->").encode("latin-1", "replace").decode("latin-1")


def _para(pdf: FPDF, height: float, text: str, align: str = "L") -> None:
    pdf.multi_cell(0, height, _latin1(text), align=align, new_x="LMARGIN", new_y="NEXT")


def _rows(pdf: FPDF, rows: list[tuple[str, str]]) -> None:
    for label, value in rows:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(60, 6, _latin1(label))
        pdf.set_font("Helvetica", "", 10)
        _para(pdf, 6, value or "-")


def _kop(pdf: FPDF, account: Account, profile: LpseProfile) -> None:
    """The letterhead: the company, then a rule."""
    pdf.set_font("Helvetica", "B", 14)
    _para(pdf, 7, account.company_name.upper(), align="C")
    pdf.set_font("Helvetica", "", 9)
    _para(pdf, 5, account.address or f"Penyedia terdaftar di {profile.name}", align="C")
    contact = " | ".join(p for p in (account.phone and f"Telp. {account.phone}", f"Email {account.email}") if p)
    _para(pdf, 5, contact, align="C")
    y = pdf.get_y() + 1
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.set_line_width(0.2)
    pdf.set_y(y + 4)


def _signature(pdf: FPDF, account: Account, place_date: str) -> None:
    """'Pimpinan perusahaan', a box for the meterai, the director's name underlined."""
    if pdf.get_y() + SIGNATURE_SPACE + 30 > pdf.h - pdf.b_margin:
        pdf.add_page()  # the signature block is never split
    x = pdf.l_margin + pdf.epw / 2
    width = pdf.epw / 2
    pdf.set_x(x)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(width, 5, _latin1(place_date), align="C", new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(width, 5, "Pimpinan perusahaan,", align="C", new_x="LEFT", new_y="NEXT")
    top = pdf.get_y() + 2
    box_w, box_h = STAMP_BOX
    box_x = x + (width - box_w) / 2 - 18
    pdf.rect(box_x, top, box_w, box_h)
    pdf.set_xy(box_x, top + box_h / 2 - 2.5)
    pdf.set_font("Helvetica", "", 8)
    pdf.cell(box_w, 5, "Meterai", align="C")
    pdf.set_xy(x, top + SIGNATURE_SPACE)
    pdf.set_font("Helvetica", "BU", 10)
    pdf.multi_cell(width, 5, _latin1(account.director_name or "(nama jelas)"), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(width, 5, "tanda tangan, cap perusahaan dan nama jelas", align="C", new_x="LMARGIN", new_y="NEXT")


def letter_date(at: datetime, zone: str) -> str:
    """'2 Desember 2026' in the LPSE's zone."""
    local = at.astimezone(ZoneInfo(zone))
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}"


def render_letter(
    profile: LpseProfile,
    service: ServiceStandard | None,
    request: AccountRequest,
    account: Account,
    bring: tuple[DocumentToBring, ...],
    *,
    compress: bool = True,
) -> Letter:
    """The letter: letterhead, addressee, what is asked, the documents it brings, the signature over a meterai.

    The same request gives the same bytes: the PDF's date is the filing's, not the printing's.
    """
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_creation_date(request.filed_at)
    title = title_of(request)
    pdf.set_title(_latin1(f"{title} {request.reference}"))
    pdf.add_page()
    _kop(pdf, account, profile)
    pdf.set_font("Helvetica", "B", 12)
    _para(pdf, 7, title.upper(), align="C")
    pdf.set_font("Helvetica", "", 10)
    _para(pdf, 5, f"Nomor permohonan: {request.reference}", align="C")
    pdf.ln(4)
    _para(pdf, 6, f"Kepada Yth.\nPimpinan {profile.name}\n{profile.address}".rstrip())
    pdf.ln(3)
    service_name = f" ({service.id} {service.name})" if service is not None else ""
    _para(
        pdf,
        6,
        f"Dengan hormat, kami yang bertanda tangan di bawah ini mengajukan permohonan "
        f"{in_sentence(KIND_LABEL[request.kind])} atas akun penyedia kami di {profile.name}{service_name}:",
    )
    pdf.ln(2)
    _rows(pdf, [("Nama perusahaan", account.company_name), ("User ID", account.user_id)])
    _rows(pdf, asked_lines(request, account))
    _rows(pdf, [("Diajukan", local_time(request.filed_at, profile.time_zone))])
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 10)
    _para(pdf, 6, "Dokumen yang kami bawa ke loket:")
    pdf.set_font("Helvetica", "", 10)
    for number, item in enumerate(bring, start=1):
        _para(pdf, 5.5, f"{number}. {item.describe()}")
    if request.by_proxy:
        _para(pdf, 5.5, "Berkas dibawa oleh penerima kuasa, dengan surat kuasa terlampir.")
    pdf.ln(3)
    _para(pdf, 6, "Demikian permohonan ini kami sampaikan. Atas perhatian Bapak/Ibu kami ucapkan terima kasih.")
    pdf.ln(5)
    _signature(pdf, account, f"...................., {letter_date(request.filed_at, profile.time_zone)}")
    content = bytes(pdf.output())
    return Letter(filename=f"Surat-Permohonan-{request.reference}.pdf", content=content)
