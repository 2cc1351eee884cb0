"""Downloads: any file name, encoded per RFC 6266/5987 and never a path; served in a sandbox that runs nothing."""

from __future__ import annotations

import httpx
import pytest
from fastapi import APIRouter
from fastapi.responses import Response

from lpse_runtime.downloads import content_disposition, download, safe_filename
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings


@pytest.mark.parametrize(
    ("uploaded", "header"),
    [
        ("KTP Budi’s.pdf", "attachment; filename=\"KTP Budi_s.pdf\"; filename*=UTF-8''KTP%20Budi%E2%80%99s.pdf"),
        (
            "Akta Pendirian é.pdf",
            "attachment; filename=\"Akta Pendirian e.pdf\"; filename*=UTF-8''Akta%20Pendirian%20%C3%A9.pdf",
        ),
        ("NPWP 北京.png", "attachment; filename=\"NPWP __.png\"; filename*=UTF-8''NPWP%20%E5%8C%97%E4%BA%AC.png"),
        ("../../etc/passwd", "attachment; filename=\"passwd\"; filename*=UTF-8''passwd"),
        ("C:\\Users\\budi\\Desktop\\ktp.pdf", "attachment; filename=\"ktp.pdf\"; filename*=UTF-8''ktp.pdf"),
        (
            'ktp";\r\nSet-Cookie: a=b.pdf',
            "attachment; filename=\"ktp__Set-Cookie_ a_b.pdf\"; filename*=UTF-8''ktp%22%3BSet-Cookie%3A%20a%3Db.pdf",
        ),
        ("..", "attachment; filename=\"dokumen\"; filename*=UTF-8''dokumen"),
    ],
)
def test_a_name_is_encoded_for_every_browser_and_keeps_no_path_or_control_character(uploaded: str, header: str) -> None:
    assert content_disposition(uploaded) == header
    header.encode("latin-1")  # what an HTTP header can carry


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("KTP Budi’s.pdf", "KTP Budi’s.pdf"),
        ("/home/budi/scan\x00.pdf", "scan.pdf"),
        ("a\\b\\c.pdf", "c.pdf"),
        ("", "dokumen"),
    ],
)
def test_the_stored_name_is_the_last_component_without_control_characters(uploaded: str, kept: str) -> None:
    assert safe_filename(uploaded) == kept


async def test_a_unicode_named_upload_is_served_in_a_sandbox_as_an_attachment_through_the_page_middleware() -> None:
    runtime = ServiceRuntime("registration", ServiceSettings(database_url="postgresql://unused@127.0.0.1/unused"))
    app = runtime.app(prefix="/daftar", title="uji")
    r = APIRouter()

    @r.get("/daftar/berkas")
    async def served() -> Response:
        return download(b"%PDF-1.4 <html><script>alert(1)</script>", "application/pdf", "KTP Budi’s.pdf")

    app.include_router(r)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://lpse.test") as client:
        answer = await client.get("/daftar/berkas")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment; ")
    assert "filename*=UTF-8''KTP%20Budi%E2%80%99s.pdf" in answer.headers["content-disposition"]
    assert answer.headers["content-security-policy"] == "sandbox; default-src 'none'"  # not the pages' policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["content-type"] == "application/pdf"
