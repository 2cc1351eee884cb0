"""Who may do what at the helpdesk's ticket desk, written out from the README's access table, not read
from `lpse_runtime.authz`: every ticket action × every staff role, in the record's own LPSE and in another."""

from __future__ import annotations

import pytest

from lpse_runtime.authz import acting_as, permits
from lpse_runtime.staff import StaffPrincipal, parse_grant

ROLES = ("verifikator", "kepala_lpse", "helpdesk", "admin_ppe", "admin_agency", "operator", "auditor", "admin_platform")
READERS = {"helpdesk", "admin_ppe", "kepala_lpse", "auditor"}
DESK = {"helpdesk", "admin_ppe"}
EXPECTED: dict[str, set[str]] = {
    "tiket.antrean": READERS,
    "tiket.lihat": READERS,
    "tiket.catat": {"helpdesk", "kepala_lpse"},  # walk-in, phone and email reports recorded by staff
    "tiket.klaim": DESK,
    "tiket.lepas": DESK,
    "tiket.balas": DESK,
    "tiket.minta_info": DESK,
    "tiket.eskalasi": DESK,
    "tiket.selesaikan": DESK,
    "tiket.catat_jawaban_lkpp": DESK,
    "tiket.catatan": DESK | {"kepala_lpse"},
    "tiket.tutup": DESK | {"kepala_lpse"},
}


def staff(grant: str) -> StaffPrincipal:
    parsed = parse_grant(grant)
    assert parsed is not None
    return StaffPrincipal(username="uji", name="Uji", grants=(parsed,))


@pytest.mark.parametrize(("action", "role"), [(a, r) for a in EXPECTED for r in ROLES])
def test_each_ticket_action_is_allowed_exactly_to_its_roles_in_their_own_lpse(action: str, role: str) -> None:
    assert permits(staff(f"{role}@depok"), action, "depok") is (role in EXPECTED[action])
    assert permits(staff(f"{role}@banjarmasin"), action, "depok") is False


def test_a_head_who_also_works_the_desk_escalates_as_the_desk_role() -> None:
    two_hats = StaffPrincipal(
        username="uji",
        name="Uji",
        grants=tuple(g for g in map(parse_grant, ("kepala_lpse@depok", "admin_ppe@depok")) if g),
    )
    assert acting_as(two_hats, "tiket.eskalasi").actor.role == "admin_ppe"
    assert acting_as(two_hats, "tiket.catatan").actor.role == "kepala_lpse"
