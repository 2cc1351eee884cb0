"""The four shipped Standar Pelayanan profiles: they load, say what the sources say, and drive deadlines."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from contracts.lpse import DeadlineUnit, ProfileError, load_profile, load_profiles
from lpse_runtime.settings import REPO_ROOT
from lpse_runtime.worktime import WorkCalendar, due

LPSE_DIR = REPO_ROOT / "deploy" / "lpse"
PROFILES = load_profiles(LPSE_DIR)
WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")


def test_four_lpses_ship() -> None:
    assert set(PROFILES) == {"depok", "banjarmasin", "temanggung", "magelang"}


@pytest.mark.parametrize(
    ("lpse", "value", "unit"),
    [
        ("depok", 15, DeadlineUnit.MINUTES),
        ("banjarmasin", 30, DeadlineUnit.MINUTES),
        ("temanggung", 10, DeadlineUnit.MINUTES),
        ("magelang", 12, DeadlineUnit.HOURS),
    ],
)
def test_registration_deadline_is_the_one_the_standard_sets(lpse: str, value: int, unit: DeadlineUnit) -> None:
    deadline = PROFILES[lpse].service("registrasi_penyedia").clocks[0].deadline
    assert (deadline.value, deadline.unit) == (value, unit)


def test_banjarmasin_runs_on_wita_and_keeps_both_complaint_clocks() -> None:
    profile = PROFILES["banjarmasin"]
    assert profile.zone_label == "WITA"
    days = sorted(c.deadline.value for c in profile.complaints.clocks)
    assert days == [3, 6]
    assert all(c.deadline.unit is DeadlineUnit.WORKING_DAYS for c in profile.complaints.clocks)
    assert profile.complaints.submission_window_days == 30


def test_magelang_answers_complaints_within_two_working_days() -> None:
    clocks = PROFILES["magelang"].complaints.clocks
    assert [(c.deadline.value, c.deadline.unit) for c in clocks] == [(2, DeadlineUnit.WORKING_DAYS)]


def test_depok_pkp_is_optional_and_temanggung_pkp_is_not() -> None:
    depok = [d for d in PROFILES["depok"].service("registrasi_penyedia").documents if "pkp" in d.code]
    temanggung = [d for d in PROFILES["temanggung"].service("registrasi_penyedia").documents if "pkp" in d.code]
    assert depok and all(d.condition == "jika_ada" for d in depok)
    assert temanggung and all(d.condition == "selalu" for d in temanggung)


def test_proxy_documents_apply_only_when_a_proxy_comes() -> None:
    for profile in PROFILES.values():
        registration = profile.service("registrasi_penyedia")
        proxy = [d for d in registration.documents if "kuasa" in d.code]
        assert proxy, profile.code
        assert all(d.condition == "jika_dikuasakan" for d in proxy), profile.code


def test_only_banjarmasin_states_a_maklumat_and_its_kepala_bagian_signs_it() -> None:
    # §13.1: Banjarmasin Pasal 7 (three points a-c, signed by the Kepala Bagian); the others state no text.
    assert {code for code, p in PROFILES.items() if p.maklumat is not None} == {"banjarmasin"}
    maklumat = PROFILES["banjarmasin"].maklumat
    assert maklumat is not None and len(maklumat.paragraphs) == 3
    assert maklumat.signer == "Kepala Bagian Layanan Pengadaan Sekretariat Daerah Kota Banjarmasin"


def test_magelang_supervision_is_not_an_escalation_and_its_provider_signs_the_berita_acara() -> None:
    # §4.4: supervised by the atasan langsung, Asisten Sekda and Sekda; "Menanda tangani Berita Acara verifikasi".
    for service in PROFILES["magelang"].services:
        assert service.escalation == ()
        assert service.internal_supervision == ("Atasan langsung", "Asisten Sekda", "Sekretaris Daerah")
    signs = {code: p.service("registrasi_penyedia").provider_signs_product for code, p in PROFILES.items()}
    assert signs == {"depok": False, "banjarmasin": False, "temanggung": False, "magelang": True}


def test_every_service_is_free() -> None:
    assert all(s.fee == "Gratis" for p in PROFILES.values() for s in p.services)


def test_depok_friday_request_with_the_shipped_calendar() -> None:
    profile = PROFILES["depok"]
    service = profile.service("registrasi_penyedia")
    calendar = WorkCalendar.for_service(profile, service)
    start = datetime(2026, 11, 27, 11, 50, tzinfo=WIB)
    assert due(start, service.clocks[0].deadline, calendar) == datetime(2026, 11, 27, 13, 15, tzinfo=WIB)


def test_depok_help_desk_one_times_24_hours_with_the_shipped_calendar() -> None:
    # DPK-1c [002]: "1 x 24 jam", open Monday to Thursday only. Wednesday 10:00 → Thursday 10:00; Thursday 10:00
    # → not Friday (closed) but Monday 30 November at the 09.00 opening.
    profile = PROFILES["depok"]
    service = profile.service("penanganan_masalah")
    calendar = WorkCalendar.for_service(profile, service)
    deadline = service.clocks[0].deadline
    assert due(datetime(2026, 11, 25, 10, 0, tzinfo=WIB), deadline, calendar) == datetime(2026, 11, 26, 10, tzinfo=WIB)
    assert due(datetime(2026, 11, 26, 10, 0, tzinfo=WIB), deadline, calendar) == datetime(2026, 11, 30, 9, tzinfo=WIB)


def test_banjarmasin_complaint_before_idul_fitri_with_the_shipped_calendar() -> None:
    profile = PROFILES["banjarmasin"]
    calendar = WorkCalendar.for_service(profile)
    received = datetime(2026, 3, 20, 10, 0, tzinfo=WITA)
    dues = sorted(due(received, c.deadline, calendar) for c in profile.complaints.clocks)
    assert [d.date().isoformat() for d in dues] == ["2026-03-30", "2026-04-02"]


def test_a_broken_profile_names_its_file_and_field(tmp_path: Path) -> None:
    raw = yaml.safe_load((LPSE_DIR / "depok.yaml").read_text(encoding="utf-8"))
    raw["services"][0]["clocks"][0]["deadline"]["unit"] = "minggu"
    bad = tmp_path / "depok.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(bad)
    assert str(bad) in str(caught.value)
    assert "services.0.clocks.0.deadline.unit" in str(caught.value)


def test_adding_an_lpse_is_adding_a_file(tmp_path: Path) -> None:
    for path in LPSE_DIR.glob("*.yaml"):
        (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    raw = yaml.safe_load((LPSE_DIR / "magelang.yaml").read_text(encoding="utf-8"))
    raw.update(code="bogor", name="LPSE Kota Bogor", short_code="BGR")
    for service in raw["services"]:
        service["id"] = service["id"].replace("MGL-", "BGR-")
    (tmp_path / "bogor.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert set(load_profiles(tmp_path)) == {"banjarmasin", "bogor", "depok", "magelang", "temanggung"}


def test_a_service_refuses_to_start_on_a_broken_profile(tmp_path: Path) -> None:
    raw = yaml.safe_load((LPSE_DIR / "temanggung.yaml").read_text(encoding="utf-8"))
    raw["time_zone"] = "Asia/Tokyo"
    (tmp_path / "temanggung.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    env = {**os.environ, "LPSE_DIR": str(tmp_path), "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    result = subprocess.run(
        [sys.executable, "-m", "registration"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert "temanggung.yaml" in result.stderr and "time_zone" in result.stderr
