"""The verifiers' desk: one function per staff step on a provider's request, the LPSE's deactivation and a
reactivation recorded at the counter, the request clocks' timers and LKPP's answer to a request sent to it.
Each loads under lock, decides (desk.py / apply.py), moves the clocks and commits once."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import asyncpg

from contracts.envelope import Actor, Event
from contracts.lpse import LpseProfile, ServiceStandard
from contracts.provider_account import ProviderRequestDeadlineApproachingV1, ProviderRequestDeadlineBreachedV1
from lpse_runtime.authz import permits
from lpse_runtime.commit import commit
from lpse_runtime.decision import AuditEntry, Decided
from lpse_runtime.objects import ObjectBucket
from lpse_runtime.references import new_reference
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from lpse_runtime.staff import StaffPrincipal
from lpse_runtime.timers import Timer
from lpse_runtime.worktime import ClockView, clock_view
from verification import agregasi_db
from verification.account_requests import apply, clocks
from verification.account_requests import desk_db as db
from verification.account_requests.desk import (
    Account,
    AccountRequest,
    Reactivation,
    StaffStep,
    clock_move,
    decide,
    document_checks,
    fact_fields,
    lease_holder,
    record_findings,
    record_reactivation,
)
from verification.account_requests.domain import RequestRefused, RequestStatus, RequestTrigger, next_status, service_for
from verification.agregasi import AggregationRefused, AggregationStep, AggregationTrigger, decide_step, request_ref_for
from verification.provider_area import session_db

BUCKET = "VERIFICATION_REQUEST_DOCUMENTS"
TIMER_ACTOR = Actor.system("verification")
ROLE_NAME = {"verifikator": "Verifikator", "kepala_lpse": "Kepala", "helpdesk": "Helpdesk"}


def sealed_status_url(settings: ServiceSettings, reference: str) -> str:
    """A request's page as its facts carry it: sealed, never readable on the bus."""
    return link_box(settings).seal(f"{settings.public_base_url}/akun/permohonan/{reference}")


@dataclass(frozen=True)
class RequestDesk:
    """The service's database, standards, clock and object store, as the desk's use cases need them."""

    runtime: ServiceRuntime

    @property
    def pool(self) -> asyncpg.Pool:
        """The service's connection pool."""
        return self.runtime.pool

    @property
    def profiles(self) -> dict[str, LpseProfile]:
        """Each LPSE's service standard."""
        return self.runtime.profiles

    def now(self) -> datetime:
        """The injected clock's time."""
        return self.runtime.clock.now()

    def status_url(self, reference: str) -> str:
        """The request's page in the provider's account area, sealed for the notifier as every private link."""
        return sealed_status_url(self.runtime.settings, reference)

    def documents(self) -> ObjectBucket:
        """The bucket the provider's uploads live in."""
        return ObjectBucket(self.runtime.broker.config.connection_state.stream, BUCKET)


@dataclass(frozen=True)
class Outcome:
    """What became of a staff action: done, refused (with why), or no such record for this person."""

    found: bool = True
    refusal: str | None = None


DONE = Outcome()
NOT_FOUND = Outcome(found=False)


def officer_label(staff: StaffPrincipal, profile: LpseProfile) -> str:
    """Who the provider's history names: 'Verifikator LPSE Kota Banjarmasin'."""
    return f"{ROLE_NAME.get(staff.role, 'Petugas')} {profile.name}"


async def act(
    desk: RequestDesk,
    request_id: uuid.UUID,
    staff: StaffPrincipal,
    action: str,
    trigger: RequestTrigger,
    reason: str = "",
) -> Outcome:
    """One staff step on a request of the staff member's LPSE (another LPSE's is not found)."""
    now = desk.now()
    async with desk.pool.acquire() as conn, conn.transaction():
        row = await db.lock_request(conn, request_id)
        if row is None or not permits(staff, action, row["lpse"]):
            return NOT_FOUND
        account = await db.lock_account(conn, row["provider_id"])
        assert account is not None
        try:
            await decide_and_commit(conn, desk, db.to_request(row), account, staff, trigger, reason, now)
        except (RequestRefused, AggregationRefused) as refused:
            return Outcome(refusal=str(refused))
    return DONE


