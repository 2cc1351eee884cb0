"""What people read about a ticket is Indonesian and the LPSE's own words: the statuses and buttons of the README's
*Tickets and the ladder*, and each level and category as the shipped profile (from the standard) names it."""

from __future__ import annotations

import pytest

from contracts.helpdesk import TicketLevel
from helpdesk.domain import TicketStatus, Trigger
from helpdesk.domain.labels import category_label, level_label, status_label, trigger_label
from services.helpdesk.tests.unit.ticket_kit import PROFILES


@pytest.mark.parametrize(
    ("status", "label"),
    [
        (TicketStatus.QUEUED, "Menunggu ditangani"),
        (TicketStatus.IN_PROGRESS, "Sedang ditangani"),
        (TicketStatus.INFO_REQUESTED, "Menunggu informasi dari pelapor"),
        (TicketStatus.AT_LKPP, "Di Helpdesk LKPP"),
        (TicketStatus.LKPP_ANSWERED, "Jawaban LKPP diterima, menunggu helpdesk"),
        (TicketStatus.RESOLVED, "Selesai"),
        (TicketStatus.CLOSED, "Ditutup"),
        (TicketStatus.RATED, "Ditutup dan dinilai"),
    ],
)
def test_each_status_reads_as_the_readme_names_it(status: TicketStatus, label: str) -> None:
    assert status_label(status) == label


@pytest.mark.parametrize(
    ("trigger", "label"),
    [
        (Trigger.CLAIM, "Klaim"),
        (Trigger.RELEASE, "Lepas"),
        (Trigger.REPLY, "Balas pelapor"),
        (Trigger.NOTE, "Tambah catatan internal"),
        (Trigger.REQUEST_INFO, "Minta informasi tambahan"),
        (Trigger.REPORTER_REPLY, "Kirim balasan"),
        (Trigger.LKPP_ANSWER, "Catat jawaban LKPP"),
        (Trigger.RESOLVE, "Tandai selesai"),
        (Trigger.REOPEN, "Buka kembali laporan"),
        (Trigger.CLOSE, "Tutup tiket"),
        (Trigger.RATE, "Beri penilaian"),
    ],
)
def test_each_step_button_reads_as_the_readme_names_it(trigger: Trigger, label: str) -> None:
    assert trigger_label(trigger) == label


@pytest.mark.parametrize(
    ("lpse", "category", "level", "label"),
    [
        # Temanggung TMG-9: Helpdesk LPSE → Admin PPE → Helpdesk LKPP.
        ("temanggung", "masalah_spse", "helpdesk", "Helpdesk LPSE"),
        ("temanggung", "masalah_spse", "admin_ppe", "Admin PPE"),
        ("temanggung", "masalah_spse", "lkpp", "Helpdesk LKPP"),
        # Banjarmasin BJM-7: Helpdesk → Admin Sistem → Helpdesk LKPP.
        ("banjarmasin", "masalah_spse", "helpdesk", "Helpdesk"),
        ("banjarmasin", "akun_penyedia", "admin_ppe", "Admin Sistem"),
        ("banjarmasin", "lainnya", "lkpp", "Helpdesk LKPP"),
        # Depok DPK-1c: Helpdesk LPSE → LKPP; DPK-2d's own ladder ends at "LKPP dan BSSN".
        ("depok", "masalah_spse", "lkpp", "LKPP"),
        ("depok", "uji_forensik", "admin_ppe", "Admin PPE"),
        ("depok", "uji_forensik", "lkpp", "LKPP dan BSSN"),
        # DPK-2c's ladder stops at the Admin PPE: a ticket beyond it reads as the LPSE's ladder names the level.
        ("depok", "ubah_jadwal", "lkpp", "LKPP"),
        # Magelang: one rung, its Petugas LPSE.
        ("magelang", "masalah_spse", "helpdesk", "Petugas LPSE"),
    ],
)
def test_each_level_reads_as_the_lpse_standard_names_it(
    lpse: str, category: str, level: TicketLevel, label: str
) -> None:
    assert level_label(PROFILES[lpse].helpdesk, category, level) == label


@pytest.mark.parametrize(
    ("lpse", "level", "label"),
    [
        ("depok", "admin_ppe", "Admin PPE"),
        ("magelang", "admin_ppe", "Admin PPE"),
        ("magelang", "lkpp", "Helpdesk LKPP"),
    ],
)
def test_a_level_no_ladder_names_reads_as_the_platform_names_it(lpse: str, level: TicketLevel, label: str) -> None:
    assert level_label(PROFILES[lpse].helpdesk, "masalah_spse", level) == label


@pytest.mark.parametrize(
    ("lpse", "category", "label"),
    [
        ("temanggung", "masalah_spse", "Permasalahan aplikasi SPSE"),
        ("banjarmasin", "akun_penyedia", "Akun penyedia (lupa kata sandi, user ID)"),
        ("depok", "uji_forensik", "Uji forensik dokumen penawaran"),
        ("magelang", "registrasi", "Pendaftaran penyedia"),
    ],
)
def test_each_category_reads_as_the_intake_names_it(lpse: str, category: str, label: str) -> None:
    assert category_label(PROFILES[lpse].helpdesk, category) == label


def test_a_category_the_lpse_does_not_offer_reads_as_its_code() -> None:
    # An old ticket whose category left the profile still shows something rather than failing the page.
    assert category_label(PROFILES["magelang"].helpdesk, "ubah_jadwal") == "ubah_jadwal"
