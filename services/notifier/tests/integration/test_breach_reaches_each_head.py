"""A missed deadline reaches every active head of the LPSE with an official email, once each, even when the fact
comes again; an LPSE whose heads have none gets one failed delivery saying so on `/notifier/` (real JetStream,
PostgreSQL and SMTP; the heads come from identity's directory)."""

from __future__ import annotations

import email as email_parser
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from nats.aio.client import Client

from contracts.complaints import ComplaintDeadlineBreachedV1
from contracts.envelope import Actor, Event
from contracts.helpdesk import TicketCategory, TicketClaimedV1, TicketDeadlineBreachedV1, TicketRepliedV1
from contracts.verification import CaseDeadlineBreachedV1
from devstack.processes import free_port
from identity.seed import seed_staff
from lpse_runtime.sealing import LinkBox
from lpse_runtime.settings import LinkSealing
from lpse_runtime.staff import SESSION_COOKIE
from notifier.app import create_app
from notifier.settings import Settings
from tests.support import Infra, SiteClient, eventually, reset_identity, reset_schema, staff_session

pytestmark = pytest.mark.integration
NOW = datetime.now(UTC)
HEADS: list[dict[str, Any]] = [
    {"username": "kepala.depok", "email": "kepala.depok@contoh.go.id", "role": "kepala_lpse", "lpse": "depok"},
    {"username": "wakil.depok", "email": "wakil.depok@contoh.go.id", "role": "kepala_lpse", "lpse": "depok"},
    # a verifier with an address is no head; the head of Magelang has no address on record
    {"username": "rina.depok", "email": "rina.depok@contoh.go.id", "role": "verifikator", "lpse": "depok"},
    {"username": "kepala.magelang", "role": "kepala_lpse", "lpse": "magelang"},
]


@dataclass
class Mailbox:
    """A mail server that accepts everything and keeps each message with its recipients."""

    received: list[tuple[list[str], Message]] = field(default_factory=list)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        raw = envelope.content if isinstance(envelope.content, bytes) else b""
        self.received.append((list(envelope.rcpt_tos), email_parser.message_from_bytes(raw)))
        return "250 OK"


def breach(lpse: str, reference: str) -> CaseDeadlineBreachedV1:
    case_id = uuid.uuid4()
    return CaseDeadlineBreachedV1(
        occurred_at=NOW,
        lpse=lpse,
        correlation_id=case_id,
        actor=Actor.system("verification"),
        case_id=case_id,
        reference=reference,
        clock="verifikasi",
        clock_label="Verifikasi berkas",
        due_at=NOW - timedelta(hours=1),
    )


