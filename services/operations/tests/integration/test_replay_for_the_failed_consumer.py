"""A dead letter replayed from /ops/ goes back to the consumer that failed it; every other consumer of the subject
acknowledges it unseen instead of dead-lettering the poison once more."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime

import asyncpg
import httpx
import pytest
from nats.aio.client import Client

from contracts.envelope import Event
from contracts.registration import ApplicationResubmittedV1, ApplicationSubmittedV1, EmailVerificationRequestedV1
from lpse_runtime.consumer import Dispatch
from lpse_runtime.deadletters import list_dead_letters
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from lpse_runtime.staff import SESSION_COOKIE
from operations.app import create_app
from operations.settings import Settings
from tests.support import Infra, SiteClient, eventually, reset_schema, staff_session

from .test_console_on_the_kit import operations_schema

pytestmark = pytest.mark.integration
SUBJECT = "registration.depok.application.submitted.v1"
FAILED, OTHER = "verification-from-registration", "notifier-from-registration"
POISON = b'{"lpse": 7, "event_id": "bukan-uuid"}'  # no event id any inbox could recognise


async def test_a_replay_from_the_console_is_skipped_by_the_other_consumers(infra: Infra, nc: Client) -> None:
    handled: list[str] = []

    async def handle(event: Event, _conn: asyncpg.Connection) -> None:
        handled.append(str(event.event_id))

    verification = ServiceRuntime(
        "verification",
        ServiceSettings(database_url=await reset_schema(infra, "verification"), nats_url=infra.nats_url),
    )
    verification.consume(FAILED, Dispatch().on(ApplicationSubmittedV1, handle).on(ApplicationResubmittedV1, handle))
    notifier = ServiceRuntime(
        "notifier", ServiceSettings(database_url=await reset_schema(infra, "notifier"), nats_url=infra.nats_url)
    )
    notifier.consume(OTHER, Dispatch().on(ApplicationSubmittedV1, handle).on(EmailVerificationRequestedV1, handle))
    console = create_app(Settings(database_url=await operations_schema(infra), nats_url=infra.nats_url))
    cookie = await staff_session(infra, "yoga.operator", [("operator", "*")], now=datetime.now(UTC))
    js = nc.jetstream()
    async with contextlib.AsyncExitStack() as running:
        for runtime in (verification, notifier):
            await runtime.start(relay=False)
            running.push_async_callback(runtime.stop)
        await running.enter_async_context(console.router.lifespan_context(console))
        yoga = await running.enter_async_context(
            SiteClient(
                transport=httpx.ASGITransport(app=console), base_url="http://ops", cookies={SESSION_COOKIE: cookie}
            )
        )
        await js.publish(SUBJECT, POISON)

        async def letters(count: int) -> bool:
            return len(await list_dead_letters(js)) == count

        await eventually(lambda: letters(2), what="the poison dead-lettered by both consumers")
        before = {d.consumer: d for d in await list_dead_letters(js)}
        failed = before[FAILED]
        replayed = await yoga.post(f"/ops/dead-letters/{failed.seq}/replay")
        assert replayed.status_code == 303 and replayed.headers["location"] == f"/ops/?diputar={SUBJECT}"

        again = await js.get_msg("REGISTRATION", 2)
        assert (again.data, (again.headers or {}).get("Lpse-Replay-For")) == (POISON, FAILED)

        async def both_past_the_replay() -> bool:
            infos = [await js.consumer_info("REGISTRATION", durable) for durable in (FAILED, OTHER)]
            return all(i.delivered.stream_seq == 2 and i.num_ack_pending == 0 for i in infos)

        await eventually(both_past_the_replay, what="both consumers past the replayed message")
        await eventually(lambda: letters(2), what="the failing consumer's new dead letter")
        now = {d.consumer: d for d in await list_dead_letters(js)}
        assert set(now) == {FAILED, OTHER}, "the other consumer acknowledged the replay unseen"
        assert now[OTHER] == before[OTHER], "the other consumer's letter is the first one, kept as it was"
        assert now[FAILED].seq > failed.seq, "the failing consumer dead-lettered the replay anew"
        page = await yoga.get("/ops/")
        assert "Dead letter 1–2 dari 2" in page.text
        assert handled == []
