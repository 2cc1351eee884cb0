"""The notifier under faults, on real NATS, PostgreSQL and an SMTP server: nothing lost, nothing sent twice."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import asyncpg
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.envelope import Event
from devstack.processes import free_port
from lpse_runtime.clock import SettableClock
from notifier.app import create_app
from notifier.settings import Settings
from tests.support import Infra, application_submitted, eventually, reset_schema, unique_email

pytestmark = [pytest.mark.integration, pytest.mark.reliability]


@dataclass
class Inbox:
    """What the test's SMTP server received, and the addresses it refuses for good."""

    refuse: set[str] = field(default_factory=set)
    messages: list[bytes] = field(default_factory=list)
    rcpt_attempts: list[str] = field(default_factory=list)

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self,
        server: SMTP,
        session: Session,
        envelope: Envelope,
        address: str,
        options: list[str],
    ) -> str:
        self.rcpt_attempts.append(address)
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        self.messages.append(envelope.original_content or b"")
        return "250 Message accepted"

    def message_ids_to(self, address: str) -> list[str]:
        ids: list[str] = []
        for raw in self.messages:
            text = raw.decode(errors="replace")
            if f"To: {address}" in text:
                ids.extend(
                    line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Message-ID:")
                )
        return ids


@contextmanager
def smtp_server(inbox: Inbox, port: int) -> Iterator[Controller]:
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


def settings_for(url: str, infra: Infra, smtp_port: int, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "database_url": url,
        "nats_url": infra.nats_url,
        "smtp_url": f"smtp://127.0.0.1:{smtp_port}",
        "smtp_backoff_seconds": (0.2, 0.3, 0.5),
        "smtp_max_attempts": 50,
        "sender_poll_seconds": 0.05,
        "smtp_lease_seconds": 1.0,
        **overrides,
    }
    return Settings.model_validate(values)


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[asyncpg.Pool]:
    async with app.router.lifespan_context(app):
        yield app.state.runtime.pool


async def publish(nc: Client, event: Event, msg_id: str | None = None) -> None:
    await nc.jetstream().publish(
        event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": msg_id or str(event.event_id)}
    )


async def statuses(pool: asyncpg.Pool) -> list[str]:
    return [r["status"] for r in await pool.fetch("SELECT status FROM deliveries ORDER BY created_at")]


