"""The receipt an LPSE issues when it activates a provider account, as a PDF."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fpdf import FPDF

from contracts.lpse import LpseProfile, ServiceStandard
from lpse_runtime.web import local_time
from verification.domain import ChecklistItem, item_labels

DEFAULT_TITLE = "Tanda Terima Verifikasi Penyedia"


def receipt_title(service: ServiceStandard) -> str:
    """The product the standard names: a Lembar Bukti / Berita Acara / checklist, or a plain receipt."""
    for product in service.products:
        lowered = product.lower()
        if "lembar bukti" in lowered or "berita acara" in lowered or "ceklis" in lowered:
            return product.split(";")[0].strip()
    return DEFAULT_TITLE


@dataclass(frozen=True)
class Receipt:
    """A rendered receipt."""

    title: str
    filename: str
    content: bytes

    @property
    def sha256(self) -> str:
        """The digest the email attachment is checked against."""
        return hashlib.sha256(self.content).hexdigest()


def _latin1(text: str) -> str:
    """The core PDF fonts speak Latin-1; typographic dashes and ellipses are written plainly."""
    replaced = text.replace("–", "-").replace("—", "-").replace("…", "...").replace("’", "'").replace("“", '"')
    return replaced.replace("”", '"').encode("latin-1", "replace").decode("latin-1")


def _line(pdf: FPDF, height: float, text: str, align: str = "L") -> None:
    """A paragraph across the page, then back to the left margin."""
    pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")


def render_receipt(
    profile: LpseProfile,
    service: ServiceStandard,
    case: dict[str, Any],
    items: list[ChecklistItem],
    *,
    user_id: str,
    verifier: str,
    confirmer: str | None,
    at: datetime,
    compress: bool = True,
) -> Receipt:
    """The receipt: who, what was checked and found, the user ID, signed off by the officer(s)."""
    title = receipt_title(service)
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_title(_latin1(f"{title} {case['reference']}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    _line(pdf, 8, _latin1(title.upper()), align="C")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        0, 6, _latin1(f"{profile.name} - {service.id} {service.name}"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(4)
    rows = [
        ("Nomor pendaftaran", case["reference"]),
        ("Penyedia", case["company_name"]),
        (
            "Jenis penyedia",
            next((t.label for t in profile.provider_types if t.type == case["provider_type"]), case["provider_type"]),
        ),
        ("NPWP", case["npwp"]),
        ("NIB", case["nib"]),
        ("Direktur / pimpinan", case["director_name"]),
        ("User ID", user_id),
        ("Waktu", local_time(at, profile.time_zone)),
    ]
    for label, value in rows:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(55, 7, _latin1(label))
        pdf.set_font("Helvetica", "", 10)
        _line(pdf, 7, _latin1(value))
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 8, "Hasil pemeriksaan dokumen", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    for number, item in enumerate(items, start=1):
        finding = item_labels(service.verification_mode)[item.result] + (f" ({item.note})" if item.note else "")
        _line(pdf, 6, _latin1(f"{number}. {item.name}: {finding}"))
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 10)
    signers = [("Verifikator", verifier)] + ([("Petugas konfirmasi", confirmer)] if confirmer else [])
    for role, name in signers:
        _line(pdf, 6, _latin1(f"{role}: {name}"))
    pdf.ln(2)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(
        0, 5, _latin1(f"Layanan ini tidak dipungut biaya. Dasar: {profile.legal_basis}"), new_x="LMARGIN", new_y="NEXT"
    )
    content = bytes(pdf.output())
    stem = "-".join(re.findall(r"[A-Za-z0-9]+", title.split("(")[0]))
    filename = f"{stem}-{case['reference']}.pdf"
    return Receipt(title=title, filename=_latin1(filename), content=content)
