"""The case desk's use cases on real PostgreSQL: each action stores its state, its facts in the outbox and its audit
row together, and a refused one stores nothing. The outbox relay is not started, so the facts stay readable."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import pytest
from nats.aio.client import Client

from contracts.envelope import Actor
from contracts.registration import ApplicationResubmittedV1, DocumentRef, ProviderType
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
KEPALA = StaffPrincipal(username="kepala.magelang", name="Kepala", grants=(Grant(role="kepala_lpse", lpse="magelang"),))
BANJARMASIN = StaffPrincipal(
    username="verifikator.banjarmasin", name="Bjm", grants=(Grant(role="verifikator", lpse="banjarmasin"),)
)


@pytest.fixture
async def desk(infra: Infra, nc: Client) -> AsyncIterator[CaseDesk]:
    """The verification service started without its relay, on fresh schemas, at Monday 09:00 WIB."""
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    for staff in (RINA, DEWI, KEPALA):
        grants: list[tuple[str, str]] = [(g.role, g.lpse) for g in staff.grants]
        await staff_session(infra, staff.username, grants, now=MONDAY_0900, full_name=staff.name)
    app = create_app(Settings(database_url=url, nats_url=infra.nats_url), clock=SettableClock(MONDAY_0900))
    runtime = app.state.runtime
    await runtime.start(relay=False)
    try:
        yield app.state.case_desk
    finally:
        await runtime.stop()


async def open_online_case(desk: CaseDesk) -> uuid.UUID:
    """A Magelang (online) application opens a queued case with its clocks running."""
    event = application_submitted("magelang", "PT Kali Progo", provider_type=ProviderType.BADAN_USAHA_PT)
    async with desk.pool.acquire() as conn, conn.transaction():
        await intake.open_case(conn, event, now=desk.now(), profiles=desk.profiles)
    case_id = await desk.pool.fetchval("SELECT id FROM cases WHERE application_id = $1", event.application_id)
    assert isinstance(case_id, uuid.UUID)
    return case_id


async def audit_rows(pool: asyncpg.Pool, case_id: uuid.UUID) -> list[tuple[str, str | None, str | None, str | None]]:
    rows = await pool.fetch(
        "SELECT action, before, after, reason FROM audit_log WHERE entity_id = $1 ORDER BY id", str(case_id)
    )
    return [(r["action"], r["before"], r["after"], r["reason"]) for r in rows]


async def facts(pool: asyncpg.Pool) -> list[tuple[str, dict[str, Any]]]:
    rows = await pool.fetch("SELECT subject, payload FROM outbox ORDER BY id")
    return [(r["subject"], json.loads(r["payload"])) for r in rows]


async def test_an_online_case_from_claim_to_activation_commits_state_facts_and_audit_together(desk: CaseDesk) -> None:
    pool = desk.pool
    case_id = await open_online_case(desk)
    assert await pool.fetchval("SELECT status FROM cases WHERE id = $1", case_id) == "queued"
    assert [s for s, _ in await facts(pool)] == ["verification.magelang.case.opened.v1"]

    assert await case_actions.claim(desk, case_id, RINA) == Outcome()
    row = await pool.fetchrow("SELECT * FROM cases WHERE id = $1", case_id)
    assert (row["status"], row["assignee"]) == ("in_review", "rina.magelang")
    assert row["lease_until"] == MONDAY_0900 + timedelta(minutes=30)

    # The checklist is kept all or none: one row that cannot be read stores none of the others.
    codes = [r["code"] for r in await pool.fetch("SELECT code FROM checklist_items WHERE case_id = $1", case_id)]
    all_verified = {code: Finding(ItemResult.VERIFIED) for code in codes}
    refused = await case_actions.check_documents(desk, case_id, RINA, all_verified, {codes[-1]: "pilih hasil."})
    assert refused.refusal is not None and refused.refusal.endswith(": pilih hasil.")
    assert await pool.fetchval("SELECT count(*) FROM checklist_items WHERE result <> 'pending'") == 0
    assert await case_actions.check_documents(desk, case_id, RINA, all_verified, {}) == Outcome()
    assert await pool.fetchval("SELECT count(*) FROM checklist_items WHERE result = 'verified'") == len(codes)

    # Returned: the clocks pause; resumed: they count on and the resumed fact carries the new due instant.
    assert await case_actions.return_file(desk, case_id, RINA, "Cap perusahaan tidak terbaca") == Outcome()
    assert set(await pool.fetchval("SELECT array_agg(DISTINCT status) FROM case_clocks")) == {"paused"}
    assert await case_actions.resume(desk, case_id, RINA) == Outcome()
    assert set(await pool.fetchval("SELECT array_agg(DISTINCT status) FROM case_clocks")) == {"running"}

    assert await case_actions.approve(desk, case_id, RINA) == Outcome()
    row = await pool.fetchrow("SELECT * FROM cases WHERE id = $1", case_id)
    assert row["status"] == "activated" and row["lease_until"] is None
    provider = await pool.fetchrow("SELECT * FROM providers WHERE case_id = $1", case_id)
    assert provider["user_id"] == "KALIPROGO" and provider["status"] == "active"
    assert await pool.fetchval("SELECT count(*) FROM password_tokens WHERE provider_id = $1", provider["id"]) == 1
    assert await pool.fetchval("SELECT filename FROM receipts WHERE case_id = $1", case_id) is not None
    assert set(await pool.fetchval("SELECT array_agg(DISTINCT status) FROM case_clocks")) == {"stopped"}

    published = await facts(pool)
    assert [s.rsplit(".", 3)[1] + "." + s.rsplit(".", 2)[1] for s, _ in published] == [
        "case.opened",
        "case.claimed",
        "case.returned",
        "case.resumed",
        "case.verified",
        "account.activated",
    ]
    returned, resumed, activated = published[2][1], published[3][1], published[5][1]
    assert returned["reason"] == "Cap perusahaan tidak terbaca" and returned["items"] == []
    assert resumed["due_at"] is not None
    assert activated["user_id"] == "KALIPROGO"
    assert [a["content_type"] for a in activated["attachments"]] == ["application/pdf"], "the receipt goes along"
    assert await audit_rows(pool, case_id) == [
        ("open", None, "queued", f"event {(await pool.fetchval('SELECT opened_by_event FROM cases'))}"),
        ("claim", "queued (-)", "in_review (rina.magelang)", None),
        *[("check", f"{code}: pending", f"{code}: verified", None) for code in codes],
        ("return", "in_review (rina.magelang)", "returned (rina.magelang)", "Cap perusahaan tidak terbaca"),
        ("resume", "returned (rina.magelang)", "in_review (rina.magelang)", None),
        ("approve", "in_review (rina.magelang)", "activated (rina.magelang)", "user_id KALIPROGO"),
    ]


async def test_a_refused_action_stores_nothing_and_another_lpse_finds_no_case(desk: CaseDesk) -> None:
    pool = desk.pool
    case_id = await open_online_case(desk)
    before = (await audit_rows(pool, case_id), await facts(pool))

    assert await case_actions.claim(desk, case_id, BANJARMASIN) == Outcome(found=False)
    assert await case_actions.claim(desk, uuid.uuid4(), RINA) == Outcome(found=False)
    assert await case_actions.release(desk, case_id, RINA) == Outcome(refusal="Klaim kasus ini terlebih dahulu.")
    # Reassigning is the head's action (`kasus.alihkan`): a verifier's attempt reaches no case at all.
    assert await case_actions.reassign(desk, case_id, RINA, "dewi.magelang") == Outcome(found=False)
    assert await case_actions.reassign(desk, case_id, KEPALA, "orang.lain") == Outcome(
        refusal="Pilih verifikator tujuan."
    ), "only one of the LPSE's own verifiers can be chosen"
    assert (await audit_rows(pool, case_id), await facts(pool)) == before
    assert await pool.fetchval("SELECT status FROM cases WHERE id = $1", case_id) == "queued"

    assert await case_actions.reassign(desk, case_id, KEPALA, "dewi.magelang") == Outcome()
    assert await case_actions.reject(desk, case_id, DEWI, "   ") == Outcome(refusal="Penolakan memerlukan alasan.")
    assert await pool.fetchval("SELECT status FROM cases WHERE id = $1", case_id) == "in_review"
    assert await case_actions.reject(desk, case_id, DEWI, "NIB tidak terdaftar di OSS") == Outcome()
    row = await pool.fetchrow("SELECT * FROM cases WHERE id = $1", case_id)
    assert (row["status"], row["assignee"]) == ("rejected", "dewi.magelang")
    assert [a for a, *_ in await audit_rows(pool, case_id)] == ["open", "reassign", "reject"]
    rejected = (await facts(pool))[-1]
    assert rejected[0] == "verification.magelang.case.rejected.v1"
    assert rejected[1]["reason"] == "NIB tidak terdaftar di OSS"


async def test_a_resubmission_puts_the_documents_back_on_the_checklist_and_resumes_the_clocks(desk: CaseDesk) -> None:
    pool = desk.pool
    case_id = await open_online_case(desk)
    assert await case_actions.claim(desk, case_id, RINA) == Outcome()
    ktp = Finding(ItemResult.INVALID, "foto tidak terbaca")
    assert await case_actions.check_documents(desk, case_id, RINA, {"ktp": ktp}, {}) == Outcome()
    assert await case_actions.return_file(desk, case_id, RINA, "") == Outcome()
    row = await pool.fetchrow("SELECT * FROM cases WHERE id = $1", case_id)
    resubmitted = ApplicationResubmittedV1(
        occurred_at=desk.now(),
        lpse="magelang",
        correlation_id=row["application_id"],
        actor=Actor(id="direktur@contoh.co.id", role="penyedia"),
        application_id=row["application_id"],
        documents=(
            DocumentRef(code="ktp", filename="ktp.pdf", content_type="application/pdf", size=10, sha256="0" * 64),
        ),
    )
    async with pool.acquire() as conn, conn.transaction():
        await intake.take_back(conn, resubmitted, now=desk.now(), profiles=desk.profiles)
    row = await pool.fetchrow("SELECT * FROM cases WHERE id = $1", case_id)
    assert (row["status"], row["assignee"]) == ("in_review", "rina.magelang")
    ktp_row = await pool.fetchrow("SELECT * FROM checklist_items WHERE case_id = $1 AND code = 'ktp'", case_id)
    assert (ktp_row["result"], ktp_row["note"]) == ("pending", "")
    assert set(await pool.fetchval("SELECT array_agg(DISTINCT status) FROM case_clocks")) == {"running"}
    assert (await audit_rows(pool, case_id))[-1] == ("resubmit", "returned", "in_review", "dokumen diunggah ulang: ktp")
    subject, resumed = (await facts(pool))[-1]
    assert subject == "verification.magelang.case.resumed.v1"
    assert resumed["verifier_id"] == "rina.magelang" and resumed["due_at"] is not None
