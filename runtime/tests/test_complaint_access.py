"""Who may work complaints (README): the complaint desk (helpdesk, verifikator, kepala_lpse, admin_agency) of the
complaint's own LPSE acts; the auditor only reads; nobody else, and no role reaches another LPSE's complaints."""

from __future__ import annotations

import pytest

from lpse_runtime.authz import permits
from lpse_runtime.staff import StaffPrincipal, parse_grant

DESK = {"helpdesk", "verifikator", "kepala_lpse", "admin_agency"}
ROLES = ("verifikator", "kepala_lpse", "helpdesk", "admin_ppe", "admin_agency", "operator", "auditor", "admin_platform")
# action → roles allowed on their own LPSE's complaint (from the README, not the code)
EXPECTED: dict[str, set[str]] = {
    "pengaduan.antrean": DESK | {"auditor"},
    "pengaduan.lihat": DESK | {"auditor"},
    "pengaduan.klaim": DESK,
    "pengaduan.lepas": DESK,
    "pengaduan.tanggapi": DESK,
    "pengaduan.eskalasi": DESK,
    "pengaduan.catat_lkpp": DESK,
    "pengaduan.respon": DESK,
    "pengaduan.selesaikan": DESK,
    "pengaduan.catatan": DESK,
}


def staff(grant: str) -> StaffPrincipal:
    parsed = parse_grant(grant)
    assert parsed is not None
    return StaffPrincipal(username="uji", name="Uji", grants=(parsed,))


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_its_own_and_on_another_lpses_complaint(action: str, role: str) -> None:
    assert permits(staff(f"{role}@banjarmasin"), action, "banjarmasin") is (role in EXPECTED[action])
    assert permits(staff(f"{role}@banjarmasin"), action, "depok") is False
