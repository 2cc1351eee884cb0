"""The receipt each LPSE issues at activation: its title from the standard, its content, a stable digest."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from contracts.lpse import load_profiles
from verification.domain import ChecklistItem, ItemResult
from verification.receipt import DEFAULT_TITLE, receipt_title, render_receipt

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
CASE = {
    "reference": "MGL-2611-ABCDEF",
    "company_name": "CV Kali Progo",
    "provider_type": "badan_usaha_cv",
    "npwp": "012345678901000",
    "nib": "1234567890123",
    "director_name": "Sri Lestari",
}


@pytest.mark.parametrize(
    ("lpse", "title"),
    [
        ("depok", "Lembar Bukti Verifikasi dan penerimaan berkas"),
        ("magelang", "Berita Acara verifikasi/ Ceklis Dokumen"),
        ("banjarmasin", DEFAULT_TITLE),
        ("temanggung", DEFAULT_TITLE),
    ],
)
def test_the_title_is_the_product_the_standard_names(lpse: str, title: str) -> None:
    assert receipt_title(PROFILES[lpse].service("registrasi_penyedia")) == title


def test_the_receipt_carries_the_case_the_findings_and_the_officers() -> None:
    profile = PROFILES["magelang"]
    items = [
        ChecklistItem("ktp", "KTP", True, ItemResult.VERIFIED),
        ChecklistItem("akta_perubahan_terakhir", "Akta Perubahan Terakhir", False, ItemResult.NOT_APPLICABLE),
    ]
    receipt = render_receipt(
        profile,
        profile.service("registrasi_penyedia"),
        CASE,
        items,
        user_id="KALIPROGO",
        verifier="verifikator.magelang",
        confirmer="kepala.magelang",
        at=datetime(2026, 11, 25, 3, tzinfo=UTC),
        compress=False,
    )
    assert receipt.content.startswith(b"%PDF")
    for text in (
        b"MGL-2611-ABCDEF",
        b"KALIPROGO",
        b"CV Kali Progo",
        rb"Badan Usaha \(CV\)",  # PDF strings escape parentheses
        b"tidak berlaku",
        b"verifikator.magelang",
        b"kepala.magelang",
        b"25 November 2026 10.00 WIB",
    ):
        assert text in receipt.content
    assert receipt.filename == "Berita-Acara-verifikasi-Ceklis-Dokumen-MGL-2611-ABCDEF.pdf"
    assert len(receipt.sha256) == 64
