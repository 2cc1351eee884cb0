"""The helpdesk block of each shipped profile: the ladder as each standard names it, the services its categories
run under, and a profile that breaks the ladder's rules refused at load.

Expected values are written out from the standard (std §7.1 DPK-1c, §7.2 BJM-7, §7.3 TMG-9, §3 for Magelang).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from contracts.lpse import ProfileError, load_profile, load_profiles
from lpse_runtime.settings import REPO_ROOT

LPSE_DIR = REPO_ROOT / "deploy" / "lpse"
PROFILES = load_profiles(LPSE_DIR)

LADDERS = {
    # DPK-1c: "Permasalahan Yang Tidak Dapat Diselesaikan Oleh Helpdesk AKAN DIESKALASI KE LKPP" (std §7.1).
    "depok": [("helpdesk", "Helpdesk LPSE"), ("lkpp", "LKPP")],
    # BJM-7 steps 3–6: Helpdesk checks, hands to the Admin Sistem; LKPP by the SLA condition (std §7.2).
    "banjarmasin": [("helpdesk", "Helpdesk"), ("admin_ppe", "Admin Sistem"), ("lkpp", "Helpdesk LKPP")],
    # TMG-9 legend b, c, d (std §7.3).
    "temanggung": [("helpdesk", "Helpdesk LPSE"), ("admin_ppe", "Admin PPE"), ("lkpp", "Helpdesk LKPP")],
    # [000] has no problem-handling service (std §3): one desk, nothing above it.
    "magelang": [("helpdesk", "Petugas LPSE")],
}


@pytest.mark.parametrize(("lpse", "ladder"), LADDERS.items())
def test_the_ladders_are_the_standards(lpse: str, ladder: list[tuple[str, str]]) -> None:
    assert [(s.level, s.label) for s in PROFILES[lpse].helpdesk.ladder] == ladder


def test_depok_schedule_change_and_forensic_test_climb_their_own_services_ladders() -> None:
    helpdesk = PROFILES["depok"].helpdesk
    # DPK-2c (std §9.1): Helpdesk → Admin PPE; DPK-2d (std §9.2): Helpdesk → Admin PPE → LKPP (and BSSN).
    assert [s.level for s in helpdesk.ladder_for("ubah_jadwal")] == ["helpdesk", "admin_ppe"]
    assert [s.level for s in helpdesk.ladder_for("uji_forensik")] == ["helpdesk", "admin_ppe", "lkpp"]
    assert [s.level for s in helpdesk.ladder_for("masalah_spse")] == ["helpdesk", "lkpp"]


@pytest.mark.parametrize(
    ("lpse", "services"),
    [
        (
            "depok",
            {
                "masalah_spse": "DPK-1c",
                "akun_penyedia": "DPK-1c",
                "registrasi": "DPK-1c",
                "lainnya": "DPK-1c",
                "ubah_jadwal": "DPK-2c",
                "uji_forensik": "DPK-2d",
            },
        ),
        ("banjarmasin", dict.fromkeys(("masalah_spse", "akun_penyedia", "registrasi", "lainnya"), "BJM-7")),
        ("temanggung", dict.fromkeys(("masalah_spse", "akun_penyedia", "registrasi", "lainnya"), "TMG-9")),
        ("magelang", dict.fromkeys(("masalah_spse", "akun_penyedia", "registrasi", "lainnya"))),
    ],
)
def test_each_helpdesk_category_names_a_service_of_its_lpse(lpse: str, services: dict[str, str | None]) -> None:
    helpdesk = PROFILES[lpse].helpdesk
    assert {c.code.value: c.service for c in helpdesk.categories} == services
    ids = {s.id for s in PROFILES[lpse].services}
    assert all(sid in ids for sid in services.values() if sid is not None)


def test_the_notes_the_reporter_reads_are_the_standards() -> None:
    assert "tidak terbatas" in PROFILES["banjarmasin"].helpdesk.lkpp_note
    assert PROFILES["temanggung"].helpdesk.lkpp_note == (
        "Batas waktu 5 hari tidak berlaku apabila kendala perlu ditindaklanjuti ke Helpdesk LKPP."
    )
    assert PROFILES["magelang"].helpdesk.service is None
    assert "tidak memuat layanan penanganan permasalahan" in PROFILES["magelang"].helpdesk.deadline_note


def _broken(tmp_path: Path, lpse: str, change: Any) -> Path:
    raw = yaml.safe_load((LPSE_DIR / f"{lpse}.yaml").read_text(encoding="utf-8"))
    change(raw["helpdesk"])
    path = tmp_path / f"{lpse}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lpse", "change", "message"),
    [
        ("temanggung", lambda h: h["ladder"].reverse(), "the ladder starts at the helpdesk"),
        ("temanggung", lambda h: h["ladder"].__setitem__(1, h["ladder"][2]), "the ladder's levels must rise"),
        ("banjarmasin", lambda h: h.__setitem__("lkpp_note", ""), "needs lkpp_note"),
        ("banjarmasin", lambda h: h["categories"][0].__setitem__("service", "BJM-99"), "BJM-99"),
        ("magelang", lambda h: h.__setitem__("deadline_note", ""), "needs deadline_note"),
    ],
)
def test_a_helpdesk_block_that_breaks_the_ladder_rules_is_refused(
    tmp_path: Path, lpse: str, change: Any, message: str
) -> None:
    with pytest.raises(ProfileError, match=message):
        load_profile(_broken(tmp_path, lpse, change))
