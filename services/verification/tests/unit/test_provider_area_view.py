"""The account page's parts against the LPSE standards: which requests each LPSE's provider may file, agregasi."""

from __future__ import annotations

from pathlib import Path

import pytest

from contracts.lpse import load_profiles
from verification.agregasi import AggregationStatus
from verification.provider_area.area import Link, agregasi_part, request_links, size_text

PROFILES = load_profiles(Path(__file__).parents[4] / "deploy" / "lpse")
NONE = AggregationStatus.NONE


def texts(links: tuple[Link, ...]) -> list[str]:
    return [link.text for link in links]


def test_banjarmasin_offers_its_services_two_to_six_and_cv_to_pt_only_to_a_cv() -> None:
    # BJM-2 email, BJM-3 CV → PT, BJM-4 NPWP, BJM-5 deactivation, BJM-6 agregasi; no service for other data.
    assert texts(request_links(PROFILES["banjarmasin"], "badan_usaha_cv", NONE)) == [
        "Ajukan perubahan email",
        "Ajukan perubahan NPWP",
        "Ajukan perubahan status CV ke PT",
        "Ajukan penonaktifan user ID",
        "Ajukan agregasi data penyedia",
    ]
    assert "Ajukan perubahan status CV ke PT" not in texts(
        request_links(PROFILES["banjarmasin"], "badan_usaha_pt", NONE)
    )


@pytest.mark.parametrize("status", [AggregationStatus.REQUESTED, AggregationStatus.AGGREGATED])
def test_agregasi_is_not_offered_again_once_asked_for_or_done(status: AggregationStatus) -> None:
    assert "Ajukan agregasi data penyedia" not in texts(
        request_links(PROFILES["banjarmasin"], "badan_usaha_pt", status)
    )


def test_an_agregasi_refused_by_lkpp_may_be_asked_again() -> None:
    links = request_links(PROFILES["banjarmasin"], "badan_usaha_pt", AggregationStatus.REFUSED)
    assert Link("Ajukan agregasi data penyedia", "/akun/permohonan/baru?jenis=agregasi") in links


def test_depok_files_every_data_change_under_dpk_1b_and_has_no_deactivation_or_agregasi_service() -> None:
    assert request_links(PROFILES["depok"], "badan_usaha_cv", NONE) == (
        Link("Ajukan perubahan email", "/akun/permohonan/baru?jenis=email"),
        Link("Ajukan perubahan NPWP", "/akun/permohonan/baru?jenis=npwp"),
        Link("Ajukan perubahan status CV ke PT", "/akun/permohonan/baru?jenis=status_badan_usaha"),
        Link("Ajukan perubahan data lainnya", "/akun/permohonan/baru?jenis=data"),
    )


@pytest.mark.parametrize("lpse", ["magelang"])
def test_an_lpse_whose_standard_has_no_account_change_service_offers_no_request(lpse: str) -> None:
    assert request_links(PROFILES[lpse], "badan_usaha_cv", NONE) == ()


def test_temanggung_files_its_data_changes_under_tmg_1p_and_has_no_deactivation_or_agregasi_request() -> None:
    # TMG-1P (deploy/lpse/temanggung.yaml note 10): the replacement of email, address or NPWP, a data-change service.
    assert texts(request_links(PROFILES["temanggung"], "badan_usaha_cv", NONE)) == [
        "Ajukan perubahan email",
        "Ajukan perubahan NPWP",
        "Ajukan perubahan status CV ke PT",
        "Ajukan perubahan data lainnya",
    ]


def test_agregasi_is_self_service_in_temanggung_implicit_in_depok_a_request_in_banjarmasin() -> None:
    assert agregasi_part(PROFILES["temanggung"], NONE, ()) == (Link("Lakukan aktivasi agregasi", "/akun/agregasi"), "")
    assert agregasi_part(PROFILES["temanggung"], AggregationStatus.AGGREGATED, ()) == (None, "")
    link, note = agregasi_part(PROFILES["depok"], NONE, ())
    assert link is None
    assert note == (
        "Standar pelayanan LPSE Kota Depok tidak mengatur layanan agregasi: User ID dan kata sandi dari pendaftaran "
        "dapat digunakan di seluruh LPSE se-Indonesia."
    )
    banjarmasin = request_links(PROFILES["banjarmasin"], "badan_usaha_pt", NONE)
    assert agregasi_part(PROFILES["banjarmasin"], NONE, banjarmasin) == (
        Link("Ajukan agregasi data penyedia", "/akun/permohonan/baru?jenis=agregasi"),
        "",
    )


@pytest.mark.parametrize(("size", "shown"), [(812, "812 B"), (35_840, "35 KB"), (1_258_291, "1,2 MB")])
def test_a_document_size_reads_as_people_read_it(size: int, shown: str) -> None:
    assert size_text(size) == shown
