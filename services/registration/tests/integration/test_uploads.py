"""Uploads over real PostgreSQL and JetStream's object store: what is refused leaves nothing, names keep no path,
and files past their keeping period (README, "Uploads") leave the bucket and the table."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from nats.js.errors import ObjectNotFoundError
from starlette.datastructures import Headers, UploadFile

from contracts.lpse import DocumentRule, load_profiles
from devstack.stack import DEPLOY
from lpse_runtime.clock import SettableClock
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime
from registration.documents_web import served
from registration.form import EmailProof, validate_form
from registration.settings import Settings
from registration.usecases import applying, uploads
from registration.usecases.applying import Sent
from registration.usecases.desk import Desk
from registration.usecases.sweeping import sweep_uploads
from tests.support import Infra, reset_schema

pytestmark = pytest.mark.integration
PROFILES = load_profiles(DEPLOY / "lpse")
START = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# Depok's standard (DPK-1a, Badan Usaha) asks these of a PT brought by its director.
DEPOK_PT_DOCUMENTS = (
    "surat_pernyataan_kebenaran_dokumen",
    "ktp",
    "npwp_perusahaan",
    "nib",
    "akta_pendirian_perubahan",
    "surat_keterangan_terdaftar",
)


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


def advance(desk: Desk, to: datetime) -> None:
    clock = desk.runtime.clock
    assert isinstance(clock, SettableClock)
    clock.set(to)


def depok_rules(codes: tuple[str, ...]) -> list[DocumentRule]:
    """One rule per code (the profile lists some codes once per provider type)."""
    rules = {r.code: r for r in PROFILES["depok"].service("registrasi_penyedia").documents if r.code in codes}
    return list(rules.values())


def upload(name: str, content: bytes) -> UploadFile:
    return UploadFile(io.BytesIO(content), size=len(content), filename=name, headers=Headers())


async def draft_with_uploads(desk: Desk, email: str) -> uuid.UUID:
    """A proven draft with every document Depok asks of a PT uploaded to the bucket."""
    assert await applying.ask_email_proof(desk, desk.profiles["depok"], EmailProof(email=email)) is None
    async with desk.pool.acquire() as conn:
        draft_id: uuid.UUID = await conn.fetchval("SELECT id FROM drafts WHERE email = $1", email)
    rules = depok_rules(DEPOK_PT_DOCUMENTS)
    files = {f"doc_{code}": upload(f"{code}.pdf", PDF + email.encode()) for code in DEPOK_PT_DOCUMENTS}
    assert await uploads.upload_documents(desk, draft_id, rules, files) == {}
    return draft_id


async def objects(desk: Desk, draft_id: uuid.UUID) -> list[str]:
    async with desk.pool.acquire() as conn:
        return [
            r["object_name"]
            for r in await conn.fetch("SELECT object_name FROM documents WHERE draft_id = $1", draft_id)
        ]


async def in_bucket(desk: Desk, name: str) -> bool:
    try:
        await desk.store.get(name)
    except ObjectNotFoundError:
        return False
    return True


async def test_a_polyglot_leaves_nothing_and_a_unicode_name_from_a_windows_path_is_kept_without_the_path(
    desk: Desk,
) -> None:
    assert await applying.ask_email_proof(desk, desk.profiles["depok"], EmailProof(email="budi@contoh.co.id")) is None
    async with desk.pool.acquire() as conn:
        draft_id: uuid.UUID = await conn.fetchval("SELECT id FROM drafts")
    rules = depok_rules(("ktp", "nib"))
    refused = await uploads.upload_documents(
        desk,
        draft_id,
        rules,
        {
            "doc_nib": upload("nib.pdf", PDF + b"<html><script>alert(document.cookie)</script></html>"),
            "doc_ktp": upload("C:\\Users\\Budi\\Pindaian\\KTP Budi’s.pdf", PDF),
        },
    )
    assert refused == {
        "nib": "Berkas PDF ini sekaligus berupa halaman web (HTML); pindai ulang dokumennya atau cetak ulang ke PDF, "
        "lalu unggah lagi"
    }
    assert [name.split("/")[1] for name in await objects(desk, draft_id)] == ["ktp"], "nothing of the polyglot"
    found = await uploads.draft_document(desk, draft_id, "ktp")
    assert found is not None and found.filename == "KTP Budi’s.pdf" and found.content == PDF
    answer = served(found)
    assert answer.headers["content-disposition"] == (
        "attachment; filename=\"KTP Budi_s.pdf\"; filename*=UTF-8''KTP%20Budi%E2%80%99s.pdf"
    )
    assert answer.headers["content-security-policy"] == "sandbox; default-src 'none'"


async def draft_token(desk: Desk, email: str) -> str:
    """The token of the draft link last sent to this address (from the email-proof fact in the outbox)."""
    async with desk.pool.acquire() as conn:
        rows = await conn.fetch("SELECT payload FROM outbox WHERE subject LIKE '%verification_requested%'")
    links = [json.loads(r["payload"])["draft_url"] for r in rows if email in r["payload"]]
    return link_box(desk.runtime.settings).open(str(links[-1])).rsplit("/", 1)[1]  # sealed for the notifier


async def send(desk: Desk, email: str, npwp: str, nib: str) -> uuid.UUID:
    """Send the draft of this email as a PT's application; returns the application's id."""
    token = await draft_token(desk, email)
    draft = await applying.open_draft(desk, token)
    assert draft is not None
    fields = {
        "provider_type": "badan_usaha_pt",
        "company_name": f"PT {email.split('@')[0].title()}",
        "npwp": npwp,
        "nib": nib,
        "director_name": "Budi Santoso",
        "director_nik": "3276012345678901",
    }
    form, errors = validate_form({**fields, "email": email}, desk.profiles["depok"])
    sent = await applying.send_form(desk, token, draft, fields, form, errors)
    assert isinstance(sent, Sent), sent
    async with desk.pool.acquire() as conn:
        application_id: uuid.UUID = await conn.fetchval("SELECT application_id FROM drafts WHERE id = $1", draft.id)
    return application_id


async def test_uploads_of_expired_drafts_and_of_long_closed_applications_are_removed_the_rest_kept(desk: Desk) -> None:
    abandoned = await draft_with_uploads(desk, "tidak.jadi@contoh.co.id")
    closed_draft = await draft_with_uploads(desk, "sudah.aktif@contoh.co.id")
    closed = await send(desk, "sudah.aktif@contoh.co.id", "01.234.567.8-901.000", "1234567890123")
    open_draft = await draft_with_uploads(desk, "masih.diperiksa@contoh.co.id")
    still_open = await send(desk, "masih.diperiksa@contoh.co.id", "02.234.567.8-901.000", "2234567890123")
    advance(desk, START + timedelta(days=10))
    recent = await draft_with_uploads(desk, "baru.mulai@contoh.co.id")  # its link expires on day 17
    async with desk.pool.acquire() as conn:
        # Verification's facts moved them on a year and more ago: one is active (closed), one still in verification.
        await conn.execute(
            "UPDATE applications SET status = 'active', updated_at = $2 WHERE id = $1",
            closed,
            START + timedelta(days=5),
        )
        await conn.execute(
            "UPDATE applications SET status = 'in_verification', updated_at = $2 WHERE id = $1",
            still_open,
            START + timedelta(days=5),
        )
    kept_before = {d: await objects(desk, d) for d in (abandoned, closed_draft, open_draft, recent)}
    assert all(len(names) == len(DEPOK_PT_DOCUMENTS) for names in kept_before.values())

    # Day 15: the abandoned draft's link expired on day 7, a week ago and a minute: its files go; nothing else.
    advance(desk, START + timedelta(days=14, minutes=1))
    assert await sweep_uploads(desk) == len(DEPOK_PT_DOCUMENTS)
    assert await objects(desk, abandoned) == []
    assert not any([await in_bucket(desk, name) for name in kept_before[abandoned]])
    for draft_id in (closed_draft, open_draft, recent):
        assert await objects(desk, draft_id) == kept_before[draft_id]

    # A year and a minute after the activation: the active application's files go, and those of the draft left on
    # day 10 (its link expired on day 17); the case still in verification keeps its files however old.
    advance(desk, START + timedelta(days=5 + 365, minutes=1))
    assert await sweep_uploads(desk, batch=4) == 4, "a batch at a time"
    assert await sweep_uploads(desk) == 2 * len(DEPOK_PT_DOCUMENTS) - 4
    assert await objects(desk, closed_draft) == [] and await objects(desk, recent) == []
    assert all([not await in_bucket(desk, name) for name in kept_before[closed_draft]])
    assert await objects(desk, open_draft) == kept_before[open_draft], "a case still in verification keeps its files"
    assert all([await in_bucket(desk, name) for name in kept_before[open_draft]])
    assert await sweep_uploads(desk) == 0
