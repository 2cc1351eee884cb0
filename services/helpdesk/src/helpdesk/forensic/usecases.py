"""The forensic tests' use cases: filing (by the Pokja or at the counter), each staff step, the Pokja's completion
and the berita acara (load, decide, move the clock, commit)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import asyncpg

from contracts.digests import token_digest
from contracts.envelope import Actor, AttachmentRef
from contracts.forensic import ForensicFile
from contracts.lpse import LpseProfile
from helpdesk.forensic import clocks, db, report
from helpdesk.forensic.desk import NOT_FOUND, Filing, ForensicDesk, Outcome, service_of
from helpdesk.forensic.domain import (
    ENTITY,
    ForensicCase,
    ForensicRefused,
    Status,
    Step,
    Trigger,
    decide,
    file_request,
    refuse_transition,
)
from helpdesk.forensic.files import Received, object_name, report_object_name
from helpdesk.forensic.forms import CounterForm
from lpse_runtime import audit
from lpse_runtime.commit import commit
from lpse_runtime.decision import AuditEntry
from lpse_runtime.machine import TransitionRefused
from lpse_runtime.references import new_reference

STEP_LABEL = {
    Trigger.KEMBALIKAN: "Permohonan dikembalikan untuk dilengkapi (Helpdesk)",
    Trigger.ESKALASI: "Dieskalasi ke Admin PPE (Helpdesk)",
    Trigger.LENGKAPI: "Permohonan dilengkapi (Pokja)",
    Trigger.CATAT_UJI: "Uji coba enkripsi dicatat (Admin PPE)",
    Trigger.TERUSKAN_EKSTERNAL: "Diteruskan ke LKPP dan BSSN (Admin PPE)",
    Trigger.TERBITKAN_BERITA_ACARA: "Berita acara diterbitkan (Admin PPE)",
    Trigger.TOLAK: "Permohonan ditolak (Admin PPE)",
}
TEXT_COLUMN = {
    Trigger.KEMBALIKAN: "return_note",
    Trigger.CATAT_UJI: "trial_note",
    Trigger.TERUSKAN_EKSTERNAL: "external_note",
    Trigger.TOLAK: "refusal",
    Trigger.TERBITKAN_BERITA_ACARA: "result",
}


def _forensic_files(received: tuple[Received, ...]) -> tuple[ForensicFile, ...]:
    return tuple(ForensicFile(name=r.name[:200], sha256=r.sha256, size=r.size) for r in received)


async def _keep(
    desk: ForensicDesk,
    conn: asyncpg.Connection,
    test_id: uuid.UUID,
    role: str,
    got: Received,
    actor: Actor,
    at: datetime,
) -> None:
    """Store one received file unaltered, record it and its upload in the chain of custody."""
    seq = await db.next_seq(conn, test_id)
    name = object_name(str(test_id), seq, got.sha256)
    await desk.bucket.put(name, got.content)
    f = ForensicFile(name=got.name[:200], sha256=got.sha256, size=got.size)
    await db.insert_file(conn, test_id, seq, role, f, name, at)
    entry = AuditEntry(at, actor, ENTITY, str(test_id), "unggah", None, None, f"{f.name} sha256={f.sha256}")
    await audit.append(conn, entry)


async def file(desk: ForensicDesk, profile: LpseProfile, filing: Filing) -> tuple[str, uuid.UUID]:
    """File a valid request: its files kept, its clock started, announced; the same form sent twice files once."""
    service = service_of(profile)
    assert service is not None
    now = desk.clock.now()
    form = filing.form
    counter = isinstance(form, CounterForm)
    async with desk.pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", str(filing.key))
        existing = await db.find_by_submission_key(conn, filing.key)
        if existing is not None:
            return str(existing["reference"]), existing["id"]
        case = ForensicCase(
            id=uuid.uuid4(),
            lpse=profile.code,
            reference=new_reference(profile.short_code, now, secrets.token_bytes(5), prefix="UF"),
            service_id=service.id,
            tender_id=form.tender_id,
            tender_name=form.tender_name,
            status=Status.DIAJUKAN,
            files=_forensic_files(filing.files),
            requester_email=form.requester_email,
        )
        new = db.NewCase(
            submission_key=filing.key,
            status_digest=token_digest(desk.status_token(case.id)),
            channel=filing.channel,
            filed_by=None if counter else filing.actor.id,
            recorded_by=filing.actor.id if counter else None,
            requester_name=form.requester_name
            if isinstance(form, CounterForm)
            else await db.full_name(conn, filing.actor.id, filing.actor_name),
            requester_nip=form.requester_nip,
            description=form.description,
        )
        await db.insert_case(conn, case, new, now)
        await _keep(desk, conn, case.id, "formulir", filing.form_file, filing.actor, now)
        for got in filing.files:
            await _keep(desk, conn, case.id, "berkas", got, filing.actor, now)
        due = await clocks.start(conn, case.id, profile, service, now)
        clock = clocks.clock_of(service)
        decided = file_request(
            case,
            actor=filing.actor,
            channel=filing.channel,
            at=now,
            due_at=due,
            deadline_text=clock.deadline.text if clock else "",
            status_url=desk.sealed(desk.status_path(case.id)),
        )
        await db.add_step(conn, case.id, "Permohonan diajukan", filing.actor.id, filing.actor_name, now)
        await commit(conn, decided)
    return case.reference, case.id


def within(row: asyncpg.Record, now: datetime) -> bool | None:
    """Whether the local 30 minutes were kept (None: no clock ran)."""
    if row["clock_due_at"] is None:
        return None
    return bool((row["clock_stopped_at"] or now) <= row["clock_due_at"])


async def _load(conn: asyncpg.Connection, row: asyncpg.Record) -> ForensicCase:
    return db.case_of(row, await db.files(conn, row["id"]), await db.parties(conn, row["id"]))


async def act(
    desk: ForensicDesk, test_id: uuid.UUID, lpse_allowed: set[str], actor: Actor, actor_name: str, step: Step
) -> Outcome:
    """A staff member's step on a case of an LPSE they may act in; another LPSE's case is not found."""
    async with desk.pool.acquire() as conn, conn.transaction():
        row = await db.lock(conn, test_id)
        if row is None or row["lpse"] not in lpse_allowed:
            return NOT_FOUND
        profile, now = desk.profiles[row["lpse"]], desk.clock.now()
        service = service_of(profile)
        known = tuple(d.code for d in service.documents) if service else ()
        step = replace(step, known_missing=known, within_deadline=within(row, now))
        try:
            if step.trigger is Trigger.TERBITKAN_BERITA_ACARA:
                return await _issue(desk, conn, row, step, actor, actor_name)
            decided = decide(await _load(conn, row), step, at=now, actor=actor, status_url=_status(desk, row))
        except ForensicRefused as refused:
            return Outcome(refusal=str(refused))
        except TransitionRefused as error:
            return Outcome(refusal=refuse_transition(error))
        await _after(conn, row, step, actor, actor_name, now)
        await commit(conn, decided, lambda c, s: db.save(c, s, now))
    return Outcome()


def _status(desk: ForensicDesk, row: asyncpg.Record) -> str:
    return desk.sealed(desk.status_path(row["id"]))


async def _after(
    conn: asyncpg.Connection, row: asyncpg.Record, step: Step, actor: Actor, actor_name: str, now: datetime
) -> None:
    """What a decided step keeps beside the state: its text, its line in the history, the clock, the parties."""
    t = step.trigger
    if t in TEXT_COLUMN:
        await db.save_text(conn, row["id"], TEXT_COLUMN[t], step.text)
    if t in STEP_LABEL:
        await db.add_step(conn, row["id"], STEP_LABEL[t], actor.id, actor_name, now)
    if t in (Trigger.KEMBALIKAN, Trigger.TERUSKAN_EKSTERNAL, Trigger.TERBITKAN_BERITA_ACARA, Trigger.TOLAK):
        await clocks.stop(conn, row, now)
    if t is Trigger.TERUSKAN_EKSTERNAL:
        await db.clear_parties(conn, row["id"])
        for party in ("lkpp", "bssn"):
            await db.set_party(conn, row["id"], party, "dikirim", now)


async def complete(
    desk: ForensicDesk, test_id: uuid.UUID, username: str, actor_name: str, files: tuple[Received, ...]
) -> Outcome:
    """The Pokja completes a returned request with the files asked for; the clock starts afresh."""
    async with desk.pool.acquire() as conn, conn.transaction():
        row = await db.lock(conn, test_id)
        if row is None or row["filed_by"] != username:
            return NOT_FOUND
        return await _complete(desk, conn, row, Actor(id=username, role="pokja"), actor_name, files)


async def complete_by_link(desk: ForensicDesk, digest: str, files: tuple[Received, ...]) -> Outcome:
    """The requester completes a returned request from the status page's link (a request recorded at the counter
    has no signed-in Pokja to do it)."""
    async with desk.pool.acquire() as conn, conn.transaction():
        found = await db.by_digest(conn, digest)
        row = None if found is None else await db.lock(conn, found["id"])
        if row is None:
            return NOT_FOUND
        return await _complete(desk, conn, row, Actor(id="pelapor", role="pelapor"), row["requester_name"], files)


async def _complete(
    desk: ForensicDesk,
    conn: asyncpg.Connection,
    row: asyncpg.Record,
    actor: Actor,
    actor_name: str,
    files: tuple[Received, ...],
) -> Outcome:
    """Decide the completion, keep the files, start the clock afresh, commit."""
    profile, now = desk.profiles[row["lpse"]], desk.clock.now()
    step = Step(Trigger.LENGKAPI, files=_forensic_files(files))
    try:
        decide(await _load(conn, row), step, at=now, actor=actor, status_url=_status(desk, row))
    except ForensicRefused as refused:
        return Outcome(refusal=str(refused))
    except TransitionRefused as error:
        return Outcome(refusal=refuse_transition(error))
    for got in files:
        await _keep(desk, conn, row["id"], "berkas", got, actor, now)
    service = service_of(profile)
    assert service is not None
    due = await clocks.start(conn, row["id"], profile, service, now)
    case = await _load(conn, row)
    decided = decide(
        case, replace(step, files=case.files, due_at=due), at=now, actor=actor, status_url=_status(desk, row)
    )
    await _after(conn, row, step, actor, actor_name, now)
    await commit(conn, decided, lambda c, s: db.save(c, s, now))
    return Outcome()


class _NotIssued(Exception):
    """A report refused by a guard: its number is given back (the savepoint rolls back)."""


async def _issue(
    desk: ForensicDesk, conn: asyncpg.Connection, row: asyncpg.Record, step: Step, actor: Actor, actor_name: str
) -> Outcome:
    """Number and render the berita acara, decide, keep the PDF in the bucket, commit."""
    profile, now = desk.profiles[row["lpse"]], desk.clock.now()
    case = await _load(conn, row)
    try:
        async with conn.transaction():
            year = now.astimezone(ZoneInfo(profile.time_zone)).year
            number = report.report_number(profile.short_code, year, await db.next_report_seq(conn, row["lpse"], year))
            signer = await db.full_name(conn, actor.id, actor_name)
            rendered = report.render(await _report_input(conn, row, profile, number, step.text, signer, now))
            link = f"/helpdesk/forensik/berita-acara/{desk.report_links.dumps(str(row['id']))}"
            attachment = AttachmentRef(
                filename=rendered.filename,
                content_type="application/pdf",
                url=desk.sealed(link),
                sha256=rendered.sha256,
            )
            issued = replace(step, report_number=number, attachment=attachment)
            try:
                decided = decide(case, issued, at=now, actor=actor, status_url=_status(desk, row))
            except (ForensicRefused, TransitionRefused) as refused:
                raise _NotIssued(str(refused) if isinstance(refused, ForensicRefused) else "") from refused
    except _NotIssued as refused:
        return Outcome(refusal=str(refused) or "Langkah ini tidak berlaku untuk permohonan berstatus ini.")
    await desk.bucket.put(report_object_name(str(row["id"]), rendered.sha256), rendered.content)
    await db.save_report(conn, row["id"], number, rendered.filename, rendered.sha256)
    await _after(conn, row, step, actor, actor_name, now)
    await commit(conn, decided, lambda c, s: db.save(c, s, now))
    entry = AuditEntry(
        now, actor, ENTITY, str(row["id"]), "berita_acara", None, None, f"{number} sha256={rendered.sha256}"
    )
    await audit.append(conn, entry)
    return Outcome()


async def _report_input(
    conn: asyncpg.Connection,
    row: asyncpg.Record,
    profile: LpseProfile,
    number: str,
    result: str,
    admin: str,
    now: datetime,
) -> report.ReportInput:
    """What the berita acara says, read from the case."""
    file_rows = [r for r in await db.files(conn, row["id"]) if r["role"] == "berkas"]
    steps = [report.StepLine(s["what"], s["actor_name"], s["at"]) for s in await db.steps(conn, row["id"])]
    findings = tuple(
        report.Finding(p["party"], p["external_ref"] or "-", p["finding"])
        for p in await db.parties(conn, row["id"])
        if p["state"] == "dijawab"
    )
    return report.ReportInput(
        number=number,
        lpse_name=profile.name,
        zone=profile.time_zone,
        reference=row["reference"],
        tender_id=row["tender_id"],
        tender_name=row["tender_name"],
        requester_name=row["requester_name"],
        requester_nip=row["requester_nip"],
        filed_at=row["filed_at"],
        description=row["description"],
        files=tuple(report.FileLine(r["name"], r["size"], r["sha256"]) for r in file_rows),
        steps=(*steps, report.StepLine("Berita acara diterbitkan (Admin PPE)", admin, now)),
        trial_outcome=row["trial_outcome"] or "-",
        trial_note=row["trial_note"] or "-",
        findings=findings,
        result=result,
        admin_ppe=admin,
        issued_at=now,
    )
