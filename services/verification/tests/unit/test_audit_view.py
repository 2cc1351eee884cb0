"""The audit trail in the domain's words: no internal code reaches the staff page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from verification.audit_view import audit_line

AT = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
ITEMS = {"ktp": "KTP Direktur/Pemilik Usaha", "npwp": "NPWP"}


def row(
    action: str, before: str | None, after: str, role: str = "verifikator", reason: str | None = None
) -> dict[str, object]:
    return {
        "at": AT,
        "actor_id": "verifikator.depok",
        "actor_role": role,
        "action": action,
        "before": before,
        "after": after,
        "reason": reason,
    }


@pytest.mark.parametrize(
    ("action", "before", "after", "words", "change"),
    [
        ("open", None, "queued", "Masuk antrean verifikasi", "— → Menunggu verifikator"),
        ("claim", "queued", "in_review", "Diklaim", "Menunggu verifikator → Sedang diverifikasi"),
        ("release", "in_review", "queued", "Dilepaskan", "Sedang diverifikasi → Menunggu verifikator"),
        (
            "return",
            "in_review",
            "returned",
            "Berkas dikembalikan",
            "Sedang diverifikasi → Berkas dikembalikan kepada pemohon",
        ),
        (
            "resubmit",
            "returned",
            "in_review",
            "Pemohon mengunggah ulang dokumen",
            "Berkas dikembalikan kepada pemohon → Sedang diverifikasi",
        ),
        (
            "verify",
            "in_review",
            "awaiting_confirmation",
            "Diverifikasi, diteruskan ke petugas kedua",
            "Sedang diverifikasi → Terverifikasi, menunggu konfirmasi petugas kedua",
        ),
        (
            "confirm",
            "awaiting_confirmation",
            "activated",
            "Dikonfirmasi petugas kedua",
            "Terverifikasi, menunggu konfirmasi petugas kedua → Disetujui, akun aktif",
        ),
        ("approve", "in_review", "activated", "Disetujui", "Sedang diverifikasi → Disetujui, akun aktif"),
        (
            "claim",
            "queued (-)",
            "in_review (verifikator.depok)",
            "Diklaim",
            "Menunggu verifikator → Sedang diverifikasi (verifikator.depok)",
        ),
        ("reject", "in_review", "rejected", "Ditolak", "Sedang diverifikasi → Ditolak"),
        ("open", None, "awaiting_visit", "Masuk antrean verifikasi", "— → Menunggu kedatangan pemohon di loket"),
        (
            "check_in",
            "awaiting_visit",
            "checked_in",
            "Kedatangan pemohon dicatat di loket",
            "Menunggu kedatangan pemohon di loket → Pemohon sudah datang, berkas belum diserahkan",
        ),
        (
            "hand_over",
            "checked_in",
            "queued",
            "Berkas diterima di loket",
            "Pemohon sudah datang, berkas belum diserahkan → Menunggu verifikator",
        ),
        (
            "check",
            "ktp: pending",
            "ktp: verified",
            "Dokumen diperiksa",
            "KTP Direktur/Pemilik Usaha: belum diperiksa → KTP Direktur/Pemilik Usaha: asli dilihat, salinan sesuai",
        ),
        (
            "check",
            "npwp: pending",
            "npwp: invalid",
            "Dokumen diperiksa",
            "NPWP: belum diperiksa → NPWP: tidak ada / tidak sesuai",
        ),
        (
            "agregasi:request",
            "none",
            "requested",
            "Permohonan ADP dikirim ke LKPP",
            "Belum diagregasi → Permohonan ADP dikirim ke LKPP",
        ),
    ],
)
def test_each_action_and_state_reads_in_indonesian(
    action: str, before: str | None, after: str, words: str, change: str
) -> None:
    line = audit_line(row(action, before, after), ITEMS)
    assert (line.action, line.change) == (words, change)


def test_roles_read_as_staff_say_them_and_the_opening_event_id_stays_in_the_log() -> None:
    line = audit_line(row("open", None, "queued", role="system", reason="event 5f0c"), ITEMS)
    assert line.who == "verifikator.depok (sistem)" and line.note == ""
    head = audit_line(row("reassign", "queued", "in_review", role="kepala_lpse", reason="cuti"), ITEMS)
    assert head.who == "verifikator.depok (Kepala LPSE)" and head.action == "Dialihkan" and head.note == "cuti"
