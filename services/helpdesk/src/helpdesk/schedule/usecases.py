"""The ubah-jadwal use cases: one function per thing a Pokja, the Helpdesk, the Admin PPE or a timer does (load,
decide, move the clock, commit)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

import asyncpg

from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.lpse import LpseProfile, ServiceStandard
from contracts.requests import RequestChannel
from contracts.schedule_change import ScheduleChangeDeadlineApproachingV1, ScheduleChangeDeadlineBreachedV1
from helpdesk.attachments import Checked, Storage, Upload, check_all
from helpdesk.schedule import clocks, db
from helpdesk.schedule.domain import (
    OPEN,
    ScheduleChange,
    ScheduleRefused,
    ScheduleStatus,
    Step,
    Trigger,
    about,
    decide,
    file,
)
from helpdesk.schedule.forms import LETTER_MISSING, Filed
from lpse_runtime.clock import Clock
from lpse_runtime.commit import commit
from lpse_runtime.decision import Decided
from lpse_runtime.formmodel import FieldErrors
from lpse_runtime.machine import TransitionRefused
from lpse_runtime.references import new_reference
from lpse_runtime.sealing import LinkBox
from lpse_runtime.timers import Timer

LETTER_FIELD = "letter"
OPEN_ALREADY = "Perubahan jadwal tender ini masih diproses: {reference}."
RELETTER = frozenset({"formulir_belum_ditandatangani", "surat_tidak_terbaca"})


@dataclass(frozen=True)
class ScheduleDesk:
    """What the ubah-jadwal use cases work with: the database, the standards, the clock, the link key, the store."""

    pool: asyncpg.Pool
    profiles: dict[str, LpseProfile]
    clock: Clock
    link_secret: str
    public_base_url: str
    store: Storage | None = None

    def status_token(self, change_id: uuid.UUID) -> str:
        """The requester's status token: derived from the id under the link key, never stored (only its digest)."""
        mac = hmac.new(self.link_secret.encode(), f"jadwal-status:{change_id}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")

    def status_path(self, change_id: uuid.UUID) -> str:
        """The status page's path."""
        return f"/helpdesk/jadwal/{self.status_token(change_id)}"

    def sealed_status_url(self, change_id: uuid.UUID) -> str:
        """The status link as a fact carries it: sealed for the notifier."""
        return LinkBox(self.link_secret).seal(f"{self.public_base_url}{self.status_path(change_id)}")


@dataclass(frozen=True)
class Outcome:
    """What became of an action: done, refused (with why, per field where a form was sent), or not found."""

    found: bool = True
    refusal: str | None = None
    errors: FieldErrors | None = None
    change_id: uuid.UUID | None = None


NOT_FOUND = Outcome(found=False)


def service_of(profile: LpseProfile) -> ServiceStandard | None:
    """The LPSE's schedule-change service, if its standard has one (Depok DPK-2c)."""
    return next((s for s in profile.services if s.kind == "ubah_jadwal"), None)


@dataclass(frozen=True)
class Filer:
    """Who files: the signed-in Pokja member, or the Helpdesk at the counter on the Pokja's behalf."""

    actor: Actor
    channel: RequestChannel
    requester_username: str | None
    recorded_by: str | None


async def file_request(
    desk: ScheduleDesk, profile: LpseProfile, filed: Filed, key: uuid.UUID, letters: Sequence[Upload], who: Filer
) -> Outcome:
    """File a complete request with its signed letter: stored, its clock started, announced; a tender whose change
    is still open, or a letter that is not a PDF/JPEG/PNG, is refused beside its field and nothing is kept."""
    service = service_of(profile)
    assert service is not None
    checked, problem = await check_all(letters)
    if problem or not checked:
        return Outcome(errors={LETTER_FIELD: problem or LETTER_MISSING})
    now = desk.clock.now()
    async with desk.pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"jadwal:{profile.code}:{filed.tender_id}")
        existing = await db.find_by_submission_key(conn, key)
        if existing is not None:
            return Outcome(change_id=existing["id"])
        open_one = await db.open_for_tender(conn, profile.code, filed.tender_id)
        if open_one is not None:
            return Outcome(errors={"tender_id": OPEN_ALREADY.format(reference=open_one)})
        change = ScheduleChange(
            id=uuid.uuid4(),
            lpse=profile.code,
            reference=new_reference(profile.short_code, now, secrets.token_bytes(5), prefix="JDW"),
            service_id=service.id,
            tender_id=filed.tender_id,
            stage=filed.stage,
            old_at=filed.old_at,
            new_at=filed.new_at,
            status=ScheduleStatus.DIAJUKAN,
            requester_email=filed.email,
        )
        await db.insert(
            conn, change, filed, submission_key=key, status_digest=token_digest(desk.status_token(change.id)),
            channel=who.channel, requester_username=who.requester_username, recorded_by=who.recorded_by, at=now,
        )  # fmt: skip
        await _keep_letters(desk, conn, change.id, checked, now)
        due = await clocks.start(conn, change.id, profile, service, now)
        clock = clocks.clock_of(service)
        decided = file(
            change, at=now, actor=who.actor, channel=who.channel, status_url=desk.sealed_status_url(change.id),
            due_at=due, deadline_text=clock.deadline.text if clock else None,
        )  # fmt: skip
        await commit(conn, decided)
    return Outcome(change_id=change.id)


