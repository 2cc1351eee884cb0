"""Uploaded documents read back: by the applicant through the draft link, by staff of the case's LPSE."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from lpse_runtime.authz import permits
from lpse_runtime.downloads import download
from lpse_runtime.staff import current_staff
from registration.usecases import applying, uploads
from registration.usecases.desk import Desk
from registration.usecases.uploads import StoredDocument

NOT_FOUND = "Dokumen tidak ditemukan"


def served(document: StoredDocument) -> Response:
    """The document downloaded under its uploaded name, in a sandbox: an upload is never run as a page."""
    return download(document.content, document.content_type, document.filename)


def router(desk: Desk) -> APIRouter:
    """/daftar/draf/{token}/dokumen/{code} and /daftar/dokumen/{application_id}/{code}."""
    r = APIRouter(prefix="/daftar")

    @r.get("/draf/{token}/dokumen/{code}")
    async def own_document(token: str, code: str) -> Response:
        draft = await applying.open_draft(desk, token)
        if draft is None:
            raise HTTPException(404, applying.UNKNOWN_DRAFT)
        found = await uploads.draft_document(desk, draft.id, code)
        if found is None:
            raise HTTPException(404, NOT_FOUND)
        return served(found)

    @r.get("/dokumen/{application_id}/{code}")
    async def staff_document(request: Request, application_id: uuid.UUID, code: str) -> Response:
        staff = await current_staff(request)
        found = None
        if staff is not None:
            found = await uploads.application_document(
                desk, application_id, code, lambda lpse: permits(staff, "dokumen.lihat", lpse)
            )
        if found is None:
            raise HTTPException(404, NOT_FOUND)  # staff of other LPSEs learn nothing either
        return served(found)

    return r
