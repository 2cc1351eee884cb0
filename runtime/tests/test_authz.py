"""The access rules as the README states them: a role reaches its own LPSE, `*` every LPSE, ANY-scope actions all."""

from __future__ import annotations

import pytest

from contracts.envelope import Actor
from lpse_runtime.authz import acting_as, acting_lpse, permits
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


def test_the_actor_of_an_action_is_the_role_that_authorized_it_not_the_first_role_held() -> None:
    two_hats = staff("verifikator@depok", "admin_platform@*")
    assert two_hats.actor.role == "verifikator"  # outside an action: the first role, the console's label
    assert acting_as(two_hats, "pengguna.buat").actor == Actor(id="uji", role="admin_platform")
    assert acting_as(two_hats, "kasus.klaim").actor.role == "verifikator"
    assert acting_as(staff("helpdesk@depok", "kepala_lpse@depok"), "kasus.alihkan").role == "kepala_lpse"


@pytest.mark.parametrize("action", ["pengguna.lihat", "pengguna.buat", "pengguna.ubah_peran", "pengguna.nonaktifkan"])
def test_only_the_platform_administrator_manages_staff_accounts(action: str) -> None:
    assert permits(staff("admin_platform@*"), action, "depok")
    for role in ("verifikator", "kepala_lpse", "helpdesk", "admin_ppe", "admin_agency", "operator", "auditor"):
        assert not permits(staff(f"{role}@depok", f"{role}@*"), action, "depok"), role
