"""One provider, one application across every LPSE, also when two submissions arrive at the same moment.

The README ("Submits"): "the same NPWP, NIB or email already registered or pending in any LPSE is refused naming
that LPSE". The messages below are written out as the applicant reads them, not taken from the code.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest

from lpse_runtime.clock import SettableClock
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime
from registration import db
from registration.form import EmailProof, asked_documents, validate_form
from registration.settings import Settings
from registration.usecases import applying
from registration.usecases.applying import AlreadySent, Refused, Sent
from registration.usecases.desk import Desk
from tests.support import Infra, reset_schema

pytestmark = pytest.mark.integration
START = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
LPSE_NAMES = {"depok": "LPSE Kota Depok", "banjarmasin": "LPSE Kota Banjarmasin"}
NPWP_TAKEN = "NPWP ini sudah terdaftar atau sedang diajukan di {lpse}. Satu penyedia satu akun."
NIB_TAKEN = "NIB ini sudah terdaftar atau sedang diajukan di {lpse}."
EMAIL_TAKEN = "Email ini sudah dipakai untuk pendaftaran di {lpse}."


@pytest.fixture
async def desk(infra: Infra) -> AsyncIterator[Desk]:
    url = await reset_schema(infra, "registration")
    runtime = ServiceRuntime(
        "registration", Settings(database_url=url, nats_url=infra.nats_url), clock=SettableClock(START)
    )
    await runtime.start(relay=False)  # the outbox rows stay where the decision put them
    try:
        yield Desk(runtime)
    finally:
        await runtime.stop()


def form(company: str, npwp: str, nib: str) -> dict[str, str]:
    """What an applicant types: a PT brought by its director."""
    return {
        "provider_type": "badan_usaha_pt",
        "company_name": company,
        "npwp": npwp,
        "nib": nib,
        "director_name": "Budi Santoso",
        "director_nik": "3276012345678901",
    }


async def ready_draft(desk: Desk, lpse: str, email: str, values: dict[str, str]) -> str:
    """A proven draft of the LPSE with every document its standard asks recorded; the token of its link."""
    assert await applying.ask_email_proof(desk, desk.profiles[lpse], EmailProof(email=email)) is None
    async with desk.pool.acquire() as conn:
        sealed = await conn.fetchval(
            "SELECT payload::jsonb->>'draft_url' FROM outbox WHERE subject LIKE '%email.verification_requested%' "
            "ORDER BY id DESC LIMIT 1"
        )
    token = link_box(desk.runtime.settings).open(sealed).rsplit("/", 1)[1]
    draft = await applying.open_draft(desk, token)
    assert draft is not None
    async with desk.pool.acquire() as conn:
        for rule, _ in asked_documents(desk.profiles[lpse], values):
            await db.upsert_document(
                conn,
                draft_id=draft.id,
                code=rule.code,
                filename=f"{rule.code}.pdf",
                content_type="application/pdf",
                size=1000,
                sha256="ab" * 32,
                object_name=f"{draft.id}/{rule.code}",
                now=START,
            )
    return token


async def send(desk: Desk, token: str, values: dict[str, str]) -> Sent | Refused | AlreadySent:
    draft = await applying.open_draft(desk, token)
    assert draft is not None
    checked, errors = validate_form({**values, "email": draft.email}, desk.profiles[draft.lpse])
    return await applying.send_form(desk, token, draft, values, checked, errors)


def both_pass_the_check_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first two duplicate checks run for real, then wait for each other: both have seen nothing before
    either inserts, as when two LPSEs' forms are sent at the same moment."""
    real = db.find_duplicate
    barrier, calls = asyncio.Barrier(2), itertools.count()

    async def check_then_wait(conn: asyncpg.Connection, **keys: str | None) -> Any:
        found = await real(conn, **keys)
        if next(calls) < 2:
            await asyncio.wait_for(barrier.wait(), timeout=10)
        return found

    monkeypatch.setattr(db, "find_duplicate", check_then_wait)


async def stored(desk: Desk) -> tuple[list[str], list[str], int]:
    """The applications' LPSEs, the submitted facts' LPSEs and the submit audit rows."""
    async with desk.pool.acquire() as conn:
        applications = [r["lpse"] for r in await conn.fetch("SELECT lpse FROM applications")]
        facts = await conn.fetch("SELECT payload FROM outbox WHERE subject LIKE '%application.submitted%'")
        audits = await conn.fetchval("SELECT count(*) FROM audit_log WHERE action = 'submit'")
    return applications, [json.loads(f["payload"])["lpse"] for f in facts], int(audits)


