"""A report opens one ticket, however often its form is sent: on the public form, or recorded by staff for a
walk-in, a phone call or an email (the channel recorded). Attachments are checked before anything is kept."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import asyncpg

from contracts.digests import token_digest
from contracts.envelope import Actor, Event
from contracts.lpse import LpseProfile
from helpdesk import clocks, tickets_db
from helpdesk.attachments import Checked, Storage, Upload, check_all, object_name
from helpdesk.domain import StaffTicketForm, TicketForm
from helpdesk.domain.facts import with_due
from helpdesk.domain.opening import Opening, deadline_text, open_ticket
from helpdesk.settings import Settings
from helpdesk.usecases.following import reporter
from helpdesk.usecases.steps import TICKET
from lpse_runtime.commit import commit
from lpse_runtime.references import new_reference
from lpse_runtime.sealing import link_box


@dataclass(frozen=True)
class Receipt:
    """What the receipt page shows: the reference and where the status link went (or, for a walk-in without an
    email, the status page's path to hand over at the counter)."""

    ticket_id: uuid.UUID
    reference: str
    email: str | None
    status_path: str


class AttachmentsRefused(Exception):
    """A file that is not a plain PDF, JPEG or PNG within 5 MB, or more than three: nothing was kept."""


def status_path(token: str) -> str:
    """The reporter's private status page."""
    return f"/helpdesk/tiket/{token}"


async def report(
    pool: asyncpg.Pool,
    profile: LpseProfile,
    form: TicketForm,
    submission_key: uuid.UUID,
    now: datetime,
    *,
    settings: Settings,
    files: Sequence[Upload] = (),
    store: Storage | None = None,
) -> Receipt:
    """Open a ticket for a valid report from the public form; the same form sent again returns the first ticket's
    receipt and opens nothing. AttachmentsRefused keeps nothing."""
    return await _open(pool, profile, form, submission_key, now, None, settings, files, store)


async def record_for_reporter(
    pool: asyncpg.Pool,
    profile: LpseProfile,
    form: StaffTicketForm,
    submission_key: uuid.UUID,
    now: datetime,
    *,
    actor: Actor,
    settings: Settings,
    files: Sequence[Upload] = (),
    store: Storage | None = None,
) -> Receipt:
    """Staff record a walk-in, phone or email report (its channel kept); otherwise as `report`."""
    return await _open(pool, profile, form, submission_key, now, actor, settings, files, store)


async def _open(
    pool: asyncpg.Pool,
    profile: LpseProfile,
    form: TicketForm,
    submission_key: uuid.UUID,
    now: datetime,
    staff: Actor | None,
    settings: Settings,
    files: Sequence[Upload],
    store: Storage | None,
) -> Receipt:
    checked, refused = await check_all(files)
    if refused is not None:
        raise AttachmentsRefused(refused)
    if checked and store is None:
        raise AttachmentsRefused("Lampiran tidak dapat disimpan saat ini; kirim laporan tanpa lampiran.")
    box = link_box(settings)
    async with pool.acquire() as conn, conn.transaction():
        # Two sends of one form at once: the second waits here and then finds the first's ticket.
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", str(submission_key))
        existing = await tickets_db.find_by_submission_key(conn, submission_key)
        if existing is not None:
            path = box.open(existing["status_url"]).removeprefix(settings.public_base_url)
            return Receipt(existing["id"], existing["reference"], existing["reporter_email"], path)
        token = secrets.token_urlsafe(32)
        reference = new_reference(profile.short_code, now, secrets.token_bytes(5), prefix="TIK")
        actor = staff or reporter(reference)
        opening = Opening(
            uuid.uuid4(), reference, box.seal(settings.public_base_url + status_path(token)), actor, now, len(checked)
        )
        decided = open_ticket(profile, form, opening)
        ticket = decided.state
        new = tickets_db.NewTicket(
            ticket=ticket,
            submission_key=submission_key,
            description=form.description,
            reporter_name=form.name,
            reporter_phone=form.phone,
            channel=form.channel if isinstance(form, StaffTicketForm) else "web",
            opened_by="pelapor" if staff is None else staff.id,
            status_digest=token_digest(token),
            deadline_text=deadline_text(profile, form.category),
        )
        await tickets_db.insert_ticket(conn, new)  # before its clocks: their trigger keeps the queue's due on it
        due = await clocks.start_all(conn, TICKET, ticket.id, profile, ticket.service_id, now)
        facts: tuple[Event, ...] = tuple(
            f.model_copy(update={"due_at": due}) if due is not None else f for f in decided.facts
        )
        await commit(conn, decided.publishing(facts))
        await _keep_files(conn, store, ticket.id, checked, now)
    return Receipt(ticket.id, reference, ticket.reporter_email, status_path(token))


async def _keep_files(
    conn: asyncpg.Connection, store: Storage | None, ticket_id: uuid.UUID, checked: list[Checked], now: datetime
) -> None:
    """Each accepted file in the object store, its row beside the ticket (in the ticket's transaction)."""
    for n, file in enumerate(checked, start=1):
        name = object_name(str(ticket_id), file.accepted.sha256)
        if store is not None:
            await store.put(name, file.content)
        a = file.accepted
        await tickets_db.add_attachment(conn, ticket_id, n, file.filename, a.content_type, a.size, a.sha256, name, now)


__all__ = ["AttachmentsRefused", "Receipt", "record_for_reporter", "report", "status_path", "with_due"]
