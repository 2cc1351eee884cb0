"""Who may work a forensic test (README, "The Admin PPE's desk: uji forensik"): the Pokja files; the Helpdesk records
at the counter and checks; the Admin PPE tests, escalates, issues and alone of the desk reads the files; Helpdesk,
Admin PPE and the head see the case; an auditor_paket reads only through its own scoped pages; no role reaches
another LPSE's case."""

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
    "auditor_paket",
)
# action → roles allowed on their own LPSE's case (from the README and the issue, not the code)
EXPECTED: dict[str, set[str]] = {
    "forensik.ajukan": {"pokja"},
    "forensik.catat": {"helpdesk"},
    "forensik.antrean": {"helpdesk", "admin_ppe", "kepala_lpse"},
    "forensik.lihat": {"helpdesk", "admin_ppe", "kepala_lpse"},
    "forensik.klaim": {"helpdesk", "admin_ppe"},
    "forensik.periksa": {"helpdesk"},
    "forensik.uji": {"admin_ppe"},
    "forensik.berkas": {"admin_ppe"},
    "audit_paket.lihat": {"auditor_paket"},
}


def staff(grant: str) -> StaffPrincipal:
    parsed = parse_grant(grant)
    assert parsed is not None
    return StaffPrincipal(username="uji", name="Uji", grants=(parsed,))


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_its_own_and_on_another_lpses_forensic_test(action: str, role: str) -> None:
    assert permits(staff(f"{role}@depok"), action, "depok") is (role in EXPECTED[action])
    assert permits(staff(f"{role}@depok"), action, "temanggung") is False


def test_the_helpdesk_and_the_head_see_the_case_but_never_the_file_bytes() -> None:
    for role in ("helpdesk", "kepala_lpse"):
        assert permits(staff(f"{role}@depok"), "forensik.lihat", "depok")
        assert not permits(staff(f"{role}@depok"), "forensik.berkas", "depok")
