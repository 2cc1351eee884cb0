"""Agregasi's use cases: each loads the provider account, decides by its LPSE's mode and the table, commits once."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

import asyncpg

from contracts.digests import lkpp_signature_valid
from contracts.envelope import Actor
from contracts.lpse import LpseProfile
from lpse_runtime.authz import ensure_lpse
from lpse_runtime.commit import commit
from lpse_runtime.staff import StaffPrincipal, dummy_hash, password_matches_off_loop
from verification import agregasi_db
from verification.account_requests import desk_usecases as request_desk
from verification.agregasi import (
    LKPP,
    AggregationRefused,
    AggregationStatus,
    AggregationStep,
    AggregationTrigger,
    ProviderAccount,
    decide_step,
    request_ref_for,
)
from verification.agregasi_forms import (
    CALLBACK_SHAPE,
    AggregationSignInForm,
    LkppAnswerForm,
    LkppCallback,
    parse_callback,
)

Profiles = Mapping[str, LpseProfile]
ACCOUNT = "Akun penyedia"  # what a staff member of another LPSE is told is not found


async def apply(
    conn: asyncpg.Connection, profiles: Profiles, account: ProviderAccount, step: AggregationStep, now: datetime
) -> AggregationStatus:
    """Decide one step in the account's LPSE's mode and commit it (AggregationRefused when it does not apply)."""
    decided = decide_step(account, profiles[account.lpse].agregasi, step, now=now)
    status = (await commit(conn, decided, agregasi_db.save_aggregation)).status
    if step.trigger in (AggregationTrigger.LKPP_AGGREGATED, AggregationTrigger.LKPP_REFUSED):
        # A provider's own ADP request sent to LKPP closes with LKPP's answer, in this same transaction.
        aggregated = step.trigger is AggregationTrigger.LKPP_AGGREGATED
        await request_desk.lkpp_answered(conn, account.provider_id, aggregated, step.actor, now)
    return status


async def _staff_step(
    pool: asyncpg.Pool,
    profiles: Profiles,
    staff: StaffPrincipal,
    case_id: uuid.UUID,
    action: str,
    step: AggregationStep,
    now: datetime,
) -> str | None:
    """One verifier's step on the account of a case of the verifier's own LPSE; why it did not apply, if not."""
    async with pool.acquire() as conn, conn.transaction():
        account = await agregasi_db.account_of_case(conn, case_id)
        ensure_lpse(staff, action, account.lpse if account else None, ACCOUNT)
        assert account is not None
        if step.trigger is AggregationTrigger.REQUEST:  # numbered only once the case's reference is known
            step = replace(step, request_ref=request_ref_for(account.reference, secrets.token_hex(3).upper()))
        try:
            await apply(conn, profiles, account, step, now)
        except AggregationRefused as refused:
            return str(refused)
    return None


async def send_to_adp(
    pool: asyncpg.Pool, profiles: Profiles, staff: StaffPrincipal, case_id: uuid.UUID, *, now: datetime
) -> str | None:
    """The verifier sends the provider's ADP request to LKPP; why not, when the step does not apply."""
    step = AggregationStep(AggregationTrigger.REQUEST, staff.actor)
    return await _staff_step(pool, profiles, staff, case_id, "agregasi.minta", step, now)


async def record_lkpp_answer(
    pool: asyncpg.Pool,
    profiles: Profiles,
    staff: StaffPrincipal,
    case_id: uuid.UUID,
    answer: LkppAnswerForm,
    *,
    now: datetime,
) -> str | None:
    """The verifier records LKPP's answer received outside the callback; why not, when the step does not apply."""
    lkpp_ref = answer.lkpp_ref or None
    if answer.result == "refused":
        step = AggregationStep(AggregationTrigger.LKPP_REFUSED, staff.actor, reason=answer.reason, lkpp_ref=lkpp_ref)
    else:
        step = AggregationStep(AggregationTrigger.LKPP_AGGREGATED, staff.actor, lkpp_ref=lkpp_ref)
    return await _staff_step(pool, profiles, staff, case_id, "agregasi.catat_jawaban", step, now)