async def test_smtp_outage_then_back_delivers_every_email_once(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    port, inbox = free_port(), Inbox()
    emails = [unique_email("outage") for _ in range(3)]
    async with running(create_app(settings_for(url, infra, port))) as pool:
        for address in emails:
            await publish(nc, application_submitted("depok", email=address))

        async def all_failing_temporarily() -> bool:
            rows = await pool.fetch("SELECT status, attempts FROM deliveries")
            return len(rows) == 3 and all(r["status"] == "temporary_failure" and r["attempts"] >= 2 for r in rows)

        await eventually(all_failing_temporarily, what="retries while the mail server is down")
        with smtp_server(inbox, port):

            async def all_delivered() -> bool:
                return await statuses(pool) == ["delivered"] * 3

            await eventually(all_delivered, what="every email once the server is back")
        assert sorted(len(inbox.message_ids_to(a)) for a in emails) == [1, 1, 1]
        assert await pool.fetchval("SELECT min(attempts) FROM deliveries") >= 3


async def test_permanent_refusal_suppresses_the_address(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    port, inbox = free_port(), Inbox()
    refused = unique_email("tolak")
    inbox.refuse.add(refused)
    with smtp_server(inbox, port):
        async with running(create_app(settings_for(url, infra, port))) as pool:
            await publish(nc, application_submitted("magelang", email=refused))

            async def refused_for_good() -> bool:
                return await statuses(pool) == ["permanent_failure"]

            await eventually(refused_for_good, what="the 5xx to mark the delivery permanent")
            row = await pool.fetchrow("SELECT * FROM deliveries")
            assert row["attempts"] == 1 and row["last_error"].startswith("550")
            assert await pool.fetchval("SELECT reason FROM suppressions WHERE address = $1", refused)

            await publish(nc, application_submitted("magelang", email=refused))

            async def second_suppressed() -> bool:
                return await statuses(pool) == ["permanent_failure", "suppressed"]

            await eventually(second_suppressed, what="the next email to the address to be suppressed")
            assert inbox.rcpt_attempts.count(refused) == 1, "a suppressed address is not tried again"

            async def both_failures_published() -> bool:
                # The outbox relay publishes after the commit: wait for it rather than read the stream at once.
                failed = await nc.jetstream().stream_info(
                    "NOTIFIER", subjects_filter="notifier.magelang.notification.failed.v1"
                )
                return failed.state.messages == 2

            await eventually(both_failures_published, what="a notification.failed fact for each of the two emails")


async def test_the_same_event_delivered_twice_sends_one_email(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    port, inbox = free_port(), Inbox()
    address = unique_email("dobel")
    event = application_submitted("temanggung", email=address)
    with smtp_server(inbox, port):
        async with running(create_app(settings_for(url, infra, port))) as pool:
            await publish(nc, event, msg_id="first-copy")
            await publish(nc, event, msg_id="second-copy")

            async def both_handled() -> bool:
                info = await nc.jetstream().consumer_info("REGISTRATION", "notifier-from-registration")
                return bool(info.num_pending == 0 and info.num_ack_pending == 0 and info.delivered.stream_seq == 2)

            await eventually(both_handled, what="both copies to be consumed")

            async def delivered() -> bool:
                return await statuses(pool) == ["delivered"]

            await eventually(delivered, what="the one delivery")
    assert len(inbox.message_ids_to(address)) == 1


async def test_rate_limit_holds_a_burst_to_the_senders_allowance(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    port, inbox = free_port(), Inbox()
    clock = SettableClock(datetime(2026, 11, 25, 3, 0, tzinfo=datetime.now().astimezone().tzinfo))
    with smtp_server(inbox, port):
        app = create_app(settings_for(url, infra, port, smtp_rate_per_minute=2), clock=clock)
        async with running(app) as pool:
            for _ in range(3):
                await publish(nc, application_submitted("depok", email=unique_email("burst")))

            async def two_sent_and_held_back() -> bool:
                held: float = app.state.runtime.registry.get_sample_value("notifier_rate_limited_total") or 0.0
                return bool((await statuses(pool)).count("delivered") == 2 and held >= 3)

            await eventually(two_sent_and_held_back, what="two sends, then the limit holding the third")
            assert (await statuses(pool)).count("created") == 1
            clock.set(clock.now() + timedelta(seconds=61))

            async def third_sent() -> bool:
                return await statuses(pool) == ["delivered"] * 3

            await eventually(third_sent, what="the third send in the next minute")
    assert len(inbox.messages) == 3


async def test_killed_between_sending_and_recording_resends_with_the_same_message_id(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    port, inbox = free_port(), Inbox()
    address = unique_email("mati")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "NATS_URL": infra.nats_url,
        "SMTP_URL": f"smtp://127.0.0.1:{port}",
        "HTTP_PORT": str(free_port()),
        "SENDER_POLL_SECONDS": "0.05",
        "SMTP_LEASE_SECONDS": "1",
        "FAULT_EXIT_AFTER_SEND": "true",
    }
    with smtp_server(inbox, port):
        doomed = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "notifier",
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            await publish(nc, application_submitted("banjarmasin", email=address))
            code = await asyncio.wait_for(doomed.wait(), timeout=60)
            assert code == 70, "the notifier died right after the server accepted the message"
        finally:
            if doomed.returncode is None:
                os.kill(doomed.pid, signal.SIGKILL)
                await doomed.wait()
        assert len(inbox.message_ids_to(address)) == 1
        async with running(create_app(settings_for(url, infra, port))) as pool:
            assert await statuses(pool) == ["sending"], "the crash left the outcome unrecorded"

            async def delivered() -> bool:
                return await statuses(pool) == ["delivered"]

            await eventually(delivered, what="the restarted sender to finish the delivery")
            assert await pool.fetchval("SELECT attempts FROM deliveries") == 2
    ids = inbox.message_ids_to(address)
    assert len(ids) == 2 and ids[0] == ids[1], "the one duplicate SMTP cannot prevent carries the same Message-ID"
