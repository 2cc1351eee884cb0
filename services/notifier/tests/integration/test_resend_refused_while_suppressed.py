"""Staff cannot resend an email to an address on the suppression list; once they lift it, the resend goes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from nats.aio.client import Client

from devstack.processes import free_port
from lpse_runtime.staff import SESSION_COOKIE
from notifier.app import create_app
from notifier.settings import Settings
from tests.support import (
    Infra,
    SiteClient,
    application_submitted,
    eventually,
    reset_identity,
    reset_schema,
    staff_session,
    unique_email,
)

pytestmark = pytest.mark.integration
REFUSED_WHILE_BLOCKED = "Alamat ada di daftar blokir; hapus dari daftar blokir sebelum mengirim ulang."


@dataclass
class Mailbox:
    """A mail server that refuses the addresses in `refuse` for good and keeps what it accepts."""

    refuse: set[str] = field(default_factory=set)
    tried: list[str] = field(default_factory=list)
    accepted: list[bytes] = field(default_factory=list)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        self.tried.append(address)
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        self.accepted.append(envelope.original_content or b"")
        return "250 Message accepted"


def notice(answer: httpx.Response) -> str:
    """The message the redirect after a staff action carries."""
    assert answer.status_code == 303, answer.text
    return unquote(answer.headers["location"]).partition("?info=")[2]


async def test_resend_is_refused_while_the_address_is_suppressed(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    await reset_identity(infra, "notifier")
    port, mailbox = free_port(), Mailbox()
    email = unique_email("blokir")
    mailbox.refuse.add(email)
    settings = Settings(
        database_url=url, nats_url=infra.nats_url, smtp_url=f"smtp://127.0.0.1:{port}", sender_poll_seconds=0.05
    )
    cookie = await staff_session(infra, "sari.depok", [("kepala_lpse", "depok")], now=datetime.now(UTC))
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app = create_app(settings)
        async with (
            app.router.lifespan_context(app),
            SiteClient(
                transport=httpx.ASGITransport(app=app), base_url="http://notifier", cookies={SESSION_COOKIE: cookie}
            ) as sari,
        ):
            pool = app.state.runtime.pool
            event = application_submitted("depok", email=email)
            await nc.jetstream().publish(event.subject, event.model_dump_json().encode())

            async def suppressed() -> bool:
                return bool(await pool.fetchval("SELECT count(*) FROM suppressions WHERE address = $1", email))

            await eventually(suppressed, what="the 550 to put the address on the suppression list")
            first = await pool.fetchrow("SELECT id, message_id FROM deliveries")
            page = await sari.get(f"/notifier/kasus/{event.correlation_id}")
            assert f'action="/notifier/pengiriman/{first["id"]}/kirim-ulang"' in page.text

            refused = await sari.post(f"/notifier/pengiriman/{first['id']}/kirim-ulang")
            assert notice(refused) == REFUSED_WHILE_BLOCKED
            assert await pool.fetchval("SELECT count(*) FROM deliveries") == 1, "no new delivery is recorded"
            assert mailbox.tried == [email]

            mailbox.refuse.clear()  # the applicant mended the mailbox; staff lift the block
            lifted = await sari.post(f"/notifier/blokir/{email}/hapus")
            assert notice(lifted) == f"{email} dihapus dari daftar blokir."
            resent = await sari.post(f"/notifier/pengiriman/{first['id']}/kirim-ulang")
            assert notice(resent) == f"Dikirim ulang ke {email}."

            async def resend_delivered() -> bool:
                status = await pool.fetchval("SELECT status FROM deliveries WHERE resend_of = $1", first["id"])
                return bool(status == "delivered")

            await eventually(resend_delivered, what="the resend after the block was lifted")
            second = await pool.fetchval("SELECT message_id FROM deliveries WHERE resend_of = $1", first["id"])
            assert second != first["message_id"], "a resend is a new message"
            (raw,) = mailbox.accepted
            assert f"\r\nMessage-ID: {second}\r\n" in raw.decode()
    finally:
        controller.stop()
