"""Uploads that are more than a document are refused with the reason; plain scans, photos and PDFs pass."""

from __future__ import annotations

import io
import zipfile
import zlib

import pytest
from fpdf import FPDF
from PIL import Image

from registration.documents import Accepted, check_upload

LIMIT = 5 * 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
AGAIN = "pindai ulang dokumennya atau cetak ulang ke PDF, lalu unggah lagi"


def pdf_with(catalog_entries: bytes) -> bytes:
    return PDF.replace(b"/Type /Catalog", b"/Type /Catalog " + catalog_entries)


def photo(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 180, 150)).save(out, kind)
    return out.getvalue()


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("setup.exe", b"MZ\x90\x00 a program")
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A PDF as a scanner or a word processor writes one: compressed streams, a page, an image."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Surat Pernyataan Kebenaran Dokumen")
    pdf.image(io.BytesIO(photo("PNG")), x=10, y=30, w=40)
    return bytes(pdf.output())


def object_stream(text: bytes) -> bytes:
    """An object stream (PDF 1.5): dictionaries hidden in a Flate-compressed stream."""
    return PDF + b"2 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n" + zlib.compress(text) + b"\nendstream"


WEB, ON_OPEN = "sekaligus berupa halaman web (HTML)", "menjalankan tindakan otomatis saat dibuka"
# (what it is, the upload, its type, why it is refused), written out from the issue: polyglots and PDFs that act.
DANGEROUS = [
    ("PDF+HTML", PDF + b"<html><body><script>alert(document.cookie)</script></body></html>", "PDF", WEB),
    ("PDF+SVG", PDF + b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "PDF", WEB),
    ("JPEG+ZIP", photo("JPEG") + zip_archive(), "JPEG", "sekaligus berupa arsip ZIP"),
    ("PNG+ZIP", photo("PNG") + zip_archive(), "PNG", "sekaligus berupa arsip ZIP"),
    ("JPEG+PDF", photo("JPEG") + PDF, "JPEG", "sekaligus berupa PDF"),
    ("JPEG+HTML", photo("JPEG") + b"<!DOCTYPE html><script>alert(1)</script>", "JPEG", WEB),
    ("PDF /JavaScript", pdf_with(b"/Names << /JavaScript 5 0 R >>"), "PDF", "berisi JavaScript"),
    ("PDF /OpenAction JS", pdf_with(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "PDF", ON_OPEN),
    ("PDF /OpenAction ref", pdf_with(b"/OpenAction 7 0 R"), "PDF", ON_OPEN),
    ("PDF /Launch", pdf_with(b"/AA << /O << /S /Launch /F (cmd.exe) >> >>"), "PDF", "dapat menjalankan program lain"),
    ("PDF /EmbeddedFile", pdf_with(b"/Names << /EmbeddedFiles 6 0 R >>"), "PDF", "membawa berkas lain di dalamnya"),
    ("PDF escaped name", pdf_with(b"/Names << /J#61va#53cript 5 0 R >>"), "PDF", "berisi JavaScript"),
    ("PDF JS in object stream", object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>"), "PDF", "berisi JavaScript"),
    (
        "PDF /SubmitForm",
        pdf_with(b"/X << /S /SubmitForm /F (http://x) >>"),
        "PDF",
        "dapat mengirim isian ke alamat lain",
    ),
]


@pytest.mark.parametrize(("what", "content", "kind", "reason"), DANGEROUS, ids=[d[0] for d in DANGEROUS])
def test_a_polyglot_or_an_acting_pdf_is_refused_saying_why(what: str, content: bytes, kind: str, reason: str) -> None:
    assert check_upload(content, LIMIT) == f"Berkas {kind} ini {reason}; {AGAIN}"


PLAIN = [
    ("minimal PDF", PDF, "application/pdf"),
    ("PDF opening at a page", pdf_with(b"/OpenAction [3 0 R /Fit]"), "application/pdf"),
    ("PDF from a word processor", scanned_pdf(), "application/pdf"),
    ("PDF with a plain object stream", object_stream(b"<< /Type /Page /Parent 1 0 R >>"), "application/pdf"),
    ("JPEG photo", photo("JPEG"), "image/jpeg"),
    ("PNG scan", photo("PNG"), "image/png"),
]


@pytest.mark.parametrize(("what", "content", "mime"), PLAIN, ids=[p[0] for p in PLAIN])
def test_a_plain_document_passes(what: str, content: bytes, mime: str) -> None:
    checked = check_upload(content, LIMIT)
    assert isinstance(checked, Accepted) and checked.content_type == mime


def test_a_compression_bomb_in_a_pdf_costs_a_bounded_amount() -> None:
    bomb = object_stream(b"\x00" * (200 * 1024 * 1024) + b"/JavaScript")
    assert len(bomb) < LIMIT
    checked = check_upload(bomb, LIMIT)  # inflated no further than the budget: what lies beyond is not reached
    assert isinstance(checked, Accepted)
