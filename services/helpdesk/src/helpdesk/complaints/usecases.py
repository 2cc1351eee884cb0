"""The complaints' use cases: one function per thing a complainant, a staff member or a timer does (load, decide,
move the clocks, commit), and what the pages read."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

import asyncpg

from contracts.complaints import ComplaintDeadlineApproachingV1, ComplaintDeadlineBreachedV1
from contracts.digests import token_digest
from contracts.envelope import Actor
from contracts.lpse import LpseProfile
from helpdesk.complaints import clocks, db
from helpdesk.complaints.clock_plan import clock_plan, with_dues
from helpdesk.complaints.domain import (
    Complaint,
    ComplaintRefused,
    ComplaintStatus,
    Received,
    Step,
    Trigger,
    decide,
    receive,
    rules_for,
)
from helpdesk.complaints.forms import ComplaintForm
from helpdesk.complaints.window import local_date, window
from helpdesk.survey_link import survey_path
from lpse_runtime.clock import Clock
from lpse_runtime.commit import commit
from lpse_runtime.decision import Decided
from lpse_runtime.machine import TransitionRefused
from lpse_runtime.references import new_reference
from lpse_runtime.sealing import LinkBox
from lpse_runtime.timers import Timer


@dataclass(frozen=True)
class ComplaintDesk:
    """What the complaint use cases work with: the database, the standards, the clock and the link key."""

    pool: asyncpg.Pool
    profiles: dict[str, LpseProfile]
    clock: Clock
    link_secret: str
    public_base_url: str

    def status_token(self, complaint_id: uuid.UUID) -> str:
        """The complainant's status page token: derived from the id under the link key, so it is never stored
        (only its digest) and every fact about the complaint can carry the link again."""
        mac = hmac.new(self.link_secret.encode(), f"pengaduan-status:{complaint_id}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")

    def status_path(self, complaint_id: uuid.UUID) -> str:
        """The status page's path."""
        return f"/helpdesk/pengaduan/{self.status_token(complaint_id)}"

    def sealed_status_url(self, complaint_id: uuid.UUID) -> str:
        """The status link as a fact carries it: sealed for the notifier."""
        return LinkBox(self.link_secret).seal(f"{self.public_base_url}{self.status_path(complaint_id)}")

    def sealed_survey_url(self, c: Complaint) -> str:
        """The SKM invitation of a resolved complaint, sealed."""
        path = survey_path(self.link_secret, c.lpse, "pengaduan", c.id)
        return LinkBox(self.link_secret).seal(f"{self.public_base_url}{path}")


@dataclass(frozen=True)
class Outcome:
    """What became of an action: done, refused (with why), or no such complaint for this person."""

    found: bool = True
    refusal: str | None = None


NOT_FOUND = Outcome(found=False)


async def submit(
    desk: ComplaintDesk, profile: LpseProfile, form: ComplaintForm, key: uuid.UUID
) -> tuple[str, uuid.UUID]:
    """Receive a valid complaint: stored, its clocks started, announced; the same form sent again returns the first
    complaint (reference, id) and receives nothing."""
    now = desk.clock.now()
    async with desk.pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", str(key))
        existing = await db.find_by_submission_key(conn, key)
        if existing is not None:
            return str(existing["reference"]), existing["id"]
        rules = rules_for(profile, form.service_id)
        span = window(form.service_date, now, profile.time_zone, profile.complaints.submission_window_days)
        complaint = Complaint(
            id=uuid.uuid4(),
            lpse=profile.code,
            reference=new_reference(profile.short_code, now, secrets.token_bytes(5), prefix="ADU"),
            service_id=form.service_id,
            status=ComplaintStatus.RECEIVED,
            level=0,
            holder=None,
            complainant_email=form.email,
            language=form.language,
        )
        received = Received(
            complaint, form.service_date, span.late, span.days_since_service, profile.complaints.submission_window_days
        )
        decided = receive(received, at=now, status_url=desk.sealed_status_url(complaint.id))
        await db.insert_complaint(
            conn,
            complaint,
            form,
            submission_key=key,
            status_digest=token_digest(desk.status_token(complaint.id)),
            late=span.late,
            days_since_service=span.days_since_service,
            at=now,
        )
        dues = await clocks.start(conn, complaint.id, rules, profile, now)
        await commit(conn, decided.publishing(with_dues(decided.facts, dues)))
    return complaint.reference, complaint.id


