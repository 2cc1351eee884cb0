"""The public Standar Pelayanan page reads as the LPSE's own document: the Maklumat each standard states, and the
drafting remarks (sources, what the standard leaves out, assumptions, internal supervision) in a footnote section
for staff at the bottom."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from fastapi import FastAPI

from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from registration import standard_pages
from registration.drafting_notes import split_note

FOOTNOTES = '<section class="drafting" id="catatan-penyusunan"'


@pytest.fixture(scope="module")
def app() -> FastAPI:
    """Only the standard pages, on profiles from deploy/lpse; nothing connects."""
    runtime = ServiceRuntime("registration", ServiceSettings(database_url="postgresql://unused@127.0.0.1/unused"))
    app = FastAPI()
    app.include_router(standard_pages.router(runtime))
    return app


async def page(app: FastAPI, lpse: str) -> tuple[str, str]:
    """(body, footnote section) of an LPSE's standard page, as HTML."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lpse.test") as client:
        response = await client.get(f"/standar/{lpse}/")
    assert response.status_code == 200
    body, marker, notes = response.text.partition(FOOTNOTES)
    assert marker, "the footnote section is on the page"
    return body, notes


PROXY = "Jika yang datang bukan Direktur."
NO_STAMP_VALUE = "Nilai materai tidak disebutkan dalam standar."
FORMAT = "Format dapat diunduh di https://lpse.depok.go.id/eproc4/publik/detil_special?beritaId=8920034."
SELESAI = (
    'Standar: "Hari Kerja Senin – Kamis pukul 09.00 s/d selesai". "Selesai" bukan jam; pukul 16.00 dipakai'
    " sebagai batas akhir (asumsi). Jumat tidak disebutkan."
)
NIP_RULE = "NIP hanya dimiliki pengguna ASN."
NIP_REMARK = 'Standar menulis "KTP dan NIP" tanpa keterangan asli atau copy.'
MAGELANG_HOURS = (
    "Standar Pelayanan tidak mencantumkan waktu pelayanan. Jam berikut adalah asumsi jam layanan Mal Pelayanan"
    " Publik (MPP) Kota Magelang (WIB)."
)


@pytest.mark.parametrize(
    ("note", "public", "drafting"),
    [
        (f"{PROXY} {NO_STAMP_VALUE}", PROXY, NO_STAMP_VALUE),
        ("Wajib untuk Badan Usaha.", "Wajib untuk Badan Usaha.", ""),
        ("Yang masih berlaku; asli dan copy.", "Yang masih berlaku; asli dan copy.", ""),
        (f"{FORMAT} {NO_STAMP_VALUE}", FORMAT, NO_STAMP_VALUE),
        (SELESAI, "", SELESAI),
        (f"{NIP_RULE} {NIP_REMARK}", NIP_RULE, NIP_REMARK),
        (MAGELANG_HOURS, "", MAGELANG_HOURS),
        ("apabila bentuknya Badan Usaha", "apabila bentuknya Badan Usaha", ""),
    ],
)
def test_a_note_is_split_into_the_standards_rule_and_the_drafting_remark(note: str, public: str, drafting: str) -> None:
    assert split_note(note) == (public, drafting)


@pytest.mark.parametrize("lpse", ["depok", "banjarmasin", "temanggung", "magelang"])
async def test_the_body_has_no_drafting_remarks_and_the_footnotes_carry_them(app: FastAPI, lpse: str) -> None:
    body, notes = await page(app, lpse)
    text = html.unescape(body)
    for remark in ("[00", "Sumber:", "tidak disebutkan", "tidak menyebutkan", "asumsi", "diasumsikan", "dihitung"):
        assert remark not in text, f"{remark!r} in the body of {lpse}"
    assert "Kami menyelenggarakan pelayanan sesuai standar pelayanan ini" not in text  # the old generic line
    assert "Catatan penyusunan (untuk petugas)" in notes
    assert "Sumber: [00" in notes
    # every marker points at a note, anchors are unique, and every marked note links back to its first marker
    markers = re.findall(r'href="#catatan-(\d+)" id="(rujukan-[\d-]+)"', body)
    assert markers
    ids = re.findall(r'\sid="([^"]+)"', body + notes)
    assert len(ids) == len(set(ids)), "every id on the page is unique"
    assert {n for n, _ in markers} <= set(re.findall(r'<li id="catatan-(\d+)"', notes))
    assert set(re.findall(r'href="#(rujukan-[\d-]+)"', notes)) == {f"rujukan-{n}" for n, _ in markers}


