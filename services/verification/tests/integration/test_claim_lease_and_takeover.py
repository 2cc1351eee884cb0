"""The claim's lease on real PostgreSQL (README, "The verifier"): claiming a case takes a 30-minute lease, each action
of the holder renews it, and another verifier can take the case over only once it lapsed; the former holder then
can no longer act on it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from nats.aio.client import Client

from contracts.registration import ProviderType
from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import Grant, StaffPrincipal
from tests.support import Infra, application_submitted, reset_identity, reset_schema, staff_session
from verification.app import create_app
from verification.domain import Finding, ItemResult
from verification.settings import Settings
from verification.usecases import case_actions, intake
from verification.usecases.desk import CaseDesk, Outcome

pytestmark = pytest.mark.integration
WIB = ZoneInfo("Asia/Jakarta")
MONDAY_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
RINA = StaffPrincipal(username="rina.magelang", name="Rina", grants=(Grant(role="verifikator", lpse="magelang"),))
DEWI = StaffPrincipal(username="dewi.magelang", name="Dewi", grants=(Grant(role="verifikator", lpse="magelang"),))


@pytest.fixture
async def desk(infra: Infra, nc: Client) -> AsyncIterator[CaseDesk]:
    """The verification service without its relay, on fresh schemas, at Monday 09:00 WIB."""
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    for staff in (RINA, DEWI):
        await staff_session(infra, staff.username, [("verifikator", "magelang")], now=MONDAY_0900, full_name=staff.name)
    app = create_app(Settings(database_url=url, nats_url=infra.nats_url), clock=SettableClock(MONDAY_0900))
    await app.state.runtime.start(relay=False)
    try:
        yield app.state.case_desk
    finally:
        await app.state.runtime.stop()


def at(desk: CaseDesk, hour: int, minute: int) -> None:
    clock = desk.runtime.clock
    assert isinstance(clock, SettableClock)
    clock.set(MONDAY_0900.replace(hour=hour, minute=minute))


async def holder(desk: CaseDesk, case_id: uuid.UUID) -> tuple[str, datetime]:
    row = await desk.pool.fetchrow("SELECT assignee, lease_until FROM cases WHERE id = $1", case_id)
    return row["assignee"], row["lease_until"]


async def test_each_action_renews_the_lease_and_another_verifier_takes_over_only_once_it_lapsed(
    desk: CaseDesk,
) -> None:
    event = application_submitted("magelang", "PT Lereng Merapi", provider_type=ProviderType.BADAN_USAHA_PT)
    async with desk.pool.acquire() as conn, conn.transaction():
        await intake.open_case(conn, event, now=desk.now(), profiles=desk.profiles)
    case_id: uuid.UUID = await desk.pool.fetchval("SELECT id FROM cases")

    assert await case_actions.claim(desk, case_id, RINA) == Outcome()
    assert await holder(desk, case_id) == ("rina.magelang", MONDAY_0900.replace(minute=30))

    # 09.20: Rina records a finding; her lease now runs to 09.50, so at 09.40 Dewi may not take the case.
    at(desk, 9, 20)
    ktp = {"ktp": Finding(ItemResult.VERIFIED)}
    assert await case_actions.check_documents(desk, case_id, RINA, ktp, {}) == Outcome()
    assert await holder(desk, case_id) == ("rina.magelang", MONDAY_0900.replace(minute=50))
    at(desk, 9, 40)
    busy = Outcome(refusal="Kasus ini sedang dikerjakan rina.magelang.")
    assert await case_actions.claim(desk, case_id, DEWI) == busy
    assert await holder(desk, case_id) == ("rina.magelang", MONDAY_0900.replace(minute=50))

    # 09.51: the lease lapsed; Dewi takes the case over with a fresh 30 minutes, and Rina can no longer act on it.
    at(desk, 9, 51)
    assert await case_actions.claim(desk, case_id, DEWI) == Outcome()
    assert await holder(desk, case_id) == ("dewi.magelang", MONDAY_0900.replace(hour=10, minute=21))
    assert await case_actions.check_documents(desk, case_id, RINA, ktp, {}) == Outcome(
        refusal="Klaim kasus ini untuk memeriksa dokumen."
    )
    assert await case_actions.return_file(desk, case_id, RINA, "KTP buram") == Outcome(
        refusal="Kasus ini sedang dikerjakan verifikator lain."
    )
    assert await case_actions.claim(desk, case_id, RINA) == Outcome(
        refusal="Kasus ini sedang dikerjakan dewi.magelang."
    )
    claims = await desk.pool.fetch(
        "SELECT before, after FROM audit_log WHERE entity_id = $1 AND action = 'claim' ORDER BY id", str(case_id)
    )
    assert [(r["before"], r["after"]) for r in claims] == [
        ("queued (-)", "in_review (rina.magelang)"),
        ("in_review (rina.magelang)", "in_review (dewi.magelang)"),
    ]
    payloads = await desk.pool.fetch(
        "SELECT payload::json->>'verifier_id' AS v FROM outbox WHERE subject LIKE '%claimed%'"
    )
    # The applicant was told once that the file is being verified; a takeover is no news to them.
    assert [r["v"] for r in payloads] == ["rina.magelang"]
