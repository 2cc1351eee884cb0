"""A four-eyes activation end to end: where the standard asks it, a second officer confirms before activation."""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from devstack.stack import DEPLOY, Stack
from tests.e2e.driver import (
    check_documents,
    open_case_as,
    receive_at_counter,
    submit_application,
    wait_for_mail,
)
from tests.support import SiteClient, unique_email

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def four_eyes_stack() -> Iterator[Stack]:
    """The whole stack on profiles where Temanggung's registration needs a second officer."""
    root = Path(tempfile.mkdtemp(prefix="lpse-4eyes-"))
    lpse_dir = root / "lpse"
    shutil.copytree(DEPLOY / "lpse", lpse_dir)
    raw = yaml.safe_load((lpse_dir / "temanggung.yaml").read_text(encoding="utf-8"))
    for service in raw["services"]:
        if service["kind"] == "registrasi_penyedia":
            service["four_eyes"] = True
    (lpse_dir / "temanggung.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    stack = Stack(run_dir=root / "run", lpse_dir=lpse_dir, progress=lambda line: print(line, file=sys.stderr))
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        shutil.rmtree(root, ignore_errors=True)


async def test_second_officer_confirms_and_the_verifier_cannot(four_eyes_stack: Stack) -> None:
    stack = four_eyes_stack
    email = unique_email("empat")
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as sri,
        SiteClient(base_url=stack.front_url) as second,
    ):
        reference, status_path = await submit_application(applicant, "temanggung", email, "CV Empat Mata")
        case_path = await open_case_as(sri, "verifikator.temanggung", "temanggung-2026", reference)
        await receive_at_counter(sri, case_path)
        await sri.post(f"{case_path}/klaim")
        await check_documents(sri, case_path)
        page = (await sri.get(case_path)).text
        assert "Verifikasi dan teruskan ke petugas kedua" in page
        verified = await sri.post(f"{case_path}/setujui", follow_redirects=True)
        assert "menunggu konfirmasi petugas kedua" in verified.text
        assert 'id="confirm"' not in verified.text
        refused = await sri.post(f"{case_path}/konfirmasi", follow_redirects=True)
        assert "Konfirmasi harus dilakukan petugas lain" in refused.text
        assert 'id="user-id"' not in (await applicant.get(status_path)).text, "no account before the confirmation"

        await open_case_as(second, "kepala.temanggung", "kepala-temanggung-2026", reference)
        confirmed = await second.post(f"{case_path}/konfirmasi", follow_redirects=True)
        assert "Disetujui, akun aktif" in confirmed.text
        mail = await wait_for_mail(applicant, email, "Akun penyedia aktif")
        assert "/akun/sandi/" in mail["text"]

        # The receipt is signed by both officers under the full names of their accounts (deploy/seed/staff.yaml).
        receipt = await second.get(f"{case_path}/tanda-terima.pdf")
        assert receipt.status_code == 200
        lines = [
            line.strip() for p in PdfReader(io.BytesIO(receipt.content)).pages for line in p.extract_text().splitlines()
        ]
        signatures = lines[lines.index("Verifikator,") :]
        assert signatures[:6] == [
            "Verifikator,",
            "LPSE Kabupaten Temanggung",
            "Sri Wahyuningsih, A.Md.",
            "Petugas konfirmasi,",
            "LPSE Kabupaten Temanggung",
            "Bambang Suryanto, S.E., M.Si.",
        ]
