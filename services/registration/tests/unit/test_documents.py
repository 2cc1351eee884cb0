"""Upload checks: type by content, and a too-large file told its real size."""

from __future__ import annotations

import pytest

from registration.documents import Accepted, check_upload

LIMIT = 5 * 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("size", "message"),
    [
        (6 * 1024 * 1024, "Ukuran berkas paling besar 5,0 MB; berkas ini 6,0 MB."),
        (6_606_028, "Ukuran berkas paling besar 5,0 MB; berkas ini 6,3 MB."),
        (LIMIT + 1, "Ukuran berkas paling besar 5,0 MB; berkas ini 5,0 MB."),
        (25 * 1024 * 1024, "Ukuran berkas paling besar 5,0 MB; berkas ini 25,0 MB."),
    ],
)
def test_a_large_file_is_refused_with_its_real_size_though_only_the_limit_was_read(size: int, message: str) -> None:
    head = (PDF + b"\x00" * LIMIT)[: LIMIT + 1]  # what the route reads of it: one byte past the limit
    assert check_upload(head, LIMIT, size=size) == message


def test_a_file_at_the_limit_is_accepted() -> None:
    content = (PDF + b"\x00" * LIMIT)[:LIMIT]
    checked = check_upload(content, LIMIT, size=LIMIT)
    assert isinstance(checked, Accepted) and checked.size == LIMIT and checked.content_type == "application/pdf"


def test_an_empty_file_and_a_program_are_refused() -> None:
    assert check_upload(b"", LIMIT, size=0) == "Berkas kosong."
    assert check_upload(b"MZ\x90\x00 a program", LIMIT) == (
        "Berkas harus PDF, JPEG atau PNG (dikenali dari isinya, bukan dari nama berkas)."
    )
