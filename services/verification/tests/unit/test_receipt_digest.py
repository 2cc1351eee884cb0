"""The receipt's digest (README: "The same facts give the same PDF bytes"): a known SHA-256 for fixed facts, the
digest being SHA-256 over the bytes mailed, and other facts giving other bytes.

The profile is written out here rather than read from deploy/lpse, so the known answer moves only with the receipt's
layout or the PDF library (pinned by the lock), not with an edit of an LPSE's standard. The known answer is of the
uncompressed document: the compressed one also depends on the zlib build the machine has.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from contracts.lpse import LpseProfile
from verification.domain import ChecklistItem, ItemResult
from verification.receipt import Receipt, render_receipt

PROFILE = LpseProfile.model_validate(
    {
        "code": "contoh",
        "name": "LPSE Kota Contoh",
        "short_code": "CTH",
        "time_zone": "Asia/Jakarta",
        "portal_url": "https://lpse.contoh.go.id",
        "legal_basis": "Keputusan Kepala UKPBJ Kota Contoh Nomor 1 Tahun 2026",
        "provider_types": [{"type": "badan_usaha_cv", "label": "Badan Usaha (CV)"}],
        "office_hours": {"days": {"senin": {"open": {"start": "08:00", "end": "16:00"}}}},
        "complaints": {"channels": [{"kind": "email", "value": "lpse@contoh.go.id"}]},
        "helpdesk": {
            "service": None,
            "deadline_note": "Tanpa batas waktu.",
            "reporter_roles": ["penyedia"],
            "channels": ["email"],
            "categories": [{"code": "lainnya", "label": "Lainnya"}],
            "ladder": [{"level": "helpdesk", "label": "Helpdesk", "source": "[uji]"}],
            "reopen_window": {"value": 5, "unit": "hari_kerja", "text": "5 hari kerja"},
        },
        "services": [
            {
                "id": "CTH-1",
                "kind": "registrasi_penyedia",
                "name": "Registrasi Penyedia",
                "documents": [{"code": "ktp", "name": "KTP Direktur"}],
                "procedure": [{"actor": "Verifikator", "action": "Memverifikasi dokumen"}],
                "clocks": [
                    {
                        "name": "penyelesaian",
                        "label": "Penyelesaian layanan",
                        "deadline": {"value": 15, "unit": "menit", "text": "15 menit"},
                    }
                ],
                "verification_mode": "unggahan",
                "products": ["Tanda Terima Verifikasi Penyedia"],
                "sources": ["[uji]"],
            }
        ],
    }
)
CASE = {
    "reference": "CTH-2611-ABCDEF",
    "company_name": "CV Kali Progo",
    "provider_type": "badan_usaha_cv",
    "npwp": "012345678901000",
    "nib": "1234567890123",
    "director_name": "Sri Lestari",
    "verification_mode": "unggahan",
}
ITEMS = [ChecklistItem("ktp", "KTP Direktur", True, ItemResult.VERIFIED)]
AT = datetime(2026, 11, 25, 3, tzinfo=UTC)  # Rabu 25 November 2026, 10.00 WIB
# The uncompressed PDF for these facts (fpdf2 2.8.9), written to a file and digested outside Python:
# `sha256sum receipt.pdf`. Its /CreationDate is AT and its /ID an MD5 of the content: nothing drawn at random.
KNOWN_SHA256 = "81afb54741a55860df4658d04db2c33cbf590d2d28d7c366a7d9ce7ce6ebd4bc"


def render(*, verifier: str = "Budi Santoso, S.Kom.", at: datetime = AT, compress: bool = True, **case: str) -> Receipt:
    return render_receipt(
        PROFILE,
        PROFILE.service("registrasi_penyedia"),
        {**CASE, **case},
        ITEMS,
        user_id="KALIPROGO",
        verifier=verifier,
        confirmer=None,
        at=at,
        compress=compress,
    )


def test_fixed_facts_give_a_known_digest() -> None:
    assert hashlib.sha256(render(compress=False).content).hexdigest() == KNOWN_SHA256


def test_the_digest_is_sha256_of_the_bytes_mailed() -> None:
    receipt = render()
    assert receipt.content.startswith(b"%PDF-")
    assert receipt.sha256 == hashlib.sha256(receipt.content).hexdigest()


def test_the_same_facts_give_the_same_bytes() -> None:
    assert render().content == render().content
    assert render(compress=False).content == render(compress=False).content


def test_other_facts_give_other_bytes() -> None:
    first = render().sha256
    others = {
        render(verifier="Dewi Anggraini, S.Kom.").sha256,
        render(at=datetime(2026, 11, 26, 3, tzinfo=UTC)).sha256,
        render(npwp="098765432109000").sha256,
        render(reference="CTH-2611-ABCDEG").sha256,
    }
    assert first not in others and len(others) == 4
