"""The registration form asks each applicant what the standard asks, without JavaScript, through to the checklist."""

from __future__ import annotations

import re

import pytest

from devstack.stack import Stack
from tests.e2e.driver import PDF, open_case_as, open_draft, random_digits
from tests.support import SiteClient, unique_email

pytestmark = pytest.mark.e2e


def slot_codes(html: str) -> set[str]:
    """Every upload slot on the page, shown or not."""
    return set(re.findall(r'class="doc-slot" data-doc="([a-z0-9_]+)"', html))


def proxy_section_shown(html: str) -> bool:
    """Whether the proxy documents are rendered visible (not `hidden`)."""
    match = re.search(r'<div id="proxy-documents"( hidden)?>', html)
    assert match, "the proxy section is on the page"
    return match.group(1) is None


async def test_without_javascript_the_proxy_choice_brings_the_proxy_slots_and_the_checklist_asks_them(
    stack: Stack,
) -> None:
    email = unique_email("tmg-nojs")
    fields = {
        "provider_type": "badan_usaha_pt",
        "company_name": "PT Kuasa Tanpa Skrip",
        "npwp": random_digits(15),
        "nib": random_digits(13),
        "director_name": "Hadi Wibowo",
        "director_nik": random_digits(16),
    }
    company = {
        "formulir_keikutsertaan",
        "surat_penunjukan_admin",
        "ktp_admin",
        "formulir_pendaftaran",
        "ktp_direktur",
        "npwp_perusahaan",
        "surat_ijin_usaha",
        "tdp_nib",
        "akta_pendirian_dan_perubahan",
        "pengesahan_akta_pendirian",
        "surat_pengukuhan_pkp",
    }
    proxy = {"surat_kuasa", "ktp_penerima_kuasa"}
    uploads = {f"doc_{code}": (f"{code}.pdf", PDF, "application/pdf") for code in company}
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as verifier,
    ):
        draft_path = await open_draft(applicant, "temanggung", email)
        direct = await applicant.post(draft_path, data={"action": "simpan", **fields}, files=uploads)
        assert "Berkas dibawa/diajukan oleh kuasa (bukan direktur/pimpinan)?" in direct.text
        assert slot_codes(direct.text) == company | proxy and not proxy_section_shown(direct.text)
        assert "surat_permohonan_penggantian" not in direct.text, "a data-change letter is not a registration document"

        proxied = await applicant.post(draft_path, data={"action": "kirim", **fields, "by_proxy": "ya"})
        assert proxied.status_code == 422 and proxy_section_shown(proxied.text)
        assert "Unggah Surat Kuasa, dicap dan ditandatangani oleh Direktur." in proxied.text
        assert "Unggah KTP yang diberi kuasa." in proxied.text
        assert 'id="by_proxy_ya" name="by_proxy" value="ya" checked' in proxied.text

        proxy_files = {f"doc_{code}": (f"{code}.pdf", PDF, "application/pdf") for code in proxy}
        sent = await applicant.post(draft_path, data={"action": "kirim", **fields, "by_proxy": "ya"}, files=proxy_files)
        assert sent.status_code == 303, sent.text
        status = await applicant.get(sent.headers["location"])
        reference = re.search(r"Nomor pendaftaran:\s*<strong>([A-Z0-9-]+)</strong>", status.text)
        assert reference

        case_path = await open_case_as(verifier, "verifikator.temanggung", "temanggung-2026", reference.group(1))
        await verifier.post(f"{case_path}/klaim")
        view = (await verifier.get(case_path)).text
        assert set(re.findall(r'data-item="([a-z0-9_]+)"', view)) == company | proxy
        assert 'name="result_surat_kuasa" value="not_applicable"' not in view, "mandatory when a proxy comes"
        assert 'id="brought-by">Penerima kuasa' in view
