"""The account requests' use cases: one function per thing a requester, an officer, identity or a timer does
(load, decide, move the clock, commit)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import asyncpg

from contracts.account_requests import (
    AccountRequestDeadlineApproachingV1,
    AccountRequestDeadlineBreachedV1,
    AccountRequestResubmittedV1,
)
from contracts.digests import token_digest
from contracts.envelope import Actor, Event
from contracts.lpse import LpseProfile, ServiceStandard
from contracts.requests import RequestChannel
from helpdesk.accounts import clocks, db
from helpdesk.accounts.domain import AccountRequest, RequestRefused, Step, about, decide, open_request
from helpdesk.accounts.forms import AccountForm, Document, kind_of
from helpdesk.accounts.tables import Status, Trigger, officer_of, path_of
from lpse_runtime.clock import Clock
from lpse_runtime.commit import commit
from lpse_runtime.decision import Decided
from lpse_runtime.machine import TransitionRefused
from lpse_runtime.references import new_reference
from lpse_runtime.sealing import LinkBox
from lpse_runtime.timers import Timer

SYSTEM = Actor.system("identity")


@dataclass(frozen=True)
class AccountDesk:
    """What the account-request use cases work with: the database, the standards, the clock and the link key."""

    pool: asyncpg.Pool
    profiles: dict[str, LpseProfile]
    clock: Clock
    link_secret: str
    public_base_url: str

    def status_token(self, request_id: uuid.UUID) -> str:
        """The requester's status token: derived from the id under the link key, never stored (only its digest)."""
        mac = hmac.new(self.link_secret.encode(), f"akun-status:{request_id}".encode(), hashlib.sha256)
        return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")

    def status_path(self, request_id: uuid.UUID) -> str:
        """The status page's path."""
        return f"/helpdesk/akun/{self.status_token(request_id)}"

    def sealed_status_url(self, request_id: uuid.UUID) -> str:
        """The status link as a fact carries it: sealed for the notifier."""
        return LinkBox(self.link_secret).seal(f"{self.public_base_url}{self.status_path(request_id)}")

    def service(self, lpse: str, service_id: str) -> ServiceStandard:
        """The service a stored request runs under."""
        return next(s for s in self.profiles[lpse].services if s.id == service_id)


@dataclass(frozen=True)
class Outcome:
    """What became of an action: done, refused (with why), or no such request for this person."""

    found: bool = True
    refusal: str | None = None


NOT_FOUND = Outcome(found=False)


async def submit(
    desk: AccountDesk,
    profile: LpseProfile,
    form: AccountForm,
    documents: tuple[Document, ...],
    key: uuid.UUID,
    *,
    actor: Actor,
    channel: RequestChannel,
) -> uuid.UUID:
    """File a valid request: stored with its documents, its clock started, announced; the same form sent again
    returns the first request's id and files nothing."""
    now = desk.clock.now()
    service = next(s for s in profile.services if s.id == form.service_id)
    async with desk.pool.acquire() as conn, conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", str(key))
        existing = await db.find_by_submission_key(conn, key)
        if existing is not None:
            return uuid.UUID(str(existing["id"]))
        r = AccountRequest(
            id=uuid.uuid4(),
            lpse=profile.code,
            reference=new_reference(profile.short_code, now, secrets.token_bytes(5), prefix="AKN"),
            service_id=service.id,
            kind=kind_of(service.id),
            role=form.role,
            status=Status.DIAJUKAN,
            path=path_of(service),
            officer=officer_of(service),
            person_name=form.name,
            email=form.email,
            language=form.language,
            change_kind=form.change_kind,
            username=form.username or None,
            new_email=form.new_email or None,
            access_until=form.access_until,
        )
        digest = token_digest(desk.status_token(r.id))
        await db.insert_request(conn, r, form, submission_key=key, status_digest=digest, channel=channel, at=now)
        await db.insert_documents(conn, r.id, documents, now)
        due, text = await clocks.start(conn, r.id, profile, service, now)
        decided = open_request(
            r, at=now, actor=actor, status_url=desk.sealed_status_url(r.id), channel=channel, due_at=due, text=text
        )
        await db.add_step(conn, r.id, "ajukan", actor.id, actor.role, None, now)
        await commit(conn, decided)
    return r.id


