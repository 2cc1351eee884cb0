"""What each LPSE's registration asks, per provider type and with or without a proxy, as the standards write it.

The table below is written out from the domain notes (domain/lpse-service-standards.md) (§2, §2.1, §4.1–§4.4), not from
the profiles: each row names the section and the standard's wording. The shipped profiles and the one function that
decides (contracts.lpse.requirement) must give exactly this.
"""

from __future__ import annotations

import pytest

from contracts.lpse import Requirement, load_profiles, requirement
from contracts.registration import ProviderType
from lpse_runtime.settings import REPO_ROOT

PROFILES = load_profiles(REPO_ROOT / "deploy" / "lpse")

CV, PT = ProviderType.BADAN_USAHA_CV, ProviderType.BADAN_USAHA_PT
UMKM, KONSULTAN = ProviderType.PERSEORANGAN_UMKM, ProviderType.PERSEORANGAN_KONSULTAN
PERORANGAN = ProviderType.PERUSAHAAN_PERORANGAN

# -- Depok [002], §4.1: every type brings the Surat Pernyataan; "Jika yang datang bukan DIREKTUR, maka harus membawa
#    surat kuasa (bermaterai ditandatangani oleh direktur dan berstempel) dan KTP yang dikuasakan" (every type).
DPK_PERNYATAAN = "Surat Pernyataan Kebenaran Dokumen (Bermaterai)"
DPK_NIB = "NIB yang dikeluarkan oleh OSS"
DPK_SKT = "Surat Keterangan Terdaftar dari Kantor Pajak"
DPK_PKP = "Surat Keterangan Pengukuhan Kena Pajak (PKP)"
DPK_PROXY = ("Surat kuasa (bermaterai, ditandatangani oleh direktur dan berstempel)", "KTP yang dikuasakan")
DPK_BADAN_USAHA = (
    DPK_PERNYATAAN,
    "KTP Direktur/Pemilik Usaha",
    "NPWP Perusahaan",
    DPK_NIB,
    "Akta Pendirian dan akta perubahan perusahaan, beserta Pengesahannya dengan Keputusan Menteri Hukum dan HAM",
    DPK_SKT,  # "(wajib untuk Badan Usaha)"
)

# -- Banjarmasin [003], §4.2: no split by type; "Form pendaftaran and formulir keikutsertaan ... signed by the company
#    head"; "Company documents that are still valid ... KTP Direktur, NPWP, SIUP/SIUK/Ijin ..., Akta Pendirian
#    Perusahaan, Akta Perubahan terakhir"; "If someone other than the company head comes: Surat Kuasa ...".
BJM_ALL = (
    "Form pendaftaran",
    "Formulir keikutsertaan",
    "KTP Direktur",
    "NPWP",
    "SIUP/SIUK/Ijin untuk menjalankan kegiatan/usaha sesuai ketentuan peraturan perundang-undangan yang berlaku",
    "Akta Pendirian Perusahaan",
    "Akta Perubahan terakhir",
)
BJM_PROXY = ("Surat Kuasa diatas kertas berkop perusahaan, ditandatangani pimpinan perusahaan, dicap dan bermaterai",)

# -- Temanggung [001], §4.3: "Asli dan Fotokopi 1 lembar"; the Berkas Pendukung every applicant brings has
#    "5) Surat Kuasa (bermeterai 10.000) if not the Direktur ... 6) KTP of the proxy, if any" for every type.
TMG_PROXY = ("Surat Kuasa, dicap dan ditandatangani oleh Direktur", "KTP yang diberi kuasa")
TMG_BADAN_USAHA = (
    "Formulir keikutsertaan",  # a. (bermaterai 10.000)
    "Surat Penunjukan Admin",  # b. Surat Penunjukan Admin dan KTP Admin
    "KTP Admin",
    "Formulir pendaftaran",  # d.
    "KTP Direksi/Direktur/Pimpinan sesuai Akta Perusahaan",  # e.
    "NPWP Perusahaan",  # f.
    "Surat Ijin Usaha (SIUP/SIUKJ/NIB/lainnya sesuai bidang usaha)",  # g.
    "Tanda Daftar Perusahaan (TDP/NIB)",  # h.
    "Akta pendirian dan akta perubahan terakhir",  # i.
    "Pengesahan Akta Pendirian Perusahaan",  # j.
    "Surat Pengukuhan Kena Pajak",  # k. no "jika ada" condition
)

