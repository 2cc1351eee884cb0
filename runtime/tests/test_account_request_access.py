"""Who may work internal account requests (README, "The Admin PPE's desk: internal accounts and auditor access"):
the Helpdesk records and checks, the Kabag PBJ (kepala_lpse) gives the disposition, the Admin Agency / Admin PPE
prepare (the Helpdesk too, for MGL-O's INAPROC verification), only an Admin Agency checks again; the auditor's landing
page is the `auditor_paket`'s alone; nobody reaches another LPSE's requests."""

from __future__ import annotations

import pytest

from lpse_runtime.authz import permits
from lpse_runtime.staff import StaffPrincipal, parse_grant

ROLES = (
    "verifikator",
    "kepala_lpse",
    "helpdesk",
    "admin_ppe",
    "admin_agency",
    "operator",
    "auditor",
    "admin_platform",
    "ppk",
    "pokja",
    "pejabat_pengadaan",
    "pa",
    "auditor_paket",
)
DESK = {"helpdesk", "admin_agency", "admin_ppe", "kepala_lpse"}
# action → roles allowed on their own LPSE's request (from the README, not the code)
EXPECTED: dict[str, set[str]] = {
    "akun.catat": {"helpdesk"},
    "akun.antrean": DESK,
    "akun.lihat": DESK,
    "akun.klaim": DESK,
    "akun.periksa": {"helpdesk"},
    "akun.disposisi": {"kepala_lpse"},
    "akun.siapkan": {"admin_agency", "admin_ppe", "helpdesk"},
    "akun.cek_ulang": {"admin_agency"},
    "audit_paket.lihat": {"auditor_paket"},
}


def staff(grant: str) -> StaffPrincipal:
    parsed = parse_grant(grant)
    assert parsed is not None
    return StaffPrincipal(username="uji", name="Uji", grants=(parsed,))


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_its_own_and_on_another_lpses_request(action: str, role: str) -> None:
    assert permits(staff(f"{role}@temanggung"), action, "temanggung") is (role in EXPECTED[action])
    assert permits(staff(f"{role}@temanggung"), action, "depok") is False
