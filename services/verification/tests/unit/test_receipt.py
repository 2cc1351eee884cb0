"""The receipt each LPSE issues at activation: its title from the standard, its content read back from the PDF,
the officers' full names and signature lines, the provider's where the standard has both sides sign, and the same
bytes for the same facts."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from contracts.lpse import load_profiles
from contracts.registration import ProviderType
from verification.domain import ChecklistItem, ItemResult
from verification.receipt import DEFAULT_TITLE, Receipt, receipt_title, render_receipt

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
CASE = {
    "reference": "MGL-2611-ABCDEF",
    "company_name": "CV Kali Progo",
    "provider_type": "badan_usaha_cv",
    "npwp": "012345678901000",
    "nib": "1234567890123",
    "director_name": "Sri Lestari",
}
ITEMS = [
    ChecklistItem("ktp", "KTP", True, ItemResult.VERIFIED),
    ChecklistItem("akta_perubahan_terakhir", "Akta Perubahan Terakhir", False, ItemResult.NOT_APPLICABLE),
]
AT = datetime(2026, 11, 25, 3, tzinfo=UTC)  # Wednesday 25 November 2026, 10.00 WIB


def render(
    lpse: str, *, verifier: str = "Budi Santoso, S.Kom.", confirmer: str | None = None, lane: str | None = None
) -> Receipt:
    profile = PROFILES[lpse]
    return render_receipt(
        profile,
        profile.service("registrasi_penyedia"),
        {**CASE, "verification_mode": lane},
        ITEMS,
        user_id="KALIPROGO",
        verifier=verifier,
        confirmer=confirmer,
        at=AT,
    )


def text_of(receipt: Receipt) -> list[str]:
    """The lines a reader of the PDF sees, extracted from the compressed file as it is mailed."""
    reader = PdfReader(io.BytesIO(receipt.content))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


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


def test_magelang_berita_acara_is_signed_by_the_provider_and_the_officers_by_full_name() -> None:
    # [000] §4.4 offline lane: "Menanda tangani Berita Acara verifikasi/ Ceklis Dokumen": both sides sign.
    lines = text_of(render("magelang", confirmer="Dewi Anggraini, S.Kom.", lane="loket"))
    assert lines[0] == "BERITA ACARA VERIFIKASI/ CEKLIS DOKUMEN"
    assert "Pada hari ini, Rabu tanggal 25 November 2026, telah dilakukan verifikasi dokumen" in " ".join(lines)
    signature_block = lines[lines.index("Penyedia,") :]
    assert signature_block[:9] == [
        "Penyedia,",
        "CV Kali Progo",
        "Sri Lestari",
        "Verifikator,",
        "LPSE Kota Magelang",
        "Budi Santoso, S.Kom.",
        "Petugas konfirmasi,",
        "LPSE Kota Magelang",
        "Dewi Anggraini, S.Kom.",
    ]


def test_magelang_online_berita_acara_has_no_provider_signature() -> None:
    # [000] §4.4 online lane: "Verifikasi Dokumen" → "Berita Acara verifikasi/ Ceklis Dokumen", nobody comes to sign.
    lines = text_of(render("magelang", lane="unggahan"))
    assert "Penyedia," not in lines
    assert lines[lines.index("Verifikator,") :][:3] == ["Verifikator,", "LPSE Kota Magelang", "Budi Santoso, S.Kom."]


def test_at_the_counter_a_document_asked_only_in_copy_reads_copy_matching() -> None:
    # [002] DPK-1a: the NIB is asked without "asli dan copy" (original/copy not stated): no original is claimed.
    items = [
        ChecklistItem("ktp", "KTP Direktur/Pemilik Usaha", True, ItemResult.VERIFIED),
        ChecklistItem("nib", "NIB", True, ItemResult.VERIFIED),
    ]
    profile = PROFILES["depok"]
    service = profile.service("registrasi_penyedia")
    assert {r.code: r.original for r in service.documents_for(ProviderType.BADAN_USAHA_CV)}["nib"] is False
    receipt = render_receipt(
        profile,
        service,
        {**CASE, "verification_mode": "loket"},
        items,
        user_id="X",
        verifier="V",
        confirmer=None,
        at=AT,
    )
    lines = text_of(receipt)
    assert "1. KTP Direktur/Pemilik Usaha: asli dilihat, salinan sesuai" in lines
    assert "2. NIB: salinan sesuai" in lines


def test_depok_lembar_bukti_is_signed_by_the_verifier_alone() -> None:
    # [002] DPK-1a names the product but no signature by the provider; no second officer on registration.
    lines = text_of(render("depok", verifier="Rina Kartikasari, S.Kom."))
    assert lines[0] == "LEMBAR BUKTI VERIFIKASI DAN PENERIMAAN BERKAS"
    signature_block = lines[lines.index("Verifikator,") :]
    assert signature_block[:3] == ["Verifikator,", "LPSE Kota Depok", "Rina Kartikasari, S.Kom."]
    assert "Penyedia," not in lines and "Petugas konfirmasi," not in lines


def test_the_receipt_carries_the_case_and_the_findings() -> None:
    lines = text_of(render("magelang"))
    for line in (
        "Nomor pendaftaran MGL-2611-ABCDEF",
        "Penyedia CV Kali Progo",
        "Jenis penyedia Badan Usaha (CV)",
        "User ID KALIPROGO",
        "Waktu 25 November 2026 10.00 WIB",
        "1. KTP: unggahan sesuai",  # Magelang verifies the uploads online (MGL-M, Permohonan On Line)
        "2. Akta Perubahan Terakhir: tidak berlaku",
    ):
        assert line in lines
    assert render("magelang").filename == "Berita-Acara-verifikasi-Ceklis-Dokumen-MGL-2611-ABCDEF.pdf"


def test_the_same_facts_give_the_same_bytes_and_another_signer_another_digest() -> None:
    first, again = render("depok"), render("depok")
    assert first.content == again.content and first.sha256 == again.sha256
    assert first.sha256 == hashlib.sha256(first.content).hexdigest()
    assert render("depok", verifier="Dewi Anggraini, S.Kom.").sha256 != first.sha256