# Two applicants, one in Depok and one in Banjarmasin, sharing exactly one of NPWP, NIB and email (case aside).
SAME_NPWP = (
    ("depok", "direktur@majujaya.co.id", form("PT Maju Jaya", "01.234.567.8-901.000", "1234567890123")),
    ("banjarmasin", "direktur@sumberrejeki.co.id", form("PT Sumber Rejeki", "012345678901000", "9876543210987")),
    "npwp",
    NPWP_TAKEN,
)
SAME_NIB = (
    ("depok", "direktur@majujaya.co.id", form("PT Maju Jaya", "012345678901000", "1234567890123")),
    ("banjarmasin", "direktur@sumberrejeki.co.id", form("PT Sumber Rejeki", "098765432109000", "1234567890123")),
    "nib",
    NIB_TAKEN,
)
SAME_EMAIL = (
    ("depok", "direktur@majujaya.co.id", form("PT Maju Jaya", "012345678901000", "1234567890123")),
    ("banjarmasin", "Direktur@MajuJaya.co.id", form("PT Maju Jaya Kalsel", "098765432109000", "9876543210987")),
    "email",
    EMAIL_TAKEN,
)
CLASHES = pytest.mark.parametrize(
    ("first", "second", "field", "message"), [SAME_NPWP, SAME_NIB, SAME_EMAIL], ids=["npwp", "nib", "email"]
)
Applicant = tuple[str, str, dict[str, str]]


@CLASHES
async def test_a_second_lpse_refuses_what_the_first_already_holds(
    desk: Desk, first: Applicant, second: Applicant, field: str, message: str
) -> None:
    (lpse_a, email_a, values_a), (lpse_b, email_b, values_b) = first, second
    token_a = await ready_draft(desk, lpse_a, email_a, values_a)
    token_b = await ready_draft(desk, lpse_b, email_b, values_b)  # both drafts exist before anything is sent
    assert isinstance(await send(desk, token_a, values_a), Sent)
    refused = await send(desk, token_b, values_b)
    assert refused == Refused({field: message.format(lpse="LPSE Kota Depok")})
    assert await stored(desk) == (["depok"], ["depok"], 1)


@CLASHES
async def test_two_lpses_sending_at_the_same_moment_make_one_application(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, first: Applicant, second: Applicant, field: str, message: str
) -> None:
    (lpse_a, email_a, values_a), (lpse_b, email_b, values_b) = first, second
    token_a = await ready_draft(desk, lpse_a, email_a, values_a)
    token_b = await ready_draft(desk, lpse_b, email_b, values_b)
    both_pass_the_check_first(monkeypatch)
    outcomes = await asyncio.gather(send(desk, token_a, values_a), send(desk, token_b, values_b))
    assert sorted(type(o).__name__ for o in outcomes) == ["Refused", "Sent"]
    winner = lpse_a if isinstance(outcomes[0], Sent) else lpse_b
    refused = next(o for o in outcomes if isinstance(o, Refused))
    assert refused.errors == {field: message.format(lpse=LPSE_NAMES[winner])}, "the same refusal as the check's"
    assert await stored(desk) == ([winner], [winner], 1), "one application, one fact, one audit row"
    async with desk.pool.acquire() as conn:
        unsent = await conn.fetchval("SELECT count(*) FROM drafts WHERE application_id IS NULL")
    assert unsent == 1, "the refused draft stays a draft, to be corrected"


async def test_a_rejected_application_no_longer_holds_its_npwp(desk: Desk) -> None:
    (lpse_a, email_a, values_a), (lpse_b, email_b, values_b), _, _ = SAME_NPWP
    token_a = await ready_draft(desk, lpse_a, email_a, values_a)
    token_b = await ready_draft(desk, lpse_b, email_b, values_b)
    assert isinstance(await send(desk, token_a, values_a), Sent)
    async with desk.pool.acquire() as conn:
        await conn.execute("UPDATE applications SET status = 'rejected'")
    assert isinstance(await send(desk, token_b, values_b), Sent)
    assert sorted((await stored(desk))[0]) == ["banjarmasin", "depok"]


async def test_a_reference_already_taken_is_drawn_again(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two providers of one LPSE and month whose random references clash: the second is drawn again, not refused."""
    first = ("depok", "direktur@majujaya.co.id", form("PT Maju Jaya", "012345678901000", "1234567890123"))
    second = ("depok", "direktur@sumberrejeki.co.id", form("PT Sumber Rejeki", "098765432109000", "9876543210987"))
    draws = iter(["DPK-2612-AAAAAA", "DPK-2612-AAAAAA", "DPK-2612-BBBBBB"])
    monkeypatch.setattr(applying, "new_reference", lambda *args, **kwargs: next(draws))
    tokens = [await ready_draft(desk, lpse, email, values) for lpse, email, values in (first, second)]
    assert isinstance(await send(desk, tokens[0], first[2]), Sent)
    assert isinstance(await send(desk, tokens[1], second[2]), Sent)
    async with desk.pool.acquire() as conn:
        references = sorted(r["reference"] for r in await conn.fetch("SELECT reference FROM applications"))
        facts = await conn.fetchval("SELECT count(*) FROM outbox WHERE subject LIKE '%application.submitted%'")
    assert references == ["DPK-2612-AAAAAA", "DPK-2612-BBBBBB"]
    assert facts == 2, "one fact per application, none for the clashing draw"