async def _keep_letters(
    desk: ScheduleDesk, conn: asyncpg.Connection, change_id: uuid.UUID, checked: list[Checked], now: datetime
) -> None:
    """Each letter in the object store (never overwritten: named by its hash), its row beside the request."""
    for letter in checked:
        a = letter.accepted
        name = f"jadwal/{change_id}/{a.sha256}"
        if desk.store is not None:
            await desk.store.put(name, letter.content)
        await db.add_letter(conn, change_id, letter.filename, a.content_type, a.size, a.sha256, name, now)


async def _decide_and_commit(
    desk: ScheduleDesk,
    conn: asyncpg.Connection,
    row: asyncpg.Record,
    step: Step,
    actor: Actor,
    texts: dict[str, object],
) -> Outcome:
    """Decide a step on a locked request, move its clock, keep its texts, commit; a refusal changes nothing."""
    profile, now = desk.profiles[row["lpse"]], desk.clock.now()
    service = service_of(profile)
    assert service is not None
    change = db.change_of(row)
    if step.trigger is Trigger.AJUKAN_ULANG:
        dues = clocks.due_of(profile, service, now)
        step = replace(step, due_at=dues[1] if dues else None)
    elif step.trigger is Trigger.SETUJUI:
        step = replace(step, due_at=row["due_at"])
    try:
        decided = decide(change, step, at=now, actor=actor, status_url=desk.sealed_status_url(change.id))
    except ScheduleRefused as refused:
        return Outcome(refusal=str(refused))
    except TransitionRefused:
        return Outcome(refusal="Langkah ini tidak berlaku untuk permohonan berstatus ini.")
    if step.trigger in clocks.STOPS:
        await clocks.stop(conn, change.id, now)
    if step.trigger in clocks.STARTS:
        await clocks.start(conn, change.id, profile, service, now)
    if step.trigger is Trigger.SETUJUI and decided.facts:
        texts = {**texts, "within_deadline": getattr(decided.facts[0], "within_deadline", None)}
    if texts:
        await db.save_texts(conn, change.id, **texts)
    await commit(conn, decided, _saver(now))
    return Outcome(change_id=change.id)


def _saver(now: datetime) -> Callable[[asyncpg.Connection, ScheduleChange], Awaitable[None]]:
    async def save(conn: asyncpg.Connection, c: ScheduleChange) -> None:
        await db.save(conn, c, now)

    return save


async def act(
    desk: ScheduleDesk,
    change_id: uuid.UUID,
    may_act_in: Callable[[str], bool],
    actor: Actor,
    step: Step,
    texts: dict[str, object],
) -> Outcome:
    """A staff member's step on a request of an LPSE they may act in; another LPSE's request is not found."""
    async with desk.pool.acquire() as conn, conn.transaction():
        row = await db.lock(conn, change_id)
        if row is None or not may_act_in(row["lpse"]):
            return NOT_FOUND
        return await _decide_and_commit(desk, conn, row, step, actor, texts)


async def resubmit(desk: ScheduleDesk, token: str, corrected: Filed, letters: Sequence[Upload]) -> Outcome:
    """The Pokja completes a returned request from its status page: corrected fields and, where the letter was the
    problem, a new signed letter; the clock starts afresh."""
    checked, problem = await check_all(letters)
    if problem:
        return Outcome(errors={LETTER_FIELD: problem})
    async with desk.pool.acquire() as conn, conn.transaction():
        found = await db.by_digest(conn, token_digest(token))
        if found is None:
            return NOT_FOUND
        row = await db.lock(conn, found["id"])
        assert row is not None
        if row["status"] == ScheduleStatus.DIKEMBALIKAN and RELETTER & set(row["missing"]) and not checked:
            return Outcome(errors={LETTER_FIELD: LETTER_MISSING})
        actor = Actor(id=row["requester_username"] or row["requester_email"], role="pokja")
        step = Step(Trigger.AJUKAN_ULANG, corrected=(corrected.old_at, corrected.new_at))
        texts: dict[str, object] = {"tender_name": corrected.tender_name, "reason": corrected.reason}
        outcome = await _decide_and_commit(desk, conn, row, step, actor, texts)
        if outcome.refusal is None:
            await _keep_letters(desk, conn, row["id"], checked, desk.clock.now())
        return outcome


async def deadline_due(desk: ScheduleDesk, conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
    """The 80 % reminder or the deadline of an undecided request: the fact for the desk and the heads."""
    row = await db.by_id(conn, uuid.UUID(timer.subject_id))
    if row is None or ScheduleStatus(row["status"]) not in OPEN or row["clock_stopped_at"] is not None:
        return
    breach = timer.kind == clocks.BREACH
    if breach:
        await db.mark_breached(conn, row["id"], now)
    service = service_of(desk.profiles[row["lpse"]])
    clock = clocks.clock_of(service) if service else None
    fact_class = ScheduleChangeDeadlineBreachedV1 if breach else ScheduleChangeDeadlineApproachingV1
    fact = fact_class(
        **about(db.change_of(row), Actor.system("timer"), now, desk.sealed_status_url(row["id"])),
        clock=timer.clock,
        clock_label=clock.label if clock else timer.clock,
        due_at=row["due_at"],
    )
    await commit(conn, Decided(None, facts=(fact,)))