# -- Magelang [000], §4.4: "1. NPWP; 2. NIB; 3. KTP; 4. Formulir Keikutsertaan (untuk penyedia baru)" — every
#    registrant is a new provider; "5. Surat kuasa bermaterai 10.000 (apabila diwakilkan)"; "6. Akte Pendirian
#    (apabila bentuknya Badan Usaha)"; "7. Akta Perubahan Terakhir (bila ada)" — it amends a Badan Usaha's deed.
MGL_ALL = ("NPWP", "Nomor Induk Berusaha (NIB)", "KTP", "Formulir Keikutsertaan")
MGL_PROXY = ("Surat kuasa bermaterai 10.000",)

# (lpse, provider type, mandatory, conditional "jika ada", added as mandatory when a proxy brings the file)
TABLE: list[tuple[str, ProviderType, tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = [
    # §4.1 1. Badan Usaha (CV/PT): (1)–(6); "(7) ... PKP (jika ada)".
    ("depok", CV, DPK_BADAN_USAHA, (DPK_PKP,), DPK_PROXY),
    ("depok", PT, DPK_BADAN_USAHA, (DPK_PKP,), DPK_PROXY),
    # §4.1 2. Orang Perseorangan (UMKM): "(1) Surat Pernyataan ...; (2) KTP Direktur/Pemilik Usaha; (3) NPWP
    #    Perorangan/Pemilik Usaha; (4) NIB (OSS)".
    (
        "depok",
        UMKM,
        (DPK_PERNYATAAN, "KTP Direktur/Pemilik Usaha", "NPWP Perorangan/Pemilik Usaha", DPK_NIB),
        (),
        DPK_PROXY,
    ),
    # §4.1 3. Orang Perseorangan / Konsultan Perseorangan / PKTT / PJLP: "(2) KTP; (3) NPWP Perorangan/Pemilik
    #    Usaha; (4) Ijazah Pendidikan terakhir; (5) NIB (OSS); (6) Sertifikat Keahlian (jika ada)".
    (
        "depok",
        KONSULTAN,
        (DPK_PERNYATAAN, "KTP", "NPWP Perorangan/Pemilik Usaha", "Ijazah Pendidikan terakhir", DPK_NIB),
        ("Sertifikat Keahlian",),
        DPK_PROXY,
    ),
    # §4.1 4. Perusahaan Perorangan: "(2) KTP; (3) NPWP Perusahaan; (4) NIB (OSS); (5) Sertifikat Pendaftaran
    #    Pendirian Perseroan Perorangan dari Kemenkumham RI Dirjen AHU; (6) SKT; (7) PKP (jika ada)".
    (
        "depok",
        PERORANGAN,
        (
            DPK_PERNYATAAN,
            "KTP",
            "NPWP Perusahaan",
            DPK_NIB,
            "Sertifikat Pendaftaran Pendirian Perseroan Perorangan dari Kementerian Hukum dan HAM RI, "
            "Direktorat Jenderal Administrasi Hukum Umum",
            DPK_SKT,
        ),
        (DPK_PKP,),
        DPK_PROXY,
    ),
    # §4.2 items 1, 2 and 4; §2.1 "Banjarmasin ... do(es) not split by type": only companies (CV, PT) are offered.
    ("banjarmasin", CV, BJM_ALL, (), BJM_PROXY),
    ("banjarmasin", PT, BJM_ALL, (), BJM_PROXY),
    # §4.3 1. Penyedia Badan Usaha a.–k.; c. "Surat Kuasa ... if the person bringing the documents is not the
    #    Direksi/Direktur/Pimpinan" with the proxy's KTP from the Berkas Pendukung.
    ("temanggung", CV, TMG_BADAN_USAHA, (), TMG_PROXY),
    ("temanggung", PT, TMG_BADAN_USAHA, (), TMG_PROXY),
    # §4.3 2. Penyedia Perseorangan a.–i.; proxy documents from the Berkas Pendukung (items 5, 6).
    (
        "temanggung",
        UMKM,
        (
            "Formulir keikutsertaan",
            "Formulir pendaftaran",
            "KTP sesuai Akta Perusahaan",
            "NPWP orang pribadi",
            "Surat Ijin Usaha (SIUP/SIUKJ/NIB/lainnya)",
            "Tanda Daftar Perusahaan (TDP/NIB)",
            "Bukti lapor SPT Tahunan PPh Orang Pribadi",
            "Sertifikat keahlian atau ijazah terakhir",
            "Surat keterangan domisili (surat keterangan tinggal dari RT/RW setempat)",
        ),
        (),
        TMG_PROXY,
    ),
    # §4.4 items 1–7: a Badan Usaha also brings the Akte Pendirian; the Akta Perubahan Terakhir "bila ada".
    ("magelang", CV, (*MGL_ALL, "Akte Pendirian"), ("Akta Perubahan Terakhir",), MGL_PROXY),
    ("magelang", PT, (*MGL_ALL, "Akte Pendirian"), ("Akta Perubahan Terakhir",), MGL_PROXY),
    # §4.4: a Perseorangan is not a Badan Usaha: no Akte Pendirian, no Akta Perubahan.
    ("magelang", UMKM, MGL_ALL, (), MGL_PROXY),
]


def asked(lpse: str, provider_type: ProviderType, *, by_proxy: bool) -> dict[Requirement, set[str]]:
    """The documents the shipped profile asks, by requirement, through the one deciding function."""
    found: dict[Requirement, set[str]] = {need: set() for need in Requirement}
    for rule in PROFILES[lpse].service("registrasi_penyedia").documents:
        found[requirement(rule, provider_type, by_proxy=by_proxy)].add(rule.name)
    return found


@pytest.mark.parametrize("by_proxy", [False, True], ids=["direktur", "kuasa"])
@pytest.mark.parametrize(
    ("lpse", "provider_type", "mandatory", "conditional", "proxy"),
    TABLE,
    ids=[f"{row[0]}-{row[1].value}" for row in TABLE],
)
def test_registration_asks_what_the_standard_lists(
    lpse: str,
    provider_type: ProviderType,
    mandatory: tuple[str, ...],
    conditional: tuple[str, ...],
    proxy: tuple[str, ...],
    by_proxy: bool,
) -> None:
    found = asked(lpse, provider_type, by_proxy=by_proxy)
    assert found[Requirement.MANDATORY] == set(mandatory) | (set(proxy) if by_proxy else set())
    assert found[Requirement.OPTIONAL] == set(conditional)


def test_each_lpse_offers_exactly_the_types_its_standard_names() -> None:
    offered = {code: {t.type for t in profile.provider_types} for code, profile in PROFILES.items()}
    assert offered == {
        "depok": {CV, PT, UMKM, KONSULTAN, PERORANGAN},  # §2.1: four types, Badan Usaha split into CV and PT
        "banjarmasin": {CV, PT},  # §4.2: company documents only, signed by the "pimpinan perusahaan"
        "temanggung": {CV, PT, UMKM},  # §2.1: Penyedia Badan Usaha and Penyedia Perseorangan
        "magelang": {CV, PT, UMKM},  # §2.1: the Akta "apabila bentuknya Badan Usaha" implies the others
    }
    assert {(lpse, t) for lpse, t, *_ in TABLE} == {(lpse, t) for lpse, types in offered.items() for t in types}


def test_temanggung_replacement_letter_is_not_a_registration_document() -> None:
    names = {d.name for d in PROFILES["temanggung"].service("registrasi_penyedia").documents}
    assert not any("Penggantian" in name for name in names), "§4.3 3.: it belongs to data changes (§6.5)"


@pytest.mark.parametrize(
    ("lpse", "name", "where", "url"),
    [
        # §4.2 1. and step 3: "downloaded from the LPSE website", "2 files ... from the email attachment".
        ("banjarmasin", "Form pendaftaran", "lampiran email pendaftaran", "https://lpse.banjarmasinkota.go.id"),
        ("banjarmasin", "Formulir keikutsertaan", "lampiran email pendaftaran", "https://lpse.banjarmasinkota.go.id"),
        # §4.3: the forms the applicant fills in; Temanggung publishes its forms on the portal's "konten khusus".
        ("temanggung", "Formulir keikutsertaan", "konten khusus", "https://spse.inaproc.id/temanggungkab"),
        ("temanggung", "Formulir pendaftaran", "konten khusus", "https://spse.inaproc.id/temanggungkab"),
        # §2: the Surat Pernyataan "Downloadable at https://lpse.depok.go.id/eproc4/publik/detil_special?beritaId=...".
        (
            "depok",
            "Surat Pernyataan Kebenaran Dokumen (Bermaterai)",
            "situs LPSE Kota Depok",
            "https://lpse.depok.go.id/eproc4/publik/detil_special?beritaId=8920034",
        ),
    ],
)
def test_a_form_the_lpse_publishes_says_where_to_get_it(lpse: str, name: str, where: str, url: str) -> None:
    rules = [d for d in PROFILES[lpse].service("registrasi_penyedia").documents if d.name == name]
    assert rules and all(where in d.where_to_get and d.template_url == url for d in rules)


def test_depok_office_is_on_margonda_raya() -> None:
    assert PROFILES["depok"].address.startswith("Jalan Margonda Raya Nomor 54")
