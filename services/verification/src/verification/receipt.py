"""The receipt an LPSE issues when it activates a provider account, as a PDF."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from fpdf import FPDF

from contracts.lpse import LpseProfile, ServiceStandard, VerificationMode
from contracts.registration import ProviderType
from lpse_runtime.web import MONTHS, local_time
from verification.domain import ChecklistItem, finding_labels

DEFAULT_TITLE = "Tanda Terima Verifikasi Penyedia"
DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
SIGNATURE_SPACE = 22  # millimetres left blank above each name for the wet signature and stamp


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


@dataclass(frozen=True)
class Signer:
    """One signature line: the caption above it, who signs for whom, the full name under it."""

    caption: str
    on_behalf_of: str
    full_name: str


def signers(
    profile: LpseProfile,
    service: ServiceStandard,
    case: dict[str, Any],
    *,
    verifier: str,
    confirmer: str | None,
) -> list[Signer]:
    """Who signs, left to right: the provider where the standard has both sides sign (at the counter, where the
    provider is present), then the officer(s)."""
    both_sign = service.provider_signs_product and lane_of(service, case) == "loket"
    provider = [Signer("Penyedia,", case["company_name"], case["director_name"])] if both_sign else []
    second = [Signer("Petugas konfirmasi,", profile.name, confirmer)] if confirmer else []
    return [*provider, Signer("Verifikator,", profile.name, verifier), *second]


def lane_of(service: ServiceStandard, case: dict[str, Any]) -> VerificationMode:
    """The lane the case ran in: its own, recorded when it opened, else the service's default."""
    return service.lane_for(case.get("verification_mode"))


def opening_sentence(title: str, at: datetime, zone: str) -> str:
    """A berita acara opens with the day and date it records; a receipt with what it acknowledges."""
    local = at.astimezone(ZoneInfo(zone))
    date = f"{DAY_NAMES[local.weekday()]} tanggal {local.day} {MONTHS[local.month - 1]} {local.year}"
    if "berita acara" in title.lower():
        return (
            f"Pada hari ini, {date}, telah dilakukan verifikasi dokumen pendaftaran penyedia berikut, "
            "dengan hasil sebagaimana tercantum di bawah ini."
        )
    return f"Pada hari {date} telah diterima dan diverifikasi berkas pendaftaran penyedia berikut."


def _latin1(text: str) -> str:
    """The core PDF fonts speak Latin-1; typographic dashes and ellipses are written plainly."""
    replaced = text.replace("–", "-").replace("—", "-").replace("…", "...").replace("’", "'").replace("“", '"')
    return replaced.replace("”", '"').encode("latin-1", "replace").decode("latin-1")


def _line(pdf: FPDF, height: float, text: str, align: str = "L") -> None:
    """A paragraph across the page, then back to the left margin."""
    pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")


def _signature_lines(pdf: FPDF, people: list[Signer]) -> None:
    """Side-by-side signature blocks: caption, on whose behalf, blank space, the full name underlined."""
    if pdf.get_y() + SIGNATURE_SPACE + 30 > pdf.h - pdf.b_margin:
        pdf.add_page()  # a signature block is never split across pages
    width = pdf.epw / len(people)
    top = pdf.get_y()
    bottom = top
    for column, person in enumerate(people):
        x = pdf.l_margin + column * width
        pdf.set_xy(x, top)
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(width, 5, _latin1(person.caption), align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(width, 5, _latin1(person.on_behalf_of), align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_xy(x, pdf.get_y() + SIGNATURE_SPACE)
        pdf.set_font("Helvetica", "BU", 10)
        pdf.multi_cell(width, 5, _latin1(person.full_name), align="C", new_x="LEFT", new_y="NEXT")
        bottom = max(bottom, pdf.get_y())
    pdf.set_xy(pdf.l_margin, bottom)


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
    """The receipt: who, what was checked and found, the user ID, signed by the officer(s) by their full names.

    The same facts give the same bytes: the PDF's creation date is the moment of the decision, not of rendering.
    """
    title = receipt_title(service)
    pdf = FPDF(format="A4")
    pdf.set_compression(compress)
    pdf.set_creation_date(at)
    pdf.set_title(_latin1(f"{title} {case['reference']}"))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    _line(pdf, 8, _latin1(title.upper()), align="C")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(
        0, 6, _latin1(f"{profile.name} - {service.id} {service.name}"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 10)
    _line(pdf, 6, _latin1(opening_sentence(title, at, profile.time_zone)))
    pdf.ln(2)
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
    originals = {rule.code: rule.original for rule in service.documents_for(ProviderType(case["provider_type"]))}
    for number, item in enumerate(items, start=1):
        labels = finding_labels(lane_of(service, case), originals.get(item.code, True))
        finding = labels[item.result] + (f" ({item.note})" if item.note else "")
        _line(pdf, 6, _latin1(f"{number}. {item.name}: {finding}"))
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 10)
    _line(pdf, 6, _latin1(f"Dibuat di {profile.name}, {local_time(at, profile.time_zone)}."))
    pdf.ln(4)
    _signature_lines(pdf, signers(profile, service, case, verifier=verifier, confirmer=confirmer))
    pdf.ln(6)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(
        0, 5, _latin1(f"Layanan ini tidak dipungut biaya. Dasar: {profile.legal_basis}"), new_x="LMARGIN", new_y="NEXT"
    )
    content = bytes(pdf.output())
    stem = "-".join(re.findall(r"[A-Za-z0-9]+", title.split("(")[0]))
    filename = f"{stem}-{case['reference']}.pdf"
    return Receipt(title=title, filename=_latin1(filename), content=content)