async def ensure_may_answer(pool: asyncpg.Pool, staff: StaffPrincipal, case_id: uuid.UUID) -> None:
    """Refuse (404) a verifier of another LPSE before telling what is wrong with the answer's form."""
    async with pool.acquire() as conn:
        lpse = await agregasi_db.lpse_of_account(conn, case_id)
    ensure_lpse(staff, "agregasi.catat_jawaban", lpse, ACCOUNT)


class CallbackVerdict(StrEnum):
    """What became of one callback; the webhook answers each with its own HTTP status."""

    FORGED = "forged"  # the signature does not match the body under the shared secret
    MALFORMED = "malformed"
    UNKNOWN = "unknown"  # no account waits under this request number
    NOT_APPLICABLE = "not_applicable"  # the LPSE's mode no longer takes LKPP's answers
    ANSWERED = "answered"  # applied now, or already applied by an earlier delivery of the same answer


@dataclass(frozen=True)
class CallbackOutcome:
    """The verdict, where the account stands after it, and what was wrong if anything."""

    verdict: CallbackVerdict
    status: AggregationStatus | None = None
    detail: str = ""


async def handle_lkpp_callback(
    pool: asyncpg.Pool, profiles: Profiles, secret: str, body: bytes, signature: str, *, now: datetime
) -> CallbackOutcome:
    """Check LKPP's signature over the raw body, then apply its answer once (a repeated answer changes nothing)."""
    if not lkpp_signature_valid(secret, body, signature):
        return CallbackOutcome(CallbackVerdict.FORGED, detail="invalid signature")
    answer, errors = parse_callback(body)
    if answer is None:
        shape = "request_ref" in errors or "result" in errors
        return CallbackOutcome(
            CallbackVerdict.MALFORMED, detail=CALLBACK_SHAPE if shape else f"invalid {', '.join(errors)}"
        )
    async with pool.acquire() as conn, conn.transaction():
        account = await agregasi_db.account_by_request(conn, answer.request_ref)
        if account is None:
            return CallbackOutcome(CallbackVerdict.UNKNOWN, detail="unknown request_ref")
        if account.status is not AggregationStatus.REQUESTED:
            return CallbackOutcome(CallbackVerdict.ANSWERED, account.status)
        try:
            status = await apply(conn, profiles, account, lkpp_step(answer), now)
        except AggregationRefused as refused:
            return CallbackOutcome(CallbackVerdict.NOT_APPLICABLE, detail=str(refused))
    return CallbackOutcome(CallbackVerdict.ANSWERED, status)


def lkpp_step(answer: LkppCallback) -> AggregationStep:
    """LKPP's answer as a step of the machine, by LKPP itself."""
    trigger = AggregationTrigger.LKPP_AGGREGATED if answer.result == "aggregated" else AggregationTrigger.LKPP_REFUSED
    return AggregationStep(trigger, LKPP, reason=answer.reason, lkpp_ref=answer.lkpp_ref)


async def sign_in(pool: asyncpg.Pool, form: AggregationSignInForm) -> ProviderAccount | None:
    """The account whose user ID, password and LPSE of registration were given, or None for any mismatch."""
    async with pool.acquire() as conn:
        found = await agregasi_db.account_signing_in(conn, form.user_id)
    account, password_hash = found if found is not None else (None, None)
    # Every attempt runs one argon2 check, so an unknown user ID is answered no faster than a wrong password.
    stored: str = password_hash if password_hash else await asyncio.to_thread(dummy_hash)
    matches = await password_matches_off_loop(stored, form.password)
    if account is None or not password_hash or account.lpse != form.lpse:
        return None
    return account if matches else None


async def self_activate(
    pool: asyncpg.Pool, profiles: Profiles, provider_id: uuid.UUID, *, now: datetime
) -> tuple[ProviderAccount | None, str | None]:
    """The provider's 'Lakukan Aktivasi' (mandiri): the account, and why not when the step does not apply."""
    async with pool.acquire() as conn, conn.transaction():
        account = await agregasi_db.account_by_id(conn, provider_id)
        if account is None:
            return None, None
        actor = Actor(id=account.user_id, role="penyedia")
        try:
            await apply(conn, profiles, account, AggregationStep(AggregationTrigger.SELF_ACTIVATE, actor), now)
        except AggregationRefused as refused:
            return account, str(refused)
    return account, None
