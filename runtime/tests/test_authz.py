"""The access rules as the README states them: a role reaches its own LPSE, `*` every LPSE, ANY-scope actions all."""

from __future__ import annotations

import pytest

from lpse_runtime.authz import acting_lpse, permits
from lpse_runtime.staff import Grant, StaffPrincipal, parse_grant


def staff(*grants: str) -> StaffPrincipal:
    parsed = tuple(g for g in map(parse_grant, grants) if g is not None)
    return StaffPrincipal(username="uji", name="Uji", grants=parsed)


@pytest.mark.parametrize(
    ("grants", "action", "lpse", "allowed"),
    [
        (("verifikator@depok",), "kasus.klaim", "depok", True),
        (("verifikator@depok",), "kasus.klaim", "banjarmasin", False),
        (("verifikator@depok",), "kasus.alihkan", "depok", False),
        (("helpdesk@banjarmasin", "kepala_lpse@depok"), "kasus.alihkan", "depok", True),
        (("helpdesk@banjarmasin", "kepala_lpse@depok"), "kasus.alihkan", "banjarmasin", False),
        (("auditor@depok",), "kasus.lihat", "depok", True),
        (("auditor@depok",), "email.kirim_ulang", "depok", False),
        (("operator@*",), "ops.putar_ulang", None, True),
        (("operator@banjarmasin",), "ops.lihat", "depok", True),
        (("admin_platform@*",), "email.buka_blokir", "magelang", True),
        (("admin_platform@*",), "kasus.setujui", "depok", False),
        (("admin_ppe@depok", "admin_agency@depok"), "kasus.lihat", "depok", False),
        ((), "kasus.antrean", None, False),
    ],
)
def test_permits(grants: tuple[str, ...], action: str, lpse: str | None, allowed: bool) -> None:
    assert permits(staff(*grants), action, lpse) is allowed


def test_a_list_page_shows_the_lpse_of_the_role_that_allows_it() -> None:
    assert acting_lpse(staff("operator@*", "helpdesk@temanggung"), "kasus.antrean") == "temanggung"


def test_an_unknown_role_from_the_database_is_dropped_not_trusted() -> None:
    assert parse_grant("superuser@depok") is None
    assert parse_grant("kepala_lpse@depok") == Grant(role="kepala_lpse", lpse="depok")
