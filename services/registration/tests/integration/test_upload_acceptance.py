"""What an upload keeps (README, "The journey" step 4 and "Uploads"): a PDF, JPEG or PNG recognised by its content
whatever its name, at most 5 MB, recorded with its SHA-256 beside the bytes in JetStream's object store; a refused
file leaves no row and no object, and does not displace the document uploaded before it."""

from __future__ import annotations

import io
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from nats.js.errors import NotFoundError
from starlette.datastructures import Headers, UploadFile

from contracts.lpse import DocumentRule, load_profiles
from devstack.stack import DEPLOY
from lpse_runtime.clock import SettableClock
from lpse_runtime.service import ServiceRuntime
from registration.form import EmailProof
from registration.settings import Settings
from registration.usecases import applying, uploads
from registration.usecases.desk import Desk
from tests.support import Infra, reset_schema

pytestmark = pytest.mark.integration
START = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
PROFILES = load_profiles(DEPLOY / "lpse")
FIVE_MB = 5 * 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
# SHA-256 of the three files above, computed once outside the code under test (sha256sum).
PDF_SHA256 = "56c2ac043c28d3543275a6f50b593a6beb0b6888ed8159ac02e3e7f4a32ccb26"
PNG_SHA256 = "08d2521273459ce20781173ac9cbf8f162880a70420b236ab5641a795bb02b54"
JPEG_SHA256 = "d20f6ffd523b78a86cd2f916fa34af5d1918d75f7b142237c752ad6b254213ab"
NOT_A_DOCUMENT = "Berkas harus PDF, JPEG atau PNG (dikenali dari isinya, bukan dari nama berkas)."


@pytest.fixture
async def desk(infra: Infra) -> AsyncIterator[Desk]:
    url = await reset_schema(infra, "registration")
    runtime = ServiceRuntime(
        "registration", Settings(database_url=url, nats_url=infra.nats_url), clock=SettableClock(START)
    )
    await runtime.start(relay=False)
    try:
        yield Desk(runtime)
    finally:
        await runtime.stop()


def depok_rules(*codes: str) -> list[DocumentRule]:
    rules = {r.code: r for r in PROFILES["depok"].service("registrasi_penyedia").documents if r.code in codes}
    return list(rules.values())


def upload(name: str, content: bytes) -> UploadFile:
    return UploadFile(io.BytesIO(content), size=len(content), filename=name, headers=Headers())


async def new_draft(desk: Desk, email: str) -> uuid.UUID:
    assert await applying.ask_email_proof(desk, desk.profiles["depok"], EmailProof(email=email)) is None
    async with desk.pool.acquire() as conn:
        draft_id: uuid.UUID = await conn.fetchval("SELECT id FROM drafts WHERE email = $1", email)
    return draft_id


async def rows(desk: Desk, draft_id: uuid.UUID) -> dict[str, tuple[str, str, int, str, str]]:
    """What the table recorded of each upload: name, type, size, digest and where the bytes are."""
    async with desk.pool.acquire() as conn:
        found = await conn.fetch(
            "SELECT code, filename, content_type, size, sha256, object_name FROM documents WHERE draft_id = $1",
            draft_id,
        )
    return {r["code"]: (r["filename"], r["content_type"], r["size"], r["sha256"], r["object_name"]) for r in found}


async def objects_of(desk: Desk, draft_id: uuid.UUID) -> list[str]:
    """Every object in the bucket under this draft, whatever the table says."""
    bucket = await desk.store.bucket()
    try:
        listed = await bucket.list(ignore_deletes=True)
    except NotFoundError:  # an empty bucket
        return []
    return sorted(o.name for o in listed if o.name and o.name.startswith(f"{draft_id}/"))


async def test_a_file_is_recognised_by_its_content_not_its_name_and_kept_with_its_sha256(desk: Desk) -> None:
    draft_id = await new_draft(desk, "isi.berkas@contoh.co.id")
    refused = await uploads.upload_documents(
        desk,
        draft_id,
        depok_rules("ktp", "nib", "npwp_perusahaan"),
        {
            "doc_ktp": upload("ktp.pdf", PNG),  # a photo named like a PDF
            "doc_nib": upload("nib.png", JPEG),
            "doc_npwp_perusahaan": upload("npwp", PDF),  # no extension at all
        },
    )
    assert refused == {}
    assert await rows(desk, draft_id) == {
        "ktp": ("ktp.pdf", "image/png", len(PNG), PNG_SHA256, f"{draft_id}/ktp/{PNG_SHA256}"),
        "nib": ("nib.png", "image/jpeg", len(JPEG), JPEG_SHA256, f"{draft_id}/nib/{JPEG_SHA256}"),
        "npwp_perusahaan": (
            "npwp",
            "application/pdf",
            len(PDF),
            PDF_SHA256,
            f"{draft_id}/npwp_perusahaan/{PDF_SHA256}",
        ),
    }
    for name, content in (("ktp", PNG), ("nib", JPEG), ("npwp_perusahaan", PDF)):
        stored = await uploads.draft_document(desk, draft_id, name)
        assert stored is not None and stored.content == content, f"the bucket holds the {name} bytes as sent"


async def test_a_refused_file_leaves_no_row_and_no_object_and_the_earlier_upload_stays(desk: Desk) -> None:
    draft_id = await new_draft(desk, "ditolak@contoh.co.id")
    rules = depok_rules("ktp", "nib", "npwp_perusahaan", "akta_pendirian_perubahan")
    assert await uploads.upload_documents(desk, draft_id, rules, {"doc_ktp": upload("ktp.pdf", PDF)}) == {}
    kept = await rows(desk, draft_id)
    assert await objects_of(desk, draft_id) == [f"{draft_id}/ktp/{PDF_SHA256}"]

    too_large = (PDF + b"\x00" * FIVE_MB)[: FIVE_MB + 1]  # one byte past 5 MB
    refused = await uploads.upload_documents(
        desk,
        draft_id,
        rules,
        {
            "doc_ktp": upload("ktp-baru.pdf", too_large),  # would replace the KTP already uploaded
            "doc_nib": upload("nib.pdf", b"MZ\x90\x00 a program named like a PDF"),
            "doc_npwp_perusahaan": upload("npwp.png", b"PK\x03\x04 an archive named like a picture"),
            "doc_akta_pendirian_perubahan": upload("akta.pdf", b""),
        },
    )
    assert refused == {
        "ktp": "Ukuran berkas paling besar 5,0 MB; berkas ini 5,0 MB.",
        "nib": NOT_A_DOCUMENT,
        "npwp_perusahaan": NOT_A_DOCUMENT,
        "akta_pendirian_perubahan": "Berkas kosong.",
    }
    assert await rows(desk, draft_id) == kept, "no row of a refused file, and the earlier KTP is untouched"
    assert await objects_of(desk, draft_id) == [f"{draft_id}/ktp/{PDF_SHA256}"], "no object of a refused file"
    stored = await uploads.draft_document(desk, draft_id, "ktp")
    assert stored is not None and stored.content == PDF


async def test_a_file_of_exactly_5_mb_is_accepted(desk: Desk) -> None:
    draft_id = await new_draft(desk, "pas.batas@contoh.co.id")
    at_limit = (PDF + b"\x00" * FIVE_MB)[:FIVE_MB]
    assert (
        await uploads.upload_documents(desk, draft_id, depok_rules("ktp"), {"doc_ktp": upload("k.pdf", at_limit)}) == {}
    )
    assert [(t, s) for _, t, s, _, _ in (await rows(desk, draft_id)).values()] == [("application/pdf", FIVE_MB)]
