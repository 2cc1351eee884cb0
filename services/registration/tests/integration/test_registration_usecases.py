"""Registration's use cases over real PostgreSQL and JetStream: each decision stored whole, once, or not at all."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from contracts.envelope import Actor
from contracts.verification import CaseClaimedV1, CaseReturnedV1
from lpse_runtime.clock import SettableClock
from lpse_runtime.consumer import PermanentError
from lpse_runtime.sealing import link_box
from lpse_runtime.service import ServiceRuntime
from registration import db
from registration.form import EmailProof, validate_form
from registration.settings import Settings
from registration.usecases import applying
from registration.usecases.applying import AlreadySent, Refused, Sent
from registration.usecases.desk import Desk
from registration.usecases.following import follow_case
from tests.support import Infra, reset_schema

pytestmark = pytest.mark.integration
START = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # 09.00 WIB
FORM = {
    "provider_type": "badan_usaha_pt",
    "company_name": "PT Maju Jaya",
    "npwp": "01.234.567.8-901.000",
    "nib": "1234567890123",
    "director_name": "Budi Santoso",
    "director_nik": "3276012345678901",
}
# Depok's standard (DPK-1a, Badan Usaha) asks these of a PT brought by its director; the PKP only "jika ada".
DEPOK_PT_DOCUMENTS = (
    "surat_pernyataan_kebenaran_dokumen",
    "ktp",
    "npwp_perusahaan",
    "nib",
    "akta_pendirian_perubahan",
    "surat_keterangan_terdaftar",
)
VERIFIER = Actor(id="verif.depok", role="verifikator")


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


async def outbox(desk: Desk, subject_part: str) -> list[dict[str, Any]]:
    """The facts waiting in the outbox whose subject contains this part."""
    async with desk.pool.acquire() as conn:
        rows = await conn.fetch("SELECT payload FROM outbox WHERE subject LIKE $1 ORDER BY id", f"%{subject_part}%")
    return [json.loads(r["payload"]) for r in rows]


async def count(desk: Desk, sql: str) -> int:
    async with desk.pool.acquire() as conn:
        return int(await conn.fetchval(sql))


async def proven_draft(desk: Desk, email: str) -> str:
    """Ask for the email proof and return the token of the link it sends."""
    assert await applying.ask_email_proof(desk, desk.profiles["depok"], EmailProof(email=email)) is None
    sealed = str((await outbox(desk, "email.verification_requested"))[-1]["draft_url"])
    assert "/daftar/draf/" not in sealed, "the fact carries the link sealed for the notifier"
    return link_box(desk.runtime.settings).open(sealed).rsplit("/", 1)[1]


async def upload_rows(desk: Desk, draft_id: uuid.UUID) -> None:
    """The mandatory documents, as recorded after their upload (the bucket plays no part in sending the form)."""
    async with desk.pool.acquire() as conn:
        for code in DEPOK_PT_DOCUMENTS:
            await db.upsert_document(
                conn,
                draft_id=draft_id,
                code=code,
                filename=f"{code}.pdf",
                content_type="application/pdf",
                size=1000,
                sha256=code.encode().hex().ljust(64, "0")[:64],
                object_name=f"{draft_id}/{code}",
                now=START,
            )


async def send(desk: Desk, token: str) -> Sent | Refused | AlreadySent:
    draft = await applying.open_draft(desk, token)
    assert draft is not None
    form, errors = validate_form({**FORM, "email": draft.email}, desk.profiles["depok"])
    return await applying.send_form(desk, token, draft, FORM, form, errors)


async def test_two_clicks_on_send_make_one_application_one_fact_and_one_audit_row(desk: Desk) -> None:
    token = await proven_draft(desk, "direktur@majujaya.co.id")
    draft = await applying.open_draft(desk, token)
    assert draft is not None
    await upload_rows(desk, draft.id)
    outcomes = await asyncio.gather(send(desk, token), send(desk, token))
    assert sorted(type(o).__name__ for o in outcomes) == ["AlreadySent", "Sent"]
    assert await count(desk, "SELECT count(*) FROM applications") == 1
    (fact,) = await outbox(desk, "application.submitted")
    assert fact["npwp"] == "012345678901000" and [d["code"] for d in fact["documents"]] == list(DEPOK_PT_DOCUMENTS)
    assert await count(desk, "SELECT count(*) FROM audit_log WHERE action = 'submit' AND after = 'submitted'") == 1
    sent = next(o for o in outcomes if isinstance(o, Sent))
    assert await applying.status_of(desk, sent.status_token) is not None, "the status link opens the application"


async def test_a_form_missing_a_document_is_refused_and_only_what_was_typed_is_kept(desk: Desk) -> None:
    token = await proven_draft(desk, "direktur@tanpaktp.co.id")
    outcome = await send(desk, token)
    assert isinstance(outcome, Refused)
    assert outcome.errors == {
        "doc_surat_pernyataan_kebenaran_dokumen": "Unggah Surat Pernyataan Kebenaran Dokumen (Bermaterai).",
        "doc_ktp": "Unggah KTP Direktur/Pemilik Usaha.",
        "doc_npwp_perusahaan": "Unggah NPWP Perusahaan.",
        "doc_nib": "Unggah NIB yang dikeluarkan oleh OSS.",
        "doc_akta_pendirian_perubahan": "Unggah Akta Pendirian dan akta perubahan perusahaan, beserta Pengesahannya "
        "dengan Keputusan Menteri Hukum dan HAM.",
        "doc_surat_keterangan_terdaftar": "Unggah Surat Keterangan Terdaftar dari Kantor Pajak.",
    }
    assert await count(desk, "SELECT count(*) FROM applications") == 0
    assert await outbox(desk, "application.submitted") == []
    assert await count(desk, "SELECT count(*) FROM audit_log") == 0
    draft = await applying.open_draft(desk, token)
    assert draft is not None and draft.fields == FORM, "the draft keeps what was typed for the next try"


async def test_an_address_already_registered_gets_no_second_draft_and_no_email(desk: Desk) -> None:
    token = await proven_draft(desk, "direktur@majujaya.co.id")
    draft = await applying.open_draft(desk, token)
    assert draft is not None
    await upload_rows(desk, draft.id)
    assert isinstance(await send(desk, token), Sent)
    refused = await applying.ask_email_proof(desk, desk.profiles["depok"], EmailProof(email="Direktur@majujaya.co.id"))
    assert refused == "Email ini sudah dipakai untuk pendaftaran di LPSE Kota Depok."
    assert await count(desk, "SELECT count(*) FROM drafts") == 1
    assert len(await outbox(desk, "email.verification_requested")) == 1


async def test_a_return_keeps_its_step_documents_and_audit_row_together_and_a_replayed_claim_changes_nothing(
    desk: Desk,
) -> None:
    token = await proven_draft(desk, "direktur@majujaya.co.id")
    draft = await applying.open_draft(desk, token)
    assert draft is not None
    await upload_rows(desk, draft.id)
    sent = await send(desk, token)
    assert isinstance(sent, Sent)
    found = await applying.status_of(desk, sent.status_token)
    assert found is not None
    application_id = found[0]["id"]
    case = {
        "lpse": "depok",
        "correlation_id": application_id,
        "actor": VERIFIER,
        "case_id": uuid.uuid4(),
        "application_id": application_id,
        "reference": found[0]["reference"],
        "applicant_email": "direktur@majujaya.co.id",
        "status_url": "http://x/daftar/status/t",
        "verifier_id": "verif.depok",
    }
    claimed = CaseClaimedV1(**case, occurred_at=START)
    returned = CaseReturnedV1(**case, occurred_at=START, reason="KTP tidak terbaca", items=("ktp",))

    async def apply(fact: CaseClaimedV1 | CaseReturnedV1) -> None:
        async with desk.pool.acquire() as conn, conn.transaction():  # as the inbox handler's transaction
            await follow_case(fact, conn)

    await apply(claimed)
    await apply(returned)
    await apply(claimed)  # a replayed dead letter the application has moved past
    application, history = await applying.status_of(desk, sent.status_token) or (None, [])
    assert application is not None and application["status"] == "returned"
    assert json.loads(application["returned_items"]) == ["ktp"] and application["due_at"] is None
    assert [(s["status"], s["note"]) for s in history] == [
        ("submitted", None),
        ("in_verification", "Berkas sedang diperiksa oleh verifikator."),
        ("returned", "Berkas dikembalikan: KTP tidak terbaca"),
    ]
    async with desk.pool.acquire() as conn:
        audit = await conn.fetch("SELECT action, before, after, reason FROM audit_log ORDER BY id")
    assert [tuple(r) for r in audit] == [
        ("submit", None, "submitted", None),
        ("verification_started", "submitted", "in_verification", f"event {claimed.event_id}"),
        ("documents_returned", "in_verification", "returned", f"event {returned.event_id}"),
    ]


async def test_a_fact_about_an_unknown_application_is_permanent(desk: Desk) -> None:
    unknown = uuid.uuid4()
    fact = CaseClaimedV1(
        lpse="depok",
        occurred_at=START,
        correlation_id=unknown,
        actor=VERIFIER,
        case_id=uuid.uuid4(),
        application_id=unknown,
        reference="DPK-2612-ZZZZZZ",
        applicant_email="x@contoh.co.id",
        status_url="http://x/daftar/status/t",
        verifier_id="verif.depok",
    )
    async with desk.pool.acquire() as conn:
        with pytest.raises(PermanentError):
            await follow_case(fact, conn)
