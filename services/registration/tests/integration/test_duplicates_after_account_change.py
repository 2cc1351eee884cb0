"""One provider, one account, also after the account changed: once verification announces an approved change
(`account.changed`), a new registration with the NEW NPWP or email is refused naming the LPSE that holds it, one
with the OLD values is accepted, and the status page of the activated application shows the account as it is now
(real JetStream and PostgreSQL; the facts come through registration's durable, one of them twice)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.envelope import Actor, Event
from contracts.provider_account import FieldChange, ProviderAccountChangedV1
from contracts.verification import AccountActivatedV1, CaseClaimedV1
from lpse_runtime.clock import SettableClock
from lpse_runtime.sealing import link_box
from registration import db
from registration.app import create_app
from registration.form import EmailProof, asked_documents, validate_form
from registration.settings import Settings
from registration.usecases import applying
from registration.usecases.applying import AlreadySent, Refused, Sent
from registration.usecases.desk import Desk
from tests.support import Infra, SiteClient, eventually, reset_schema

pytestmark = pytest.mark.integration
START = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
OLD_EMAIL, NEW_EMAIL = "direktur@sinarjaya.co.id", "keuangan@sinarjaya-baru.co.id"
OLD_NPWP, NEW_NPWP = "012345678901000", "098765432109000"
NPWP_TAKEN = "NPWP ini sudah terdaftar atau sedang diajukan di LPSE Kota Depok. Satu penyedia satu akun."
EMAIL_TAKEN = "Email ini sudah dipakai untuk pendaftaran di LPSE Kota Depok."
DURABLE = "registration-from-verification"


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    url = await reset_schema(infra, "registration")
    built = create_app(Settings(database_url=url, nats_url=infra.nats_url), clock=SettableClock(START))
    runtime = built.state.runtime
    await runtime.start(relay=False)  # the outbox rows stay where the decisions put them; the consumer runs
    try:
        yield built
    finally:
        await runtime.stop()


def form(company: str, npwp: str, nib: str, provider_type: str = "badan_usaha_cv") -> dict[str, str]:
    return {
        "provider_type": provider_type,
        "company_name": company,
        "npwp": npwp,
        "nib": nib,
        "director_name": "Siti Rahmawati",
        "director_nik": "3276012345678901",
    }


async def ready_draft(desk: Desk, lpse: str, email: str, values: dict[str, str]) -> str:
    """A proven draft with every document its standard asks recorded; the token of its link."""
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


async def publish(nc: Client, *facts: Event, again: bool = False) -> None:
    js = nc.jetstream()
    for fact in facts:
        await js.publish(fact.subject, fact.model_dump_json().encode())
        if again:  # the same fact under another message id, so the stream keeps it: the inbox holds
            await js.publish(
                fact.subject, fact.model_dump_json().encode(), headers={"Nats-Msg-Id": f"{fact.event_id}-2"}
            )


async def drained(nc: Client) -> bool:
    info = await nc.jetstream().consumer_info("VERIFICATION", DURABLE)
    return bool(info.num_pending == 0 and info.num_ack_pending == 0)


def change(
    provider_id: uuid.UUID, email: str, kind: str, changes: tuple[FieldChange, ...], **more: Any
) -> ProviderAccountChangedV1:
    return ProviderAccountChangedV1(
        occurred_at=START,
        lpse="depok",
        correlation_id=provider_id,
        actor=Actor(id="rina.depok", role="verifikator"),
        provider_id=provider_id,
        user_id="SINAR0001",
        email=email,
        director_name="Siti Rahmawati",
        request_id=uuid.uuid4(),
        reference=f"PRM-DPK-2612-{kind[:6].upper():0<6}",
        kind=kind,
        changes=changes,
        aggregated=False,
        **{"company_name": "CV Sinar Jaya", **more},
    )


async def test_after_a_change_the_new_npwp_and_email_are_refused_and_the_old_accepted(app: FastAPI, nc: Client) -> None:
    desk = Desk(app.state.runtime)
    sinar = form("CV Sinar Jaya", OLD_NPWP, "1234567890123")
    sent = await send(desk, await ready_draft(desk, "depok", OLD_EMAIL, sinar), sinar)
    assert isinstance(sent, Sent)
    async with desk.pool.acquire() as conn:
        application_id = await conn.fetchval("SELECT id FROM applications")
    case: dict[str, Any] = {
        "occurred_at": START,
        "lpse": "depok",
        "correlation_id": application_id,
        "actor": Actor(id="rina.depok", role="verifikator"),
        "case_id": uuid.uuid4(),
        "application_id": application_id,
        "reference": "DPK-2612-SINAR1",
        "applicant_email": OLD_EMAIL,
        "status_url": "tersegel",
    }
    provider_id = uuid.uuid4()
    await publish(
        nc,
        CaseClaimedV1(**case, verifier_id="rina.depok"),
        AccountActivatedV1(
            **case,
            provider_id=provider_id,
            user_id="SINAR0001",
            set_password_url="tersegel",
            set_password_expires_at=START,
        ),
    )

    async def activated() -> bool:
        return bool(await desk.pool.fetchval("SELECT user_id FROM applications") == "SINAR0001")

    await eventually(activated, what="the application activated as SINAR0001")

    # before the change: the old values are held, the new ones free
    other = form("CV Sinar Jaya Kalsel", OLD_NPWP, "9876543210987")
    other_token = await ready_draft(desk, "banjarmasin", "direktur@lain.co.id", other)
    assert await send(desk, other_token, other) == Refused({"npwp": NPWP_TAKEN})

    await publish(
        nc,
        change(
            provider_id,
            NEW_EMAIL,
            "email",
            (FieldChange(field="email", label="Alamat email", before=OLD_EMAIL, after=NEW_EMAIL),),
            previous_email=OLD_EMAIL,
        ),
        change(
            provider_id,
            NEW_EMAIL,
            "npwp",
            (FieldChange(field="npwp", label="NPWP", before="01.***.***.*-***.000", after="09.***.***.*-***.000"),),
            npwp=NEW_NPWP,
        ),
        change(
            provider_id,
            NEW_EMAIL,
            "status_badan_usaha",
            (
                FieldChange(field="provider_type", label="Jenis penyedia", before="CV", after="PT"),
                FieldChange(
                    field="company_name", label="Nama perusahaan", before="CV Sinar Jaya", after="PT Sinar Jaya"
                ),
            ),
            provider_type="badan_usaha_pt",
            company_name="PT Sinar Jaya",
        ),
        again=True,
    )

    async def changed() -> bool:
        row = await desk.pool.fetchrow(
            "SELECT npwp, email, company_name FROM applications WHERE id = $1", application_id
        )
        return tuple(row) == (NEW_NPWP, NEW_EMAIL, "PT Sinar Jaya") and await drained(nc)

    await eventually(changed, what="the application's copy of the account changed")
    row = await desk.pool.fetchrow("SELECT * FROM applications WHERE id = $1", application_id)
    assert (row["provider_type"], row["status"], row["user_id"]) == ("badan_usaha_pt", "active", "SINAR0001")
    notes = [r["note"] for r in await desk.pool.fetch("SELECT note FROM application_steps ORDER BY id")]
    assert notes[-3:] == [
        "Data akun diubah sesuai permohonan PRM-DPK-2612-EMAIL0: Alamat email.",
        "Data akun diubah sesuai permohonan PRM-DPK-2612-NPWP00: NPWP.",
        "Data akun diubah sesuai permohonan PRM-DPK-2612-STATUS: Jenis penyedia, Nama perusahaan.",
    ], "each change listed once, though each came twice"

    # after the change: the new NPWP and email are refused naming Depok, in any LPSE
    with_new_npwp = form("CV Lain", NEW_NPWP, "5555555555555")
    token = await ready_draft(desk, "banjarmasin", "direktur@cvlain.co.id", with_new_npwp)
    assert await send(desk, token, with_new_npwp) == Refused({"npwp": NPWP_TAKEN})
    assert (
        await applying.ask_email_proof(desk, desk.profiles["banjarmasin"], EmailProof(email=NEW_EMAIL)) == EMAIL_TAKEN
    )
    # and the old ones are free again: the draft refused before is accepted now, and the old address may register
    assert isinstance(await send(desk, other_token, other), Sent)
    assert await applying.ask_email_proof(desk, desk.profiles["magelang"], EmailProof(email=OLD_EMAIL)) is None

    # the status page of the activated application shows the account as it is now
    async with SiteClient(transport=httpx.ASGITransport(app=app), base_url="http://registration") as client:
        page = (await client.get(f"/daftar/status/{sent.status_token}")).text
    assert "PT Sinar Jaya" in page and NEW_NPWP in page and NEW_EMAIL in page
    assert OLD_NPWP not in page and "CV Sinar Jaya" not in page.replace("PT Sinar Jaya", "")
