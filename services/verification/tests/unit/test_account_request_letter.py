"""The printable request letter, read back from the PDF as its reader sees it.

Oracle: BJM-4 ("Surat permohonan yang diajukan secara online, dicetak, ditandatangani pimpinan perusahaan") and the
agreed contents: letterhead, "Surat Permohonan <kind label>", company, user ID, the change in full, the documents it
brings, "Pimpinan perusahaan" over a "Meterai" box, the date in the LPSE's zone.
"""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader

from contracts.lpse import load_profiles
from verification.account_requests.domain import RequestStatus, service_for
from verification.account_requests.filing import Account, AccountRequest, bring_list
from verification.account_requests.letter import render_letter
from verification.agregasi import AggregationStatus

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
FILED = datetime(2026, 12, 2, 17, 30, tzinfo=UTC)  # 3 Desember 2026 01.30 WITA in Banjarmasin
ACCOUNT = Account(
    provider_id=uuid.uuid4(),
    user_id="CVLANCAR",
    lpse="banjarmasin",
    company_name="CV Lancar Jaya",
    npwp="012345678901000",
    email="direktur@lancar.co.id",
    provider_type="badan_usaha_cv",
    director_name="Budi Santoso",
    address="Jl. Lambung Mangkurat 1, Banjarmasin",
    phone="0511 123456",
    pkp_number="",
    aggregation_status=AggregationStatus.NONE,
)


def request(kind: str, changes: dict[str, str], *, by_proxy: bool = False) -> AccountRequest:
    return AccountRequest(
        id=uuid.uuid4(),
        reference="PRM-BJM-2612-7K3Q9P",
        provider_id=ACCOUNT.provider_id,
        lpse="banjarmasin",
        kind=kind,  # type: ignore[arg-type]
        service_id="BJM-4",
        channel="web",
        status=RequestStatus.AWAITING_VISIT,
        changes=changes,
        reason="",
        by_proxy=by_proxy,
        documents=(),
        returned_items=(),
        filed_at=FILED,
        updated_at=FILED,
    )


def text_of(kind: str, changes: dict[str, str], *, by_proxy: bool = False) -> str:
    profile = PROFILES["banjarmasin"]
    service = service_for(profile, kind)  # type: ignore[arg-type]
    assert service is not None
    bring = bring_list(service, ACCOUNT, by_proxy=by_proxy)
    letter = render_letter(profile, service, request(kind, changes, by_proxy=by_proxy), ACCOUNT, bring)
    assert letter.filename == "Surat-Permohonan-PRM-BJM-2612-7K3Q9P.pdf"
    reader = PdfReader(io.BytesIO(letter.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_npwp_letter_names_the_company_the_change_in_full_and_what_it_brings() -> None:
    text = text_of("npwp", {"npwp": "098765432101000"})
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0] == "CV LANCAR JAYA", "the letterhead is the company's"
    assert "SURAT PERMOHONAN PERUBAHAN NPWP" in lines
    assert "Nomor permohonan: PRM-BJM-2612-7K3Q9P" in lines
    assert "Pimpinan LPSE Kota Banjarmasin" in lines
    for expected in (
        "User ID CVLANCAR",
        "NPWP saat ini 012345678901000",
        "NPWP baru 098765432101000",
        "1. Surat permohonan yang diajukan secara online: asli dan fotokopi",
        "KTP Direktur: asli dan fotokopi",
        "Akta Perubahan terakhir: asli dan fotokopi",
        "Pimpinan perusahaan,",
        "Meterai",
        "Budi Santoso",
    ):
        assert any(expected in line for line in lines), expected
    assert "Surat Kuasa" not in text, "the proxy's letter only when a proxy brings the file"
    assert "3 Desember 2026" in text, "dated in Banjarmasin's zone (WITA), not in UTC"
    assert "2 Desember 2026" not in text


def test_a_letter_brought_by_a_proxy_lists_the_proxy_letter() -> None:
    text = text_of("npwp", {"npwp": "098765432101000"}, by_proxy=True)
    assert "Surat Kuasa diatas kertas berkop perusahaan" in text
    assert "Berkas dibawa oleh penerima kuasa" in text


def test_the_email_letter_asks_the_new_address() -> None:
    text = text_of("email", {"email": "baru@lancar.co.id"})
    assert "SURAT PERMOHONAN PERUBAHAN EMAIL" in text
    assert "Email saat ini direktur@lancar.co.id" in text and "Email baru baru@lancar.co.id" in text