async def test_a_breach_reaches_each_head_with_an_email_once_and_none_says_so(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    identity_url = await reset_identity(infra, "notifier")
    seeded = [{"password": "sandi-uji-2026", "name": h["username"], "full_name": h["username"], **h} for h in HEADS]
    await seed_staff(identity_url, seeded, now=NOW)
    cookie = await staff_session(infra, "auditor.magelang", [("auditor", "magelang")], now=NOW)
    port, mailbox = free_port(), Mailbox()
    settings = Settings(
        database_url=url,
        nats_url=infra.nats_url,
        smtp_url=f"smtp://127.0.0.1:{port}",
        sender_poll_seconds=0.05,
        public_base_url="https://lpse.contoh.go.id",
    )
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    js = nc.jetstream()
    try:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            pool = app.state.runtime.pool
            depok, magelang = breach("depok", "DPK-2612-ABCDEF"), breach("magelang", "MGL-2612-ABCDEF")
            await js.publish(depok.subject, depok.model_dump_json().encode())
            await js.publish(magelang.subject, magelang.model_dump_json().encode())
            # the same fact again under another message id, so the stream keeps it: the inbox and the delivery key hold
            await js.publish(depok.subject, depok.model_dump_json().encode(), headers={"Nats-Msg-Id": "lagi"})

            async def both_heads_mailed() -> bool:
                return len(mailbox.received) >= 2

            await eventually(both_heads_mailed, what="the breach email to both heads of Depok")
            failed = await pool.fetchrow("SELECT * FROM deliveries WHERE lpse = 'magelang'")

            async def consumed() -> bool:
                info = await js.consumer_info("VERIFICATION", "notifier-from-verification")
                return bool(info.num_pending == 0 and info.num_ack_pending == 0)

            await eventually(consumed, what="the three messages handled")
            rows = await pool.fetch("SELECT recipient, status, language FROM deliveries WHERE lpse = 'depok'")
            assert sorted((r["recipient"], r["status"], r["language"]) for r in rows) == [
                ("kepala.depok@contoh.go.id", "delivered", "id"),
                ("wakil.depok@contoh.go.id", "delivered", "id"),
            ]
            assert sorted(to for rcpt, _ in mailbox.received for to in rcpt) == [
                "kepala.depok@contoh.go.id",
                "wakil.depok@contoh.go.id",
            ], "one email per head, none to the verifier, none twice"
            for _, message in mailbox.received:
                assert message["Subject"] == "Tenggat permohonan DPK-2612-ABCDEF terlewati"
                assert message["Content-Language"] == "id"
                text = message.get_payload(0).get_payload(decode=True).decode()  # type: ignore[union-attr]
                assert f"https://lpse.contoh.go.id/staf/kasus/{depok.case_id}" in text

            assert failed is not None
            assert (failed["recipient"], failed["status"], failed["last_error"], failed["message_id"]) == (
                "Kepala LPSE",
                "technical_failure",
                "Kepala LPSE belum mencatat email",
                "",
            )
            async with SiteClient(
                transport=httpx.ASGITransport(app=app), base_url="http://notifier", cookies={SESSION_COOKIE: cookie}
            ) as auditor:
                page = (await auditor.get("/notifier/")).text
                # A status the filter does not offer (here with a NUL, which PostgreSQL text refuses) lists every
                # delivery, as no filter does, instead of failing.
                junk = await auditor.get("/notifier/", params={"status": "f\x00\x95"})
            assert "Kepala LPSE belum mencatat email" in page and "Tenggat permohonan MGL-2612-ABCDEF terlewati" in page
            assert junk.status_code == 200 and "Tenggat permohonan MGL-2612-ABCDEF terlewati" in junk.text
            assert "kirim-ulang" not in page, "nothing was built, so there is nothing to resend"
    finally:
        controller.stop()


def sealed(url: str) -> str:
    """A private link sealed as the helpdesk seals it, under the key a test's notifier holds when none is set."""
    return LinkBox(LinkSealing().link_secret).seal(url)


async def test_the_helpdesk_durable_writes_to_the_reporter_and_to_the_heads(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    identity_url = await reset_identity(infra, "notifier")
    seeded = [{"password": "sandi-uji-2026", "name": h["username"], "full_name": h["username"], **h} for h in HEADS]
    await seed_staff(identity_url, seeded, now=NOW)
    port, mailbox = free_port(), Mailbox()
    settings = Settings(
        database_url=url, nats_url=infra.nats_url, smtp_url=f"smtp://127.0.0.1:{port}", sender_poll_seconds=0.05
    )
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    ticket_id, complaint_id = uuid.uuid4(), uuid.uuid4()
    ticket: dict[str, Any] = {
        "occurred_at": NOW,
        "lpse": "depok",
        "correlation_id": ticket_id,
        "actor": Actor(id="helpdesk.depok", role="helpdesk"),
        "ticket_id": ticket_id,
        "reference": "HD-DPK-2612-0001",
        "category": TicketCategory.SPSE_PROBLEM,
        "level": "helpdesk",
        "reporter_email": "pelapor@contoh.co.id",
        "language": "en",
        "status_url": sealed("http://127.0.0.1/helpdesk/tiket/rahasia"),
    }
    facts: list[Event] = [
        TicketClaimedV1(**ticket, staff_id="helpdesk.depok", level_label="Helpdesk"),
        TicketRepliedV1(**ticket, message_id=uuid.uuid4(), by="pelapor"),  # the reporter's own: no email
        TicketDeadlineBreachedV1(**ticket, clock="penanganan", clock_label="1 × 24 jam", due_at=NOW),
        ComplaintDeadlineBreachedV1(
            occurred_at=NOW,
            lpse="magelang",
            correlation_id=complaint_id,
            actor=Actor.system("helpdesk"),
            complaint_id=complaint_id,
            reference="PGD-MGL-2612-0001",
            service_id="MGL-M",
            status_url=sealed("http://127.0.0.1/helpdesk/pengaduan/rahasia"),
            clock="respon",
            clock_label="Respon pengaduan",
            due_at=NOW,
        ),
    ]
    js = nc.jetstream()
    try:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            pool = app.state.runtime.pool
            for fact in facts:
                await js.publish(fact.subject, fact.model_dump_json().encode())

            async def handled() -> bool:
                info = await js.consumer_info("HELPDESK", "notifier-from-helpdesk")
                sent = await pool.fetchval("SELECT count(*) FROM deliveries WHERE status = 'delivered'")
                return bool(info.num_pending == 0 and info.num_ack_pending == 0 and sent == 3)

            await eventually(handled, what="the four helpdesk facts handled and three emails sent")
            rows = await pool.fetch("SELECT template, recipient, language, status, subject FROM deliveries")
    finally:
        controller.stop()
    assert sorted((r["template"], r["recipient"], r["language"], r["status"], r["subject"]) for r in rows) == [
        (
            "complaint_deadline_breached",
            "Kepala LPSE",
            "id",
            "technical_failure",
            "Tenggat pengaduan PGD-MGL-2612-0001 terlewati",
        ),
        ("ticket_claimed", "pelapor@contoh.co.id", "en", "delivered", "Report HD-DPK-2612-0001 is being handled"),
        (
            "ticket_deadline_breached",
            "kepala.depok@contoh.go.id",
            "id",
            "delivered",
            "Tenggat tiket HD-DPK-2612-0001 terlewati",
        ),
        (
            "ticket_deadline_breached",
            "wakil.depok@contoh.go.id",
            "id",
            "delivered",
            "Tenggat tiket HD-DPK-2612-0001 terlewati",
        ),
    ]
