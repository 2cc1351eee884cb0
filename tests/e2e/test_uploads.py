"""Uploads through the front door: a Unicode-named file downloads for the applicant and the verifier, in a sandbox;
a polyglot is refused beside its field; a 100 MB body is refused at the door, saying its size."""

from __future__ import annotations

import asyncio
import contextlib
import re

import pytest

from devstack.stack import Stack
from tests.e2e.driver import PDF, open_case_as, open_draft, random_digits, receive_at_counter, required_uploads
from tests.support import SiteClient, unique_email

pytestmark = pytest.mark.e2e
NAME = "KTP Budi’s.pdf"
DISPOSITION = "attachment; filename=\"KTP Budi_s.pdf\"; filename*=UTF-8''KTP%20Budi%E2%80%99s.pdf"


def fields() -> dict[str, str]:
    return {
        "provider_type": "badan_usaha_pt",
        "company_name": "PT Unggah Aman",
        "npwp": random_digits(15),
        "nib": random_digits(13),
        "director_name": "Budi Santoso",
        "director_nik": random_digits(16),
    }


def assert_sandboxed_download(answer: object) -> None:
    headers = answer.headers  # type: ignore[attr-defined]
    assert answer.status_code == 200 and answer.content == PDF  # type: ignore[attr-defined]
    assert headers["content-disposition"] == DISPOSITION
    assert headers["content-security-policy"] == "sandbox; default-src 'none'"
    assert headers["x-content-type-options"] == "nosniff"


async def test_a_unicode_named_file_downloads_for_the_applicant_and_the_verifier(stack: Stack) -> None:
    email = unique_email("unicode")
    async with SiteClient(base_url=stack.front_url) as applicant, SiteClient(base_url=stack.front_url) as verifier:
        draft_path = await open_draft(applicant, "depok", email)
        files = {**required_uploads("depok", "badan_usaha_pt"), "doc_ktp": (NAME, PDF, "application/pdf")}
        sent = await applicant.post(draft_path, data={"action": "kirim", **fields()}, files=files)
        assert sent.status_code == 303, sent.text
        page = await applicant.get(sent.headers["location"])
        reference = re.search(r"Nomor pendaftaran:\s*<strong>([A-Z0-9-]+)</strong>", page.text)
        assert reference

        case_path = await open_case_as(verifier, "verifikator.depok", "depok-2026", reference.group(1))
        await receive_at_counter(verifier, case_path)
        assert (await verifier.post(f"{case_path}/klaim")).status_code == 303
        case_view = await verifier.get(case_path)
        link = re.search(r'href="(/daftar/dokumen/[0-9a-f-]+/ktp)" class="upload-link"', case_view.text)
        assert link and "(KTP Budi’s.pdf)" in case_view.text
        assert_sandboxed_download(await verifier.get(link.group(1)))


async def test_the_applicant_downloads_a_unicode_named_draft_upload(stack: Stack) -> None:
    async with SiteClient(base_url=stack.front_url) as applicant:
        draft_path = await open_draft(applicant, "depok", unique_email("unicode-draf"))
        saved = await applicant.post(
            draft_path, data={"action": "simpan", **fields()}, files={"doc_ktp": (NAME, PDF, "application/pdf")}
        )
        assert 'id="uploaded-ktp"' in saved.text
        assert_sandboxed_download(await applicant.get(f"{draft_path}/dokumen/ktp"))


async def test_a_polyglot_is_refused_beside_its_field_saying_why(stack: Stack) -> None:
    async with SiteClient(base_url=stack.front_url) as applicant:
        draft_path = await open_draft(applicant, "depok", unique_email("poliglot"))
        polyglot = PDF + b"<html><script>alert(document.cookie)</script></html>"
        refused = await applicant.post(
            draft_path,
            data={"action": "simpan", **fields()},
            files={"doc_ktp": ("ktp.pdf", polyglot, "application/pdf")},
        )
        assert refused.status_code == 422
        assert "KTP Direktur/Pemilik Usaha: berkas PDF ini sekaligus berupa halaman web (HTML)" in refused.text
        assert 'id="uploaded-ktp"' not in refused.text
        assert (await applicant.get(f"{draft_path}/dokumen/ktp")).status_code == 404


async def post_streaming(base_url: str, path: str, size: int) -> tuple[int, str]:
    """POST `size` bytes the way a browser streams a file, reading the answer while sending (a client that waits
    for its whole body to go first never sees a door that answers early)."""
    host, port = base_url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/html\r\n"
        f"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {size}\r\n\r\n"
    )
    writer.write(head.encode())

    async def send_body() -> None:
        chunk = b"\x00" * (1024 * 1024)
        with contextlib.suppress(ConnectionError):
            for _ in range(size // len(chunk)):
                writer.write(chunk)
                await writer.drain()

    sending = asyncio.create_task(send_body())
    answer = await asyncio.wait_for(reader.read(), timeout=60)
    sending.cancel()
    writer.close()
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2].decode()


async def test_a_100_mb_upload_is_refused_at_the_door_with_its_size_and_nothing_is_kept(stack: Stack) -> None:
    async with SiteClient(base_url=stack.front_url) as applicant:
        draft_path = await open_draft(applicant, "depok", unique_email("besar"))
        status, page = await post_streaming(stack.front_url, draft_path, 100 * 1024 * 1024)
        assert status == 413
        assert "Berkas 100,0 MB melebihi batas 16 MB sekali kirim (tiap berkas paling besar 5 MB)." in page
        assert f'href="{draft_path}"' in page, "a way back to the form"
        assert 'id="uploaded-ktp"' not in (await applicant.get(draft_path)).text
