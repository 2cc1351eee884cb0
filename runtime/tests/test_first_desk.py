"""Where a signed-in person starts: the first desk its roles open (README, *Staff identity and access*)."""

from __future__ import annotations

import pytest

from lpse_runtime.authz import first_desk
from lpse_runtime.staff import Grant, StaffPrincipal

# role → where its holder lands after signing in, written out from the desks each role works
LANDINGS = {
    "verifikator": "/staf/",
    "kepala_lpse": "/staf/",
    "helpdesk": "/staf/",
    "auditor": "/staf/",
    "admin_ppe": "/helpdesk/staf/",
    "admin_agency": "/helpdesk/staf/akun/",
    "pokja": "/helpdesk/staf/jadwal/saya",
    "auditor_paket": "/helpdesk/staf/audit/",
    "operator": "/ops/",
    "admin_platform": "/ops/",
}


@pytest.mark.parametrize(("role", "path"), sorted(LANDINGS.items()))
def test_each_role_lands_on_its_first_desk(role: str, path: str) -> None:
    lpse = "*" if role in ("operator", "admin_platform") else "depok"
    staff = StaffPrincipal(username="x", name="X", grants=(Grant(role=role, lpse=lpse),))
    assert first_desk(staff) == path


@pytest.mark.parametrize("role", ["ppk", "pejabat_pengadaan", "pa"])
def test_a_role_that_works_no_desk_here_lands_nowhere(role: str) -> None:
    staff = StaffPrincipal(username="x", name="X", grants=(Grant(role=role, lpse="depok"),))
    assert first_desk(staff) is None


def test_a_second_role_does_not_change_where_the_first_desk_is() -> None:
    grants = (Grant(role="pokja", lpse="depok"), Grant(role="admin_agency", lpse="depok"))
    assert first_desk(StaffPrincipal(username="x", name="X", grants=grants)) == "/helpdesk/staf/akun/"
