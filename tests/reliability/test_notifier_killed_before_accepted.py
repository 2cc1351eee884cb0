"""A notifier killed by its PID in the middle of the SMTP conversation, before the server's 250, leaves nothing
delivered; restarted (here in the test's process), it sends the email once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from nats.aio.client import Client

from devstack.processes import free_port
from notifier.app import create_app
from notifier.settings import Settings
from tests.support import Infra, application_submitted, eventually, reset_schema, unique_email

pytestmark = [pytest.mark.integration, pytest.mark.reliability]


class HoldingServer:
    """A mail server that keeps the first message's DATA unanswered until released, and records only what it
    accepted with a 250."""

    def __init__(self) -> None:
        self.holding = threading.Event()  # the first message is in, its answer withheld
        self.released = threading.Event()
        self.accepted: list[str] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if not self.holding.is_set():
            self.holding.set()
            await asyncio.to_thread(self.released.wait, 60)  # set from the test's thread
            return "451 4.3.0 Sender went away"  # nobody reads it: the sender was killed meanwhile
        self.accepted.extend(envelope.rcpt_tos)
        return "250 Message accepted"


@asynccontextmanager
async def notifier_process(env: dict[str, str]) -> AsyncIterator[asyncio.subprocess.Process]:
    """`python -m notifier` with this environment, killed by its PID when the block ends."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "notifier",
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            os.kill(process.pid, signal.SIGKILL)
            await asyncio.wait_for(process.wait(), timeout=10)


async def test_killed_before_the_servers_250_sends_once_after_restart(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "notifier")
    port, server = free_port(), HoldingServer()
    address = unique_email("putus")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "NATS_URL": infra.nats_url,
        "SMTP_URL": f"smtp://127.0.0.1:{port}",
        "SENDER_POLL_SECONDS": "0.05",
        "SMTP_LEASE_SECONDS": "1",
        "HTTP_PORT": str(free_port()),
    }
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    conn = await asyncpg.connect(url)
    try:

        async def status() -> tuple[str, int] | None:
            row = await conn.fetchrow("SELECT status, attempts FROM notifier.deliveries")
            return None if row is None else (row["status"], row["attempts"])

        async with notifier_process(env) as doomed:
            event = application_submitted("banjarmasin", email=address)
            await nc.jetstream().publish(event.subject, event.model_dump_json().encode())

            async def message_in_flight() -> bool:
                return server.holding.is_set()

            await eventually(message_in_flight, timeout=60, what="the message to reach the server")
            assert await status() == ("sending", 1), "the attempt is counted and committed before the conversation"
            os.kill(doomed.pid, signal.SIGKILL)
            assert await asyncio.wait_for(doomed.wait(), timeout=10) == -signal.SIGKILL
        server.released.set()
        assert server.accepted == [] and await status() == ("sending", 1), "nothing delivered by the killed one"

        restarted = create_app(
            Settings(
                database_url=url,
                nats_url=infra.nats_url,
                smtp_url=f"smtp://127.0.0.1:{port}",
                sender_poll_seconds=0.05,
                smtp_lease_seconds=1,
            )
        )
        async with restarted.router.lifespan_context(restarted):

            async def delivered() -> bool:
                return await status() == ("delivered", 2)

            await eventually(delivered, what="the restarted notifier to send the email once its lease ran out")
        assert server.accepted == [address], "the email went out once"
    finally:
        server.released.set()
        await conn.close()
        controller.stop()