async def test_depok_remarks_are_in_its_footnotes(app: FastAPI) -> None:
    body, notes = await page(app, "depok")
    assert "Jika yang datang bukan Direktur." in body
    assert "Nilai materai tidak disebutkan dalam standar." in notes
    assert "Disusun dari [002]: Keputusan Kepala Bagian Pengadaan Barang/Jasa" in notes
    assert "Penyelesaian layanan &#34;1 x 24 jam&#34; dihitung dalam 1 x 24 jam sejak permohonan diterima" in notes


async def test_banjarmasin_publishes_the_maklumat_of_pasal_7_signed_by_the_kepala_bagian(app: FastAPI) -> None:
    # [003] Pasal 7: a promise to serve per the standard, obligations and continuous improvement, sanctions and/or
    # compensation when the service falls short; signed by the Kepala Bagian.
    body, notes = await page(app, "banjarmasin")
    maklumat = html.unescape(body.split('<h2 id="maklumat">', 1)[1].split("</div>", 1)[0])
    assert maklumat.startswith("Maklumat Pelayanan")
    for words in (
        "menyelenggarakan pelayanan sesuai dengan Standar Pelayanan yang telah ditetapkan",
        "memenuhi kewajiban kami dan melakukan perbaikan secara terus-menerus",
        "bersedia menerima sanksi dan/atau memberikan kompensasi",
        '<p class="signer">Kepala Bagian Layanan Pengadaan Sekretariat Daerah Kota Banjarmasin</p>',
    ):
        assert words in maklumat
    assert "Pasal 7 menetapkan isi maklumat" in notes


@pytest.mark.parametrize("lpse", ["depok", "temanggung", "magelang"])
async def test_an_lpse_whose_standard_has_no_maklumat_publishes_none(app: FastAPI, lpse: str) -> None:
    body, notes = await page(app, lpse)
    assert "Maklumat" not in body
    assert "Standar pelayanan ini tidak memuat teks Maklumat Pelayanan." in notes


async def test_magelang_supervision_chain_is_not_published_as_escalation(app: FastAPI) -> None:
    body, notes = await page(app, "magelang")
    assert "Eskalasi" not in body and "Asisten Sekda" not in body and "Sekretaris Daerah" not in body
    assert (
        "Pengawasan internal (bukan jalur eskalasi bagi pemohon): Atasan langsung → Asisten Sekda → Sekretaris Daerah."
        in html.unescape(notes)
    )


async def test_each_registration_page_says_how_the_file_is_verified_and_where_the_forms_come_from(app: FastAPI) -> None:
    body, _ = html.unescape((await page(app, "magelang"))[0]), None
    lanes = body.split('id="lanes-MGL-M">', 1)[1].split("</dd>", 1)[0]
    assert "Daring: dokumen yang diunggah diverifikasi petugas" in lanes and "Di loket: pemohon datang" in lanes
    assert "Pemohon memilih salah satu" in lanes, "[000] MGL-M: Off line or On Line"
    depok = html.unescape((await page(app, "depok"))[0]).split('id="lanes-DPK-1a">', 1)[1].split("</dd>", 1)[0]
    assert "Di loket: pemohon datang" in depok and "Daring" not in depok and "memilih" not in depok
    banjarmasin = html.unescape((await page(app, "banjarmasin"))[0])
    item = re.search(r"<li>Formulir keikutsertaan.*?</li>", banjarmasin, re.S)
    assert item and "lpse.banjarmasinkota.go.id" in item.group(0), "[003] BJM-1: downloaded from the LPSE website"
