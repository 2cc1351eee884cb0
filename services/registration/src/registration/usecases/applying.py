"""The applicant's steps: prove the email, keep a draft, send the form, upload returned documents again."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

import asyncpg

from contracts.digests import token_digest
from contracts.lpse import LpseProfile
from lpse_runtime.commit import commit
from lpse_runtime.formmodel import FieldErrors
from lpse_runtime.references import new_reference
from registration import db
from registration.domain import ApplicationStatus
from registration.form import ApplicationForm, EmailProof, asked_documents, duplicate_errors, missing_documents
from registration.submission import (
    Draft,
    request_email_proof,
    resubmit,
    reupload_problems,
    status_token_for,
    submit,
)
from registration.usecases.desk import Desk
from registration.usecases.uploads import FileField, document_ref, upload_documents

UNKNOWN_DRAFT = "Tautan pendaftaran tidak dikenal atau kedaluwarsa; mulai lagi dari email."


@dataclass(frozen=True)
class Sent:
    """The form became an application; its status page is at this token."""

    status_token: str


@dataclass(frozen=True)
class Refused:
    """Nothing was sent: a message per field (what was typed is kept in the draft)."""

    errors: FieldErrors


@dataclass(frozen=True)
class AlreadySent:
    """The draft was sent before (a second click, another tab)."""

    draft: Draft


@dataclass(frozen=True)
class Reupload:
    """A re-upload: accepted, or why not (no problem and not accepted: nothing is asked any more)."""

    accepted: bool
    problem: str = ""


async def ask_email_proof(desk: Desk, profile: LpseProfile, form: EmailProof) -> str | None:
    """Open a draft and send its private link to the address; or why not (the address is taken)."""
    now, token = desk.now(), secrets.token_urlsafe(24)
    async with desk.pool.acquire() as conn, conn.transaction():
        duplicate = await db.find_duplicate(conn, npwp=None, nib=None, email=form.email)
        if duplicate is not None:
            return duplicate_errors(False, False, True, desk.profiles[duplicate["lpse"]].name)["email"]
        decided = request_email_proof(
            form.email,
            profile=profile,
            draft_id=uuid.uuid4(),
            token=token,
            draft_url=desk.sealed_link(f"/daftar/draf/{token}"),
            now=now,
        )
        await commit(conn, decided, db.insert_draft)
    return None


async def open_draft(desk: Desk, token: str) -> Draft | None:
    """The draft behind a private link, its email now proven; None when unknown or expired."""
    now = desk.now()
    async with desk.pool.acquire() as conn, conn.transaction():
        draft = await db.draft_by_token(conn, token_digest(token))
        if draft is None or draft.expires_at < now:
            return None
        await db.open_draft(conn, draft.id, now)
    return draft


async def keep_draft(desk: Desk, draft: Draft, values: Mapping[str, str]) -> None:
    """Keep what was typed so far."""
    async with desk.pool.acquire() as conn:
        await db.save_draft(conn, draft.id, dict(values), desk.now())


REFERENCE_ATTEMPTS = 5  # 30 random bits a month and LPSE: a clash is rare, five in a row is a broken generator


async def send_form(
    desk: Desk, token: str, draft: Draft, values: Mapping[str, str], form: ApplicationForm | None, errors: FieldErrors
) -> Sent | Refused | AlreadySent:
    """Turn the draft into an application once the form, its documents and its uniqueness hold; what was typed is
    kept either way."""
    profile, now = desk.profiles[draft.lpse], desk.now()
    asked = asked_documents(profile, values)
    async with desk.pool.acquire() as conn, conn.transaction():
        locked = await db.draft_by_token(conn, token_digest(token))  # a second click waits here, then sees it
        if locked is None or locked.application_id is not None:
            return AlreadySent(locked or draft)
        await db.save_draft(conn, draft.id, dict(values), now)
        uploaded = await db.documents_of_draft(conn, draft.id)
        errors = {**errors, **missing_documents(asked, uploaded)}
        if form is not None:
            errors.update(await _duplicates(desk, conn, form))
        if form is None or errors:
            return Refused(errors)
        status_token = status_token_for(token)
        for _ in range(REFERENCE_ATTEMPTS):
            decided = submit(
                form,
                profile=profile,
                draft_id=draft.id,
                application_id=uuid.uuid4(),
                reference=new_reference(profile.short_code, now, secrets.token_bytes(5)),
                status_token=status_token,
                status_url=desk.sealed_link(f"/daftar/status/{status_token}"),
                now=now,
                documents=[document_ref(uploaded[rule.code]) for rule, _ in asked if rule.code in uploaded],
            )
            try:
                await commit(conn, decided, db.insert_application)
                break
            except asyncpg.UniqueViolationError as clash:
                if not db.reference_taken(clash):
                    return Refused(await _duplicate_committed_meanwhile(desk, conn, form, clash))
        else:
            raise RuntimeError(f"{REFERENCE_ATTEMPTS} references in a row were taken")
    return Sent(status_token)


async def _duplicate_committed_meanwhile(
    desk: Desk, conn: asyncpg.Connection, form: ApplicationForm, clash: asyncpg.UniqueViolationError
) -> FieldErrors:
    """The same refusal the check gives, for a submission elsewhere that committed after this one's check.

    The savepoint of `commit` rolled the application, its fact and its audit row back; the other application is
    committed now, so the check finds it and names its LPSE."""
    errors = await _duplicates(desk, conn, form) if db.duplicate_field(clash) else {}
    if not errors:
        raise clash  # another constraint (or a rule the check does not know): not the applicant's input
    return errors


async def _duplicates(desk: Desk, conn: asyncpg.Connection, form: ApplicationForm) -> FieldErrors:
    found = await db.find_duplicate(conn, npwp=form.npwp, nib=form.nib, email=form.email)
    if found is None:
        return {}
    lpse_name = desk.profiles[found["lpse"]].name
    return duplicate_errors(found["same_npwp"], found["same_nib"], found["same_email"], lpse_name)


async def upload_again(desk: Desk, token: str, files: Mapping[str, FileField]) -> Reupload | None:
    """Take again exactly what the verifier returned; once all of it is in, verification is told. None: no such
    status link."""
    async with desk.pool.acquire() as conn:
        application = await db.by_token_hash(conn, token_digest(token))
        draft = await db.draft_of_application(conn, application["id"]) if application else None
    if application is None or draft is None:
        return None
    asked = set(json.loads(application["returned_items"]))
    profile = desk.profiles[application["lpse"]]
    rules = [rule for rule, _ in asked_documents(profile, draft.fields) if rule.code in asked]
    if application["status"] != ApplicationStatus.RETURNED.value or not rules:
        return Reupload(accepted=False)
    refused = await upload_documents(desk, draft.id, rules, files)
    async with desk.pool.acquire() as conn, conn.transaction():
        if await db.lock_application(conn, application["id"]) is None:
            return None
        uploaded = await db.documents_of_draft(conn, draft.id)
        since = application["returned_at"]
        fresh = [row for code, row in uploaded.items() if code in asked and row["uploaded_at"] > since]
        problem = reupload_problems([(r.code, r.name) for r in rules], refused, {row["code"] for row in fresh})
        if problem:
            return Reupload(accepted=False, problem=problem)
        decided = resubmit(
            application["id"],
            lpse=application["lpse"],
            email=application["email"],
            documents=[document_ref(row) for row in fresh],
            now=desk.now(),
        )
        await commit(conn, decided, db.save_resubmission)
    return Reupload(accepted=True)


async def status_of(desk: Desk, token: str) -> tuple[asyncpg.Record, list[asyncpg.Record]] | None:
    """The application behind a status link and the steps it reached, oldest first."""
    async with desk.pool.acquire() as conn:
        application = await db.by_token_hash(conn, token_digest(token))
        if application is None:
            return None
        return application, await db.steps(conn, application["id"])


async def sent_application(desk: Desk, token: str, draft: Draft) -> Sent | str | None:
    """Where a sent draft's link leads: its status page (found from the link itself, nothing stored), or only the
    application's reference when the link does not lead there."""
    status_token = status_token_for(token)
    async with desk.pool.acquire() as conn:
        application = await db.by_token_hash(conn, token_digest(status_token))
        reference = await db.application_reference(conn, draft.application_id) if draft.application_id else None
    if application is not None and application["id"] == draft.application_id:
        return Sent(status_token)
    return reference
