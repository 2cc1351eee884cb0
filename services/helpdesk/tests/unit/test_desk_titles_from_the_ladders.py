"""The desk's queues are named as each LPSE's standard names its levels (README; Banjarmasin BJM-7 steps 4–6
call the second level the Admin Sistem, Magelang has no ladder at all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from contracts.lpse import load_profiles
from helpdesk.staff_views import desk_for, desks_of, level_label

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")

# Written out from the standards' ladders (README) and the shipped YAML, not from the module.
DESKS = {
    "temanggung": [("helpdesk", "Antrean Helpdesk"), ("admin_ppe", "Antrean Admin PPE")],
    "banjarmasin": [("helpdesk", "Antrean Helpdesk"), ("admin_ppe", "Antrean Admin Sistem")],
    # DPK-1c goes from the Helpdesk straight to LKPP, but DPK-2c/2d (ubah jadwal, uji forensik) pass the Admin PPE.
    "depok": [("helpdesk", "Antrean Helpdesk"), ("admin_ppe", "Antrean Admin PPE")],
    "magelang": [("helpdesk", "Antrean Helpdesk")],
}


@pytest.mark.parametrize("lpse", sorted(DESKS))
def test_each_lpse_has_the_desks_its_ladders_name(lpse: str) -> None:
    assert [(d.level, d.title) for d in desks_of(PROFILES[lpse])] == DESKS[lpse]


def test_the_levels_carry_the_standards_labels() -> None:
    assert level_label(PROFILES["banjarmasin"], "admin_ppe") == "Admin Sistem"
    assert level_label(PROFILES["banjarmasin"], "lkpp") == "Helpdesk LKPP"
    assert level_label(PROFILES["depok"], "lkpp") == "LKPP"
    assert level_label(PROFILES["magelang"], "helpdesk") == "Petugas LPSE"


def test_the_desk_shown_is_the_one_asked_else_the_roles_else_the_helpdesks() -> None:
    temanggung, magelang = PROFILES["temanggung"], PROFILES["magelang"]
    assert desk_for(temanggung, "admin_ppe", "helpdesk").level == "admin_ppe"
    assert desk_for(temanggung, "", "admin_ppe").title == "Antrean Admin PPE"
    assert desk_for(temanggung, "lkpp", "kepala_lpse").level == "helpdesk"  # LKPP has no queue here
    assert desk_for(magelang, "admin_ppe", "admin_ppe").level == "helpdesk"  # Magelang has one desk
