"""Active content in an upload: a file that is also another kind of file (a polyglot), or a PDF that acts.

A careful byte scan rather than a PDF library: PDF names are read as PDF spells them (`/J#61vaScript` is
`/JavaScript`), in the file and inside its Flate-compressed streams (object streams hide dictionaries there), with
the inflated output bounded so that a compression bomb costs nothing."""

from __future__ import annotations

import re
import zlib

REPAIR = "pindai ulang dokumennya atau cetak ulang ke PDF, lalu unggah lagi"

# What a PDF name does, as the refusal says it; the first found is the reason given.
ACTIVE_NAMES: dict[bytes, str] = {
    b"JavaScript": "berisi JavaScript",
    b"JS": "berisi JavaScript",
    b"Launch": "dapat menjalankan program lain",
    b"EmbeddedFile": "membawa berkas lain di dalamnya",
    b"EmbeddedFiles": "membawa berkas lain di dalamnya",
    b"RichMedia": "berisi media aktif",
    b"SubmitForm": "dapat mengirim isian ke alamat lain",
    b"ImportData": "dapat mengambil data dari luar",
    b"AA": "menjalankan tindakan otomatis",
}
# /OpenAction naming a page to open at (`[3 0 R /Fit]`) is what scanners write; anything else is an action.
OPEN_ACTION = re.compile(rb"/OpenAction(?!\s*\[)")
PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
INFLATE_BUDGET = 32 * 1024 * 1024  # bytes inflated per file at most

HTML_MARKS = (b"<html", b"<script", b"<!doctype html", b"<svg", b"<iframe", b"<body", b"<object", b"<embed")
OTHER_KIND = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}


def spelled_out(data: bytes) -> bytes:
    """This PDF text with the #xx escapes of its names decoded (`/J#61vaScript` reads `/JavaScript`)."""
    return PDF_NAME.sub(lambda m: b"/" + HEX_ESCAPE.sub(lambda h: bytes([int(h.group(1), 16)]), m.group(1)), data)


def inflated_streams(content: bytes) -> list[bytes]:
    """The Flate-compressed streams of a PDF, inflated within the budget (other filters are left as they are)."""
    budget, out = INFLATE_BUDGET, []
    for match in STREAM.finditer(content):
        if budget <= 0:
            break
        try:
            data = zlib.decompressobj().decompress(match.group(1), budget)
        except zlib.error:
            continue
        budget -= len(data)
        out.append(data)
    return out


def pdf_action(content: bytes) -> str | None:
    """What this PDF would do when opened, if anything: the first active name found, in words."""
    for part in map(spelled_out, (content, *inflated_streams(content))):
        if OPEN_ACTION.search(part):
            return "menjalankan tindakan otomatis saat dibuka"
        names = {m.group(1) for m in PDF_NAME.finditer(part)}
        for name, reason in ACTIVE_NAMES.items():
            if name in names:
                return reason
    return None


def second_kind(content: bytes, content_type: str) -> str | None:
    """Another kind of file this one also is (HTML, ZIP, PDF, JPEG, PNG), if any."""
    lowered = content.lower()
    if any(mark in lowered for mark in HTML_MARKS):
        return "halaman web (HTML)"
    if b"PK\x05\x06" in content[-65_557:] and b"PK\x01\x02" in content:
        return "arsip ZIP"
    if content_type != "application/pdf" and b"%PDF-" in content:
        return "PDF"
    return None


def active_content(content: bytes, content_type: str) -> str | None:
    """Why this upload is refused for what it carries besides the document, or None for a plain document."""
    other = second_kind(content, content_type)
    if other is not None:
        kind = OTHER_KIND.get(content_type, "berkas")
        return f"Berkas {kind} ini sekaligus berupa {other}; {REPAIR}"
    if content_type == "application/pdf":
        action = pdf_action(content)
        if action is not None:
            return f"Berkas PDF ini {action}; {REPAIR}"
    return None