async def _decide_and_commit(
    desk: ComplaintDesk,
    conn: asyncpg.Connection,
    row: asyncpg.Record,
    step: Step,
    actor: Actor,
    texts: dict[str, str],
) -> Outcome:
    """Decide a step on a locked complaint, move its clocks, keep its texts, commit; a refusal changes nothing."""
    profile, now = desk.profiles[row["lpse"]], desk.clock.now()
    complaint, rules = db.complaint_of(row), rules_for(desk.profiles[row["lpse"]], row["service_id"])
    if step.trigger is Trigger.RESPOND:
        rows = await db.clocks(conn, complaint.id)
        step = replace(
            step,
            response_due=clocks.due_of(rows, rules.response_clock),
            answered_at=clocks.stopped_at(rows, rules.response_clock),
        )
    if step.trigger is Trigger.RESOLVE:
        step = replace(step, survey_url=desk.sealed_survey_url(complaint))
    try:
        decided = decide(
            complaint, step, at=now, actor=actor, profile=profile, status_url=desk.sealed_status_url(complaint.id)
        )
    except ComplaintRefused as refused:
        return Outcome(refusal=str(refused))
    except TransitionRefused:
        return Outcome(refusal="Langkah ini tidak berlaku untuk pengaduan berstatus ini.")
    resumed = await clocks.apply(conn, complaint.id, clock_plan(step.trigger, rules), profile, now)
    if resumed:
        decided = decided.publishing(with_dues(decided.facts, resumed))
    for kind, body in texts.items():
        await db.add_message(conn, complaint.id, kind, actor.id, body, now)
    await commit(conn, decided, _saver(now))
    return Outcome()


def _saver(now: datetime) -> Callable[[asyncpg.Connection, Complaint], Awaitable[None]]:
    async def save(conn: asyncpg.Connection, c: Complaint) -> None:
        await db.save(conn, c, now)

    return save


async def act(
    desk: ComplaintDesk,
    complaint_id: uuid.UUID,
    may_act_in: Callable[[str], bool],
    actor: Actor,
    step: Step,
    texts: dict[str, str],
) -> Outcome:
    """A staff member's step on a complaint of an LPSE they may act in; another LPSE's complaint is not found."""
    async with desk.pool.acquire() as conn, conn.transaction():
        row = await db.lock(conn, complaint_id)
        if row is None or not may_act_in(row["lpse"]):
            return NOT_FOUND
        return await _decide_and_commit(desk, conn, row, step, actor, texts)


async def complainant_act(desk: ComplaintDesk, token: str, step: Step, texts: dict[str, str]) -> Outcome:
    """The complainant's step from the status page: completing the content, or a reply."""
    async with desk.pool.acquire() as conn, conn.transaction():
        found = await db.by_digest(conn, token_digest(token))
        if found is None:
            return NOT_FOUND
        row = await db.lock(conn, found["id"])
        assert row is not None
        actor = Actor(id=row["email"] or "pengadu", role="pelapor")
        return await _decide_and_commit(desk, conn, row, step, actor, texts)


async def deadline_due(desk: ComplaintDesk, conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
    """A complaint clock's reminder or breach timer fired: the fact for staff, operators and the head of the LPSE."""
    row = await db.by_id(conn, uuid.UUID(timer.subject_id))
    clock_row = next((r for r in await db.clocks(conn, uuid.UUID(timer.subject_id)) if r["name"] == timer.clock), None)
    if row is None or clock_row is None or clock_row["status"] != "running":
        return
    fact_class = ComplaintDeadlineBreachedV1 if timer.kind == clocks.BREACH else ComplaintDeadlineApproachingV1
    if timer.kind == clocks.BREACH:
        await db.mark_breached(conn, row["id"], timer.clock, now)
    fact = fact_class(
        occurred_at=now,
        lpse=row["lpse"],
        correlation_id=row["id"],
        actor=Actor.system("timer"),
        complaint_id=row["id"],
        reference=row["reference"],
        service_id=row["service_id"],
        complainant_email=row["email"],
        language=row["language"],
        status_url=desk.sealed_status_url(row["id"]),
        clock=timer.clock,
        clock_label=clock_row["label"],
        due_at=clock_row["due_at"],
    )
    await commit(conn, Decided(None, facts=(fact,)))


def today(desk: ComplaintDesk, profile: LpseProfile) -> date:
    """Today's date in the LPSE's zone (the service date may not be later)."""
    return local_date(desk.clock.now(), profile.time_zone)
