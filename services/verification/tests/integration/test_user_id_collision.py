"""User IDs on real PostgreSQL (README, "The verifier" and "Decisions where the design is silent"): activation gives
the provider a user ID unique across LPSEs, the company name without its legal form, upper-cased; when another
provider, of this LPSE or another, already has it, the new one gets a 4-digit suffix."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from nats.aio.client import Client

from contracts.registration import ProviderType
from lpse_runtime.clock import SettableClock
from lpse_runtime.staff import Grant, StaffPrincipal
from tests.support import Infra, application_submitted, reset_identity, reset_schema, staff_session, unique_email
from verification.app import create_app
from verification.domain import Finding, ItemResult
from verification.settings import Settings
from verification.usecases import case_actions, intake
from verification.usecases.desk import CaseDesk, Outcome

pytestmark = pytest.mark.integration
MONDAY_0900 = datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
VERIFIERS = {
    lpse: StaffPrincipal(username=f"verifikator.{lpse}", name=lpse, grants=(Grant(role="verifikator", lpse=lpse),))
    for lpse in ("depok", "magelang")
}


@pytest.fixture
async def desk(infra: Infra, nc: Client) -> AsyncIterator[CaseDesk]:
    """The verification service without its relay, on fresh schemas, with a verifier in Depok and in Magelang."""
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    for lpse, staff in VERIFIERS.items():
        await staff_session(infra, staff.username, [("verifikator", lpse)], now=MONDAY_0900, full_name=staff.name)
    app = create_app(Settings(database_url=url, nats_url=infra.nats_url), clock=SettableClock(MONDAY_0900))
    await app.state.runtime.start(relay=False)
    try:
        yield app.state.case_desk
    finally:
        await app.state.runtime.stop()


def digits(count: int) -> str:
    """An identifier no other application here has (verification refuses a twin NPWP)."""
    return str(uuid.uuid4().int)[:count]


async def activate(desk: CaseDesk, lpse: str, company: str) -> str:
    """Open a case for this company, take it through the verifier's steps to activation; its user ID."""
    staff = VERIFIERS[lpse]
    event = application_submitted(
        lpse,
        company,
        provider_type=ProviderType.BADAN_USAHA_CV,
        npwp=digits(15),
        nib=digits(13),
        email=unique_email(),
    )
    async with desk.pool.acquire() as conn, conn.transaction():
        await intake.open_case(conn, event, now=desk.now(), profiles=desk.profiles)
    case_id: uuid.UUID = await desk.pool.fetchval(
        "SELECT id FROM cases WHERE application_id = $1", event.application_id
    )
    if lpse == "depok":  # Depok checks the originals at its counter
        assert await case_actions.check_in(desk, case_id, staff) == Outcome()
        assert await case_actions.hand_over(desk, case_id, staff) == Outcome()
    assert await case_actions.claim(desk, case_id, staff) == Outcome()
    codes = [r["code"] for r in await desk.pool.fetch("SELECT code FROM checklist_items WHERE case_id = $1", case_id)]
    verified = {code: Finding(ItemResult.VERIFIED) for code in codes}
    assert await case_actions.check_documents(desk, case_id, staff, verified, {}) == Outcome()
    assert await case_actions.approve(desk, case_id, staff) == Outcome()
    user_id: str = await desk.pool.fetchval("SELECT user_id FROM providers WHERE case_id = $1", case_id)
    return user_id


async def test_providers_whose_names_give_the_same_user_id_get_distinct_ones_across_lpses(desk: CaseDesk) -> None:
    first = await activate(desk, "depok", "PT Maju Jaya")
    in_another_lpse = await activate(desk, "magelang", "CV Maju Jaya")
    in_the_same_lpse = await activate(desk, "magelang", "Maju-Jaya, CV.")
    assert first == "MAJUJAYA"
    assert re.fullmatch(r"MAJUJAYA\d{4}", in_another_lpse), in_another_lpse
    assert re.fullmatch(r"MAJUJAYA\d{4}", in_the_same_lpse), in_the_same_lpse
    assert in_another_lpse != in_the_same_lpse
    activated = await desk.pool.fetch(
        "SELECT payload::json->>'user_id' AS u FROM outbox WHERE subject LIKE '%account.activated%' ORDER BY id"
    )
    assert [r["u"] for r in activated] == [first, in_another_lpse, in_the_same_lpse], "each email names its own"
