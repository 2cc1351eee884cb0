"""The account request tables, written out from the standards (Depok DPK-2a/2b/2e/3a: Helpdesk → Admin Agency /
Admin PPE; Temanggung TMG-2 a–e and "dicek ulang oleh satu petugas lain"; Magelang MGL-O: the officer verifies),
and which table each shipped service follows, read from its profile."""

from __future__ import annotations

import pytest

from contracts.lpse import load_profiles
from helpdesk.accounts.tables import BERJENJANG, ESKALASI, INAPROC, Path, Status, Trigger, officer_of, path_of
from lpse_runtime.settings import REPO_ROOT

PROFILES = load_profiles(REPO_ROOT / "deploy" / "lpse")


def rows(table: dict[tuple[Status, Trigger], Status]) -> set[tuple[str, str, str]]:
    """The table as (state, trigger, next state) words."""
    return {(state.value, trigger.value, after.value) for (state, trigger), after in table.items()}


def test_depok_escalation_table() -> None:
    assert rows(ESKALASI) == {
        ("diajukan", "klaim", "diajukan"),
        ("dieskalasi", "klaim", "dieskalasi"),
        ("diajukan", "lengkap", "dieskalasi"),
        ("diajukan", "kembalikan", "dikembalikan"),
        ("dikembalikan", "ajukan_ulang", "diajukan"),
        ("dieskalasi", "setujui", "disetujui"),
        ("dieskalasi", "tolak", "ditolak"),
        ("disetujui", "akun_dibuat", "selesai"),
        ("disetujui", "akun_ditolak", "dieskalasi"),
    }


def test_temanggung_table_with_disposition_and_second_check() -> None:
    assert rows(BERJENJANG) == {
        ("diajukan", "klaim", "diajukan"),
        ("menunggu_disposisi", "klaim", "menunggu_disposisi"),
        ("didisposisi", "klaim", "didisposisi"),
        ("disiapkan", "klaim", "disiapkan"),
        ("dikembalikan_ke_pembuat", "klaim", "dikembalikan_ke_pembuat"),
        ("diajukan", "lengkap", "menunggu_disposisi"),
        ("diajukan", "kembalikan", "dikembalikan"),
        ("dikembalikan", "ajukan_ulang", "diajukan"),
        ("menunggu_disposisi", "disposisi", "didisposisi"),
        ("didisposisi", "siapkan", "disiapkan"),
        ("dikembalikan_ke_pembuat", "siapkan", "disiapkan"),
        ("disiapkan", "konfirmasi", "disetujui"),
        ("disiapkan", "kembalikan_ke_pembuat", "dikembalikan_ke_pembuat"),
        ("didisposisi", "tolak", "ditolak"),
        ("dikembalikan_ke_pembuat", "tolak", "ditolak"),
        ("disetujui", "akun_dibuat", "selesai"),
        ("disetujui", "akun_ditolak", "didisposisi"),
    }


def test_magelang_inaproc_table() -> None:
    assert rows(INAPROC) == {
        ("diajukan", "klaim", "diajukan"),
        ("diajukan", "kembalikan", "dikembalikan"),
        ("dikembalikan", "ajukan_ulang", "diajukan"),
        ("diajukan", "verifikasi", "diverifikasi"),
        ("diverifikasi", "inaproc_terverifikasi", "selesai"),
    }


@pytest.mark.parametrize(
    ("lpse", "service_id", "path", "officer"),
    [
        ("depok", "DPK-2a", Path.ESKALASI, "admin_agency"),
        ("depok", "DPK-2b", Path.ESKALASI, "admin_ppe"),
        ("depok", "DPK-2e", Path.ESKALASI, "admin_agency"),
        ("depok", "DPK-3a", Path.ESKALASI, "admin_ppe"),
        ("temanggung", "TMG-2", Path.BERJENJANG, "admin_agency"),
        ("magelang", "MGL-O", Path.INAPROC, "admin_agency"),
    ],
)
def test_each_service_follows_the_table_its_profile_describes(
    lpse: str, service_id: str, path: Path, officer: str
) -> None:
    service = next(s for s in PROFILES[lpse].services if s.id == service_id)
    assert path_of(service) is path
    assert officer_of(service) == officer


def test_four_eyes_comes_from_the_profile_flag_not_the_lpse() -> None:
    dpk = next(s for s in PROFILES["depok"].services if s.id == "DPK-2a")
    assert path_of(dpk.model_copy(update={"four_eyes": True})) is Path.BERJENJANG
    tmg = next(s for s in PROFILES["temanggung"].services if s.id == "TMG-2")
    assert path_of(tmg.model_copy(update={"four_eyes": False})) is Path.ESKALASI
