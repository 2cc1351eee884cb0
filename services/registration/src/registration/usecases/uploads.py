"""Uploading documents to a draft, and reading them back (the applicant through the draft link, staff by case)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import asyncpg

from contracts.lpse import DocumentRule
from contracts.registration import DocumentRef
from lpse_runtime.downloads import safe_filename
from registration import db
from registration.documents import check_upload, object_name
from registration.usecases.desk import Desk


class FileField(Protocol):
    """A file field of a submitted form, read no further than asked."""

    filename: str | None
    size: int | None

    async def read(self, size: int = -1) -> bytes:
        """At most `size` bytes of the file."""
        ...


@dataclass(frozen=True)
class StoredDocument:
    """An uploaded document's content with what a download needs."""

    content: bytes
    content_type: str
    filename: str


async def upload_documents(
    desk: Desk, draft_id: uuid.UUID, rules: Sequence[DocumentRule], files: Mapping[str, FileField]
) -> dict[str, str]:
    """Keep each acceptable file sent for one of these documents (`doc_<code>`); of a refused one keep nothing and
    return its reason, by document code."""
    refused: dict[str, str] = {}
    limit = desk.max_upload_bytes
    for rule in rules:
        upload = files.get(f"doc_{rule.code}")
        if upload is None or not upload.filename:
            continue
        content = await upload.read(limit + 1)  # never more than the limit in memory
        # In a thread: scanning a 5 MB PDF's streams takes a few tenths of a second the other requests need not wait.
        checked = await asyncio.to_thread(check_upload, content, limit, size=upload.size)
        if isinstance(checked, str):
            refused[rule.code] = checked
            continue
        name = object_name(str(draft_id), rule.code, checked.sha256)
        await desk.store.put(name, content)
        async with desk.pool.acquire() as conn:
            replaced = await db.upsert_document(
                conn,
                draft_id=draft_id,
                code=rule.code,
                filename=safe_filename(upload.filename),  # never a directory of the applicant's disk
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                object_name=name,
                now=desk.now(),
            )
        if replaced:
            await desk.store.delete(replaced)
    return refused


async def uploaded_to(desk: Desk, draft_id: uuid.UUID) -> dict[str, asyncpg.Record]:
    """A draft's uploads by document code."""
    async with desk.pool.acquire() as conn:
        return await db.documents_of_draft(conn, draft_id)


async def draft_document(desk: Desk, draft_id: uuid.UUID, code: str) -> StoredDocument | None:
    """A document the applicant uploaded to their draft."""
    async with desk.pool.acquire() as conn:
        found = (await db.documents_of_draft(conn, draft_id)).get(code)
    return None if found is None else await _stored(desk, found)


async def application_document(
    desk: Desk, application_id: uuid.UUID, code: str, may_read: Callable[[str], bool]
) -> StoredDocument | None:
    """An application's document, when whoever asks may read the documents of its LPSE (else as if none)."""
    async with desk.pool.acquire() as conn:
        found = await db.document_of_application(conn, application_id, code)
    if found is None or not may_read(found["lpse"]):
        return None
    return await _stored(desk, found)


async def _stored(desk: Desk, row: asyncpg.Record) -> StoredDocument:
    return StoredDocument(await desk.store.get(row["object_name"]), row["content_type"], row["filename"])


def document_ref(row: asyncpg.Record) -> DocumentRef:
    """An upload as the event carries it: by reference."""
    return DocumentRef(
        code=row["code"],
        filename=row["filename"],
        content_type=row["content_type"],
        size=row["size"],
        sha256=row["sha256"],
    )