async def decide_and_commit(
    conn: asyncpg.Connection,
    desk: RequestDesk,
    request: AccountRequest,
    account: Account,
    staff: StaffPrincipal,
    trigger: RequestTrigger,
    reason: str,
    now: datetime,
) -> None:
    """Decide, or raise before anything is written; then store the request, the account's change and the facts."""
    profile = desk.profiles[request.lpse]
    service = clocks.service_of(profile, request.service_id)
    step = StaffStep(trigger, staff.actor, staff.username, reason)
    aggregation = None
    if trigger is RequestTrigger.SEND_TO_LKPP:
        aggregation = await agregasi_db.account_by_id(conn, account.provider_id)
        assert aggregation is not None
        step = StaffStep(
            trigger,
            staff.actor,
            staff.username,
            reason,
            request_ref_for(aggregation.reference, secrets.token_hex(3).upper()),
        )
    url = desk.status_url(request.reference)
    decided = decide(request, account, step, service=service, status_url=url, now=now)
    applied = None
    if trigger is RequestTrigger.APPROVE:
        label = officer_label(staff, profile)
        applied = apply.approved(
            request, account, actor=staff.actor, officer=staff.username, desk_name=label, status_url=url, now=now
        )
        await ensure_still_free(conn, desk, account, applied, request.request_id)
        decided = decided.also(*applied.facts)
    if aggregation is not None:  # the account's own ADP machine: AggregationRequestedV1 goes to LKPP
        adp = AggregationStep(AggregationTrigger.REQUEST, staff.actor, request_ref=step.request_ref)
        await commit(conn, decide_step(aggregation, profile.agregasi, adp, now=now), agregasi_db.save_aggregation)
    if applied is not None:
        await store_applied(conn, account.provider_id, applied, now, request.request_id)
    facts = await clocks.move(conn, clock_move(trigger), request.request_id, profile, service, now, decided.facts)
    await commit(conn, decided.publishing(facts), db.save_request)


async def ensure_still_free(
    conn: asyncpg.Connection, desk: RequestDesk, account: Account, applied: apply.Applied, request_id: uuid.UUID
) -> None:
    """A new NPWP or email is checked again at approval: another filing may have taken it meanwhile."""
    npwp = applied.updates.get("npwp")
    if isinstance(npwp, str):
        holder = await db.npwp_holder(conn, npwp, account.provider_id, request_id)
        if holder is not None:
            name = desk.profiles[holder].name if holder in desk.profiles else holder
            raise RequestRefused(f"NPWP ini sudah terdaftar di {name}.")
    email = applied.updates.get("email")
    if isinstance(email, str) and await db.email_taken(conn, email, account.provider_id):
        raise RequestRefused("Alamat email ini sudah dipakai akun lain.")


async def store_applied(
    conn: asyncpg.Connection,
    provider_id: uuid.UUID,
    applied: apply.Applied,
    now: datetime,
    request_id: uuid.UUID | None,
) -> None:
    """The account's new columns, its history rows and, on deactivation, the end of its sessions."""
    await db.update_account(conn, provider_id, applied.updates)
    await db.append_history(conn, provider_id, applied.history, now, request_id)
    if applied.ends_sessions:
        await session_db.end_sessions(conn, provider_id, now)


async def check_documents(
    desk: RequestDesk, request_id: uuid.UUID, staff: StaffPrincipal, findings: Mapping[str, tuple[str, str]]
) -> Outcome:
    """The holder records the checklist (all or nothing); the claim's lease is renewed."""
    now = desk.now()
    async with desk.pool.acquire() as conn, conn.transaction():
        row = await db.lock_request(conn, request_id)
        if row is None or not permits(staff, "permohonan.periksa", row["lpse"]):
            return NOT_FOUND
        account = await db.lock_account(conn, row["provider_id"])
        assert account is not None
        service = clocks.service_of(desk.profiles[row["lpse"]], row["service_id"])
        try:
            decided = record_findings(
                db.to_request(row),
                account,
                findings,
                service=service,
                actor=staff.actor,
                officer=staff.username,
                now=now,
            )
        except RequestRefused as refused:
            return Outcome(refusal=str(refused))
        await commit(conn, decided, db.save_request)
    return DONE


async def deactivate(desk: RequestDesk, provider_id: uuid.UUID, staff: StaffPrincipal, reason: str) -> Outcome:
    """The head of the LPSE deactivates an account with a reason: it cannot sign in, its sessions end."""
    now = desk.now()
    async with desk.pool.acquire() as conn, conn.transaction():
        account = await db.lock_account(conn, provider_id)
        if account is None or not permits(staff, "penyedia.nonaktifkan", account.lpse):
            return NOT_FOUND
        profile = desk.profiles[account.lpse]
        try:
            applied = apply.deactivation(
                account, reason, staff.actor, staff.username, officer_label(staff, profile), now
            )
        except RequestRefused as refused:
            return Outcome(refusal=str(refused))
        await store_applied(conn, provider_id, applied, now, None)
        audit = AuditEntry(
            at=now,
            actor=staff.actor,
            entity="provider",
            entity_id=str(provider_id),
            action="penyedia:nonaktifkan",
            before=account.status,
            after="nonaktif",
            reason=reason.strip()[:2000],
        )
        await commit(conn, Decided(None, applied.facts, audit))
    return DONE


