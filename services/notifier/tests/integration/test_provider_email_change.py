"""An approved email change of a provider's account writes once to the old address and once to the new one, even
when the fact comes again (redelivered, or announced again under a new event id); the proof of a new address goes
to that address alone (real JetStream, PostgreSQL and SMTP)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from nats.aio.client import Client

from contracts.envelope import Actor
from contracts.provider_account import EmailProofRequestedV1, FieldChange, ProviderAccountChangedV1
from devstack.processes import free_port
from lpse_runtime.sealing import LinkBox
from lpse_runtime.settings import LinkSealing
from notifier.app import create_app
from notifier.settings import Settings
from tests.support import AcceptingMailServer, Infra, eventually, reset_schema, unique_email

pytestmark = pytest.mark.integration
NOW = datetime.now(UTC)
DURABLE = "notifier-from-verification"


def account(email: str) -> dict[str, object]:
    provider_id = uuid.uuid4()
    return {
        "occurred_at": NOW,
        "lpse": "banjarmasin",
        "correlation_id": provider_id,
        "actor": Actor.system("verification"),
        "provider_id": provider_id,
        "user_id": "SINAR0001",
        "company_name": "CV Sinar Jaya",
        "email": email,
        "director_name": "Siti Rahmawati",
    }


async def test_an_email_change_writes_once_to_each_address_and_the_proof_to_the_new_one(
    infra: Infra, nc: Client
) -> None:
    url = await reset_schema(infra, "notifier")
    port, server = free_port(), AcceptingMailServer()
    settings = Settings(
        database_url=url, nats_url=infra.nats_url, smtp_url=f"smtp://127.0.0.1:{port}", sender_poll_seconds=0.05
    )
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    old, new, proving = unique_email("lama"), unique_email("baru"), unique_email("bukti")
    changed = ProviderAccountChangedV1(
        **account(new),
        request_id=uuid.uuid4(),
        reference="PRM-BJM-2612-A1B2C3",
        kind="email",
        changes=(FieldChange(field="email", label="Alamat email", before=old, after=new),),
        previous_email=old,
        aggregated=False,
    )
    reannounced = changed.model_copy(update={"event_id": uuid.uuid4()})
    box = LinkBox(LinkSealing().link_secret)
    proof = EmailProofRequestedV1(
        **account(unique_email("alamat-lama")),
        request_id=uuid.uuid4(),
        reference="PRM-BJM-2612-D4E5F6",
        kind="email",
        service_id="BJM-2",
        status_url=box.seal("https://lpse.contoh.go.id/akun/permohonan/PRM-BJM-2612-D4E5F6"),
        new_email=proving,
        proof_url=box.seal("https://lpse.contoh.go.id/akun/email/BuktiRahasia"),
        expires_at=NOW + timedelta(hours=24),
    )
    js = nc.jetstream()
    try:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            pool = app.state.runtime.pool
            await js.publish(changed.subject, changed.model_dump_json().encode())
            # the same fact again under another message id, so the stream keeps it: the inbox holds
            await js.publish(changed.subject, changed.model_dump_json().encode(), headers={"Nats-Msg-Id": "lagi"})
            # the same change under a new event id: the inbox lets it in, the delivery key holds
            await js.publish(reannounced.subject, reannounced.model_dump_json().encode())
            await js.publish(proof.subject, proof.model_dump_json().encode())

            async def all_handled_and_sent() -> bool:
                info = await js.consumer_info("VERIFICATION", DURABLE)
                sent = await pool.fetchval("SELECT count(*) FROM deliveries WHERE status = 'delivered'")
                return bool(info.num_pending == 0 and info.num_ack_pending == 0 and sent >= 3)

            await eventually(all_handled_and_sent, timeout=20, what="four facts handled and their emails sent")
            rows = await pool.fetch("SELECT template, recipient, subject, status FROM deliveries")
    finally:
        controller.stop()
    assert sorted(server.recipients) == sorted([old, new, proving]), "one email to each address, none twice"
    assert sorted((r["template"], r["recipient"], r["subject"], r["status"]) for r in rows) == sorted(
        [
            ("provider_email_changed_old", old, "Alamat email akun SINAR0001 telah diubah", "delivered"),
            ("provider_email_changed_new", new, "Alamat email baru akun SINAR0001 aktif", "delivered"),
            ("provider_email_proof", proving, "Konfirmasi alamat email baru untuk akun SINAR0001", "delivered"),
        ]
    )
