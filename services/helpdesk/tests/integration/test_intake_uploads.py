"""A report with attachments over real PostgreSQL and JetStream's object store: a plain file is kept by its content
and digest; a polyglot, an oversized file or a fourth file refuses the whole report and nothing is kept; staff
record a walk-in without an email, its channel kept."""

from __future__ import annotations

import hashlib
import io
import uuid
import zipfile
from datetime import UTC, datetime

import asyncpg
import pytest
from nats.aio.client import Client
from PIL import Image

from helpdesk.attachments import BUCKET, AttachmentStore, Upload, object_name
from helpdesk.domain import StaffTicketForm
from helpdesk.usecases import intake, reading
from lpse_runtime.formmodel import parse_form
from services.helpdesk.tests.fixtures_b import PROFILES, REPORT, SETTINGS, report_form, staff

pytestmark = pytest.mark.integration
AT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
TMG = PROFILES["temanggung"]


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 180, 150)).save(out, "PNG")
    return out.getvalue()


def png_with_a_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("setup.exe", b"MZ\x90\x00 a program")
    return png() + out.getvalue()


async def nothing_kept(pool: asyncpg.Pool, nc: Client) -> None:
    assert await pool.fetchval("SELECT count(*) FROM tickets") == 0
    assert await pool.fetchval("SELECT count(*) FROM ticket_attachments") == 0
    assert await pool.fetchval("SELECT count(*) FROM outbox") == 0
    # The object store is a stream: a kept file would be a message in it.
    streams = {info.config.name: info.state.messages for info in await nc.jetstream().streams_info()}
    assert streams.get(f"OBJ_{BUCKET}", 0) == 0


async def test_a_png_named_pdf_is_kept_as_png_with_its_digest(pool: asyncpg.Pool, nc: Client) -> None:
    store, content = AttachmentStore(nc.jetstream()), png()
    receipt = await intake.report(
        pool, TMG, report_form(), uuid.uuid4(), AT, settings=SETTINGS, files=[Upload("bukti.pdf", content)], store=store
    )
    row = await pool.fetchrow("SELECT n, filename, content_type, size, sha256, object_name FROM ticket_attachments")
    digest = hashlib.sha256(content).hexdigest()
    assert tuple(row) == (
        1,
        "bukti.pdf",
        "image/png",
        len(content),
        digest,
        object_name(str(receipt.ticket_id), digest),
    )
    assert await store.get(row["object_name"]) == content
    found = await reading.attachment(pool, "temanggung", receipt.ticket_id, 1)
    assert found is not None and (found.content_type, found.sha256) == ("image/png", digest)
    assert await reading.attachment(pool, "depok", receipt.ticket_id, 1) is None  # another LPSE's staff find nothing
    downloaded = await reading.download(pool, store, "temanggung", receipt.ticket_id, 1)
    assert downloaded is not None and downloaded[1] == content


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([Upload("foto.png", png_with_a_zip())], "foto.png: "),
        (
            [Upload("besar.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024))],
            "besar.pdf: Ukuran berkas paling besar 5,0 MB",
        ),
        ([Upload(f"foto{i}.png", png()) for i in range(4)], "Paling banyak 3 berkas lampiran."),
    ],
    ids=["polyglot", "oversized", "four files"],
)
async def test_a_refused_file_refuses_the_report_and_nothing_is_kept(
    pool: asyncpg.Pool, nc: Client, files: list[Upload], message: str
) -> None:
    store = AttachmentStore(nc.jetstream())
    with pytest.raises(intake.AttachmentsRefused) as refused:
        await intake.report(pool, TMG, report_form(), uuid.uuid4(), AT, settings=SETTINGS, files=files, store=store)
    assert str(refused.value).startswith(message)
    await nothing_kept(pool, nc)


async def test_staff_record_a_walk_in_without_an_email_and_keep_the_channel(pool: asyncpg.Pool) -> None:
    form, errors = parse_form(StaffTicketForm, {**REPORT, "email": "", "channel": "datang_langsung"})
    assert form is not None, errors
    helpdesk = staff("helpdesk.temanggung", "helpdesk")
    receipt = await intake.record_for_reporter(pool, TMG, form, uuid.uuid4(), AT, actor=helpdesk, settings=SETTINGS)
    assert receipt.email is None and receipt.status_path.startswith("/helpdesk/tiket/")
    row = await pool.fetchrow("SELECT channel, opened_by, reporter_email FROM tickets")
    assert tuple(row) == ("datang_langsung", "helpdesk.temanggung", None)
    audit = await pool.fetchrow("SELECT actor_id, actor_role FROM audit_log")
    assert tuple(audit) == ("helpdesk.temanggung", "helpdesk")
