"""Who may work an ubah-jadwal request (README, The Admin PPE's desk: ubah jadwal): a Pokja member files; the
Helpdesk records at the counter, checks and claims; the Admin PPE claims and decides; the head of the LPSE reads;
an external auditor reads only through `audit_paket.lihat`; no role reaches another LPSE's requests."""

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
    "pokja",
    "ppk",
    "pejabat_pengadaan",
    "pa",
    "auditor_paket",
)
# action → roles allowed on their own LPSE's request (written from the README, not read from the code)
EXPECTED: dict[str, set[str]] = {
    "jadwal.ajukan": {"pokja"},
    "jadwal.catat": {"helpdesk"},
    "jadwal.antrean": {"helpdesk", "admin_ppe", "kepala_lpse"},
    "jadwal.lihat": {"helpdesk", "admin_ppe", "kepala_lpse"},
    "jadwal.klaim": {"helpdesk", "admin_ppe"},
    "jadwal.periksa": {"helpdesk"},
    "jadwal.putuskan": {"admin_ppe"},
    "audit_paket.lihat": {"auditor_paket"},
}


def staff(grant: str) -> StaffPrincipal:
    parsed = parse_grant(grant)
    assert parsed is not None
    return StaffPrincipal(username="uji", name="Uji", grants=(parsed,))


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_its_own_and_on_another_lpses_request(action: str, role: str) -> None:
    assert permits(staff(f"{role}@depok"), action, "depok") is (role in EXPECTED[action])
    assert permits(staff(f"{role}@depok"), action, "temanggung") is False