async def _decide_and_commit(
    desk: AccountDesk, conn: asyncpg.Connection, row: asyncpg.Record, step: Step, actor: Actor
) -> Outcome:
    """Decide a step on a locked request, move its clock, keep the step, commit; a refusal changes nothing."""
    now, r = desk.clock.now(), db.request_of(row)
    if step.trigger in (Trigger.AKUN_DIBUAT, Trigger.INAPROC_TERVERIFIKASI):
        step = replace(step, within_deadline=clocks.met_deadline(await db.clocks(conn, r.id)))
    try:
        decided = decide(r, step, at=now, actor=actor, status_url=desk.sealed_status_url(r.id))
    except RequestRefused as refused:
        return Outcome(refusal=str(refused))
    except TransitionRefused:
        return Outcome(refusal="Langkah ini tidak berlaku untuk permohonan berstatus ini.")
    move = clocks.moves_clock(step.trigger, decided.state.status)
    if move == "stop":
        await clocks.stop_running(conn, r.id, now)
    elif move == "start":
        due, _ = await clocks.start(conn, r.id, desk.profiles[r.lpse], desk.service(r.lpse, r.service_id), now)
        decided = decided.publishing(tuple(_with_due(f, due) for f in decided.facts))
    if step.trigger is not Trigger.KLAIM:
        note = step.reason or (", ".join(step.missing) if step.missing else None) or step.username
        await db.add_step(conn, r.id, step.trigger.value, actor.id, actor.role, note, now)
    if decided.state.status is Status.SELESAI and r.kind == "auditor" and r.username:
        await db.grant_auditor(conn, row, r.username, now)

    async def save(c: asyncpg.Connection, state: AccountRequest) -> None:
        await db.save(c, state, now)

    await commit(conn, decided, save)
    return Outcome()


def _with_due(fact: Event, due: datetime | None) -> Event:
    """A resubmitted fact with the fresh round's due instant."""
    return fact.model_copy(update={"due_at": due}) if isinstance(fact, AccountRequestResubmittedV1) else fact


async def act(
    desk: AccountDesk, request_id: uuid.UUID, may_act_in: Callable[[str], bool], actor: Actor, step: Step
) -> Outcome:
    """An officer's step on a request of an LPSE they may act in; another LPSE's request is not found."""
    async with desk.pool.acquire() as conn, conn.transaction():
        row = await db.lock(conn, request_id)
        if row is None or not may_act_in(row["lpse"]):
            return NOT_FOUND
        return await _decide_and_commit(desk, conn, row, step, actor)


async def resubmit(desk: AccountDesk, token: str, documents: tuple[Document, ...]) -> Outcome:
    """The requester completes a returned file from the status page (the documents given replace the old ones)."""
    async with desk.pool.acquire() as conn, conn.transaction():
        found = await db.by_digest(conn, token_digest(token))
        if found is None:
            return NOT_FOUND
        row = await db.lock(conn, found["id"])
        assert row is not None
        await db.insert_documents(conn, row["id"], documents, desk.clock.now())
        actor = Actor(id=row["email"] or "pemohon", role="pelapor")
        return await _decide_and_commit(desk, conn, row, Step(Trigger.AJUKAN_ULANG), actor)


async def identity_answered(
    desk: AccountDesk, conn: asyncpg.Connection, request_id: uuid.UUID | None, step: Step
) -> None:
    """Identity created, changed or ended the account, or could not: the request moves on once (a redelivered
    answer finds the request already past `disetujui`, and the table has no such step)."""
    if request_id is None:
        return
    row = await db.lock(conn, request_id)
    if row is None:
        return
    await _decide_and_commit(desk, conn, row, step, SYSTEM)


async def deadline_due(desk: AccountDesk, conn: asyncpg.Connection, timer: Timer, now: datetime) -> None:
    """A request round's reminder or breach fired: the fact for the desk and the heads of the LPSE."""
    row = await db.by_id(conn, uuid.UUID(timer.subject_id))
    rounds = await db.clocks(conn, uuid.UUID(timer.subject_id))
    clock_row = next((c for c in rounds if c["round"] == timer.payload.get("round")), None)
    if row is None or clock_row is None or clock_row["status"] != "running":
        return
    breach = timer.kind == clocks.BREACH
    if breach:
        await db.mark_breached(conn, row["id"], clock_row["round"], now)
    fact_class = AccountRequestDeadlineBreachedV1 if breach else AccountRequestDeadlineApproachingV1
    base = about(db.request_of(row), Actor.system("timer"), now, desk.sealed_status_url(row["id"]))
    fact = fact_class(**base, clock=clock_row["name"], clock_label=clock_row["label"], due_at=clock_row["due_at"])
    await commit(conn, Decided(None, facts=(fact,)))


def today(desk: AccountDesk, profile: LpseProfile) -> date:
    """Today's date in the LPSE's zone (an auditor's access starts today at the earliest)."""
    return desk.clock.now().astimezone(ZoneInfo(profile.time_zone)).date()
