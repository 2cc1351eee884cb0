"""The status page follows the case: each of verification's facts, applied in the inbox handler's transaction."""

from __future__ import annotations

import logging
import uuid

import asyncpg

from contracts.provider_account import ProviderAccountChangedV1
from contracts.verification import CaseOpenedV1
from lpse_runtime.commit import commit
from lpse_runtime.consumer import PermanentError
from lpse_runtime.machine import TransitionRefused
from registration import db
from registration.account_changes import account_changed
from registration.domain import Application, CounterFact, StatusFact, deadline_shown, decide, visit

log = logging.getLogger(__name__)


async def _locked(conn: asyncpg.Connection, application_id: uuid.UUID) -> Application:
    application = await db.lock_application(conn, application_id)
    if application is None:
        raise PermanentError(f"no application {application_id}")
    return application


async def follow_case(fact: StatusFact, conn: asyncpg.Connection) -> None:
    """Move the application the way the fact says, list the step and audit it."""
    application = await _locked(conn, fact.application_id)
    try:
        decided = decide(application, fact)
    except TransitionRefused as refused:
        # Facts arrive in commit order, so this is a repeat of a step already shown (a claim after a release) or
        # a replayed dead letter the application has moved past: nothing changes on the status page.
        log.info("application %s: %s", fact.application_id, refused)
        return
    await commit(conn, decided, db.save_step)


async def follow_counter_visit(fact: CounterFact, conn: asyncpg.Connection) -> None:
    """List a step of the visit to the counter and what it tells the applicant (what to bring, the deadline)."""
    application = await _locked(conn, fact.application_id)
    await commit(conn, visit(application, fact), db.save_visit)


async def show_deadline(fact: CaseOpenedV1, conn: asyncpg.Connection) -> None:
    """The case is queued: the status page shows its service deadline."""
    await commit(conn, deadline_shown(fact), db.save_deadline)


async def follow_account_change(fact: ProviderAccountChangedV1, conn: asyncpg.Connection) -> None:
    """The application's copy of the account becomes the changed one: the duplicate check holds the new NPWP, email
    and company data and lets the old go, and the status page shows the account as it is now."""
    found = await db.lock_account_of(conn, fact.user_id)
    if found is None:  # an account registration did not open (none of its applications became it): nothing to hold
        log.info("account %s changed: no application of it here", fact.user_id)
        return
    application, held = found
    decided = account_changed(application, held, fact)
    if decided is None:
        log.info("application %s: change %s already applied", application.id, fact.reference)
        return
    try:
        await commit(conn, decided, db.save_account_change)
    except asyncpg.UniqueViolationError as clash:
        # Verification refuses a new NPWP or email another account or application holds; this is the race it
        # cannot see. No retry mends it: to the dead letters, naming the field, for operators.
        field = db.duplicate_field(clash) or "data"
        raise PermanentError(f"account {fact.user_id}: the new {field} is held by another application") from clash