async def record_reactivation_request(
    desk: RequestDesk, provider_id: uuid.UUID, staff: StaffPrincipal, reason: str
) -> tuple[Outcome, uuid.UUID | None]:
    """Counter staff record a deactivated account's request to sign in again: in hand at once, its clock runs."""
    now = desk.now()
    async with desk.pool.acquire() as conn, conn.transaction():
        account = await db.lock_account(conn, provider_id)
        if account is None or not permits(staff, "permohonan.catat", account.lpse):
            return NOT_FOUND, None
        profile = desk.profiles[account.lpse]
        service = service_for(profile, "aktif_kembali")
        open_one = await db.any_open_request(conn, provider_id)
        try:
            if service is None:
                raise RequestRefused("Standar pelayanan LPSE ini tidak memuat layanan untuk permohonan ini.")
            if open_one is not None:
                raise RequestRefused(f"Masih ada permohonan yang diproses: {open_one['reference']}.")
            reference = new_reference(profile.short_code, now, secrets.token_bytes(5), prefix="PRM")
            new = Reactivation(uuid.uuid4(), reference, reason, staff.actor, staff.username)
            decided = record_reactivation(account, new, service=service, status_url=desk.status_url(reference), now=now)
        except RequestRefused as refused:
            return Outcome(refusal=str(refused)), None
        await db.insert_request(conn, decided.state)
        due = await clocks.start(conn, new.request_id, profile, service, now)
        facts = clocks.with_due(decided.facts, due)
        await commit(conn, decided.publishing(facts))
    return DONE, new.request_id


async def lkpp_answered(
    conn: asyncpg.Connection, provider_id: uuid.UUID, aggregated: bool, actor: Actor, now: datetime
) -> None:
    """LKPP's answer to an ADP request was applied to the account: its open request (sent to LKPP) closes with it,
    in the same transaction. Nothing happens when no request waits (an ADP sent from the case page)."""
    row = await db.open_request_of(conn, provider_id, RequestStatus.SENT_TO_LKPP.value)
    if row is None:
        return
    request = db.to_request(row)
    trigger = RequestTrigger.LKPP_AGGREGATED if aggregated else RequestTrigger.LKPP_REFUSED
    after = next_status(request.kind, request.status, trigger)
    state = replace(request, status=after, updated_at=now)
    audit = AuditEntry(
        at=now,
        actor=actor,
        entity="account_request",
        entity_id=str(request.request_id),
        action=f"permohonan:{trigger.value}",
        before=request.status.value,
        after=after.value,
    )
    what = "Agregasi diterima LKPP" if aggregated else "Agregasi ditolak LKPP"
    await db.append_history(
        conn, provider_id, [apply.HistoryEntry(what, request.reference, "LKPP")], now, request.request_id
    )
    await commit(conn, Decided(state, (), audit), db.save_request)


async def deadline_due(conn: asyncpg.Connection, timer: Timer, now: datetime, settings: ServiceSettings) -> None:
    """A request clock's reminder or breach is due: announce it once, if the clock still runs towards that instant."""
    request_id = uuid.UUID(timer.subject_id)
    clock = await db.lock_clock(conn, request_id, timer.clock)
    due = datetime.fromisoformat(timer.payload["due_at"])
    if clock is None or clock["status"] != "running" or clock["due_at"] != due:
        return  # the clock stopped, paused or moved since this timer was set
    row = await db.get_request(conn, request_id)
    # Read, not locked: a staff step holds the account and waits for this timer (timers before clocks), so the
    # timer must not wait for the account in turn.
    found = await db.account_row(conn, row["provider_id"]) if row is not None else None
    account = db.to_account(found) if found is not None else None
    if row is None or account is None:
        return
    request = db.to_request(row)
    breach = timer.kind == clocks.BREACH
    common = fact_fields(request, account, TIMER_ACTOR, sealed_status_url(settings, request.reference), now)
    kind = ProviderRequestDeadlineBreachedV1 if breach else ProviderRequestDeadlineApproachingV1
    fact: Event = kind(**common, clock=clock["name"], clock_label=clock["label"], due_at=due)
    audit = AuditEntry(
        at=now,
        actor=TIMER_ACTOR,
        entity="account_request",
        entity_id=str(request_id),
        action="permohonan:deadline_breached",
        before=request.status.value,
        after=request.status.value,
        reason=f"{clock['label']} ({clock['deadline_text']}) jatuh tempo {due.isoformat()}",
    )
    if breach:
        await db.mark_breached(conn, request_id, clock["name"], now)
    await commit(conn, Decided(None, (fact,), audit if breach else None))


# --- what the pages read ---------------------------------------------------------------------------------------------


def clock_views(
    profile: LpseProfile, service: ServiceStandard, rows: list[asyncpg.Record], now: datetime
) -> list[ClockView]:
    """Each clock of a request: its deadline, due instant, the time left or how late it is."""
    calendar = clocks.calendar_of(profile, service)
    return [clock_view(row, now, calendar) for row in rows]


@dataclass(frozen=True)
class QueueView:
    """The LPSE's open requests with their clocks."""

    profile: LpseProfile
    status: str
    rows: list[tuple[asyncpg.Record, list[ClockView]]]


async def queue_page(desk: RequestDesk, lpse: str, status: str) -> QueueView:
    """The queue of an LPSE, nearest running deadline first, then the oldest."""
    profile = desk.profiles[lpse]
    wanted = status if status in {s.value for s in RequestStatus} else ""
    now = desk.now()
    async with desk.pool.acquire() as conn:
        rows = await db.queue(conn, lpse, wanted or None)
        clock_rows = await db.clocks_of(conn, [r["id"] for r in rows])
    shown = [
        (r, clock_views(profile, clocks.service_of(profile, r["service_id"]), clock_rows.get(r["id"], []), now))
        for r in rows
    ]
    return QueueView(profile, wanted, shown)


@dataclass(frozen=True)
class RequestView:
    """One request with everything its page shows."""

    request: AccountRequest
    account: asyncpg.Record
    profile: LpseProfile
    service: ServiceStandard
    checks: list[Any]
    clocks: list[ClockView]
    history: list[asyncpg.Record]
    audit: list[asyncpg.Record]
    holder: str | None
    now: datetime


async def request_view(desk: RequestDesk, request_id: uuid.UUID, staff: StaffPrincipal) -> RequestView | None:
    """A request of the staff member's LPSE (None for another LPSE's, as for a missing one)."""
    now = desk.now()
    async with desk.pool.acquire() as conn:
        row = await db.get_request(conn, request_id)
        if row is None or not permits(staff, "permohonan.lihat", row["lpse"]):
            return None
        account = await db.account_row(conn, row["provider_id"])
        assert account is not None
        clock_rows = (await db.clocks_of(conn, [request_id])).get(request_id, [])
        history = await db.history_of(conn, row["provider_id"])
        audit = await db.audit_of(conn, request_id)
    request = db.to_request(row)
    profile = desk.profiles[request.lpse]
    service = clocks.service_of(profile, request.service_id)
    checks = document_checks(request, account["provider_type"], service)
    return RequestView(
        request,
        account,
        profile,
        service,
        checks,
        clock_views(profile, service, clock_rows, now),
        history,
        audit,
        lease_holder(request, now),
        now,
    )


async def document(
    desk: RequestDesk, request_id: uuid.UUID, code: str, staff: StaffPrincipal
) -> tuple[str, str, bytes] | None:
    """An uploaded document of a request of the staff member's LPSE: file name, content type and bytes."""
    async with desk.pool.acquire() as conn:
        row = await db.get_request(conn, request_id)
    if row is None or not permits(staff, "permohonan.lihat", row["lpse"]):
        return None
    found = next((d for d in db.to_request(row).documents if d.get("code") == code), None)
    if found is None or not found.get("object"):
        return None
    content = await desk.documents().get(str(found["object"]))
    name = str(found.get("filename") or f"{code}")
    return name, str(found.get("content_type") or "application/octet-stream"), content


@dataclass(frozen=True)
class ProviderView:
    """An account as staff see it: its data, history and requests."""

    account: asyncpg.Record
    profile: LpseProfile
    history: list[asyncpg.Record]
    requests: list[asyncpg.Record]
    reactivation_offered: bool


async def provider_view(desk: RequestDesk, provider_id: uuid.UUID, staff: StaffPrincipal) -> ProviderView | None:
    """An account of the staff member's LPSE (None for another LPSE's, as for a missing one)."""
    async with desk.pool.acquire() as conn:
        account = await db.account_row(conn, provider_id)
        if account is None or not permits(staff, "penyedia.lihat", account["lpse"]):
            return None
        history = await db.history_of(conn, provider_id)
        requests = await db.requests_of(conn, provider_id)
    profile = desk.profiles[account["lpse"]]
    return ProviderView(account, profile, history, requests, service_for(profile, "aktif_kembali") is not None)
