"""Poison messages land in the dead-letter stream: an unreadable one at once, a failing one after bounded retries,
during which the messages behind it wait, so that nothing overtakes it."""

from __future__ import annotations

import time
from pathlib import Path

import asyncpg
import pytest
import yaml
from nats.aio.client import Client

from contracts.registration import ApplicationSubmittedV1
from lpse_runtime.consumer import Dispatch
from lpse_runtime.deadletters import DEADLETTER_STREAM, list_dead_letters, replay_dead_letter
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from tests.support import Infra, application_submitted, eventually, reset_jetstream, reset_schema

pytestmark = pytest.mark.integration
DURABLE = "verification-from-registration"
MAX_DELIVER = 3


def topology(tmp_path: Path) -> Path:
    path = tmp_path / "jetstream.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "streams": [
                    {"name": "REGISTRATION", "subjects": ["registration.>"]},
                    {"name": "VERIFICATION", "subjects": ["verification.>"]},
                    {"name": "DEADLETTER", "subjects": ["deadletter.>"]},
                ],
                "consumers": [
                    {
                        "durable": DURABLE,
                        "stream": "REGISTRATION",
                        "filter_subjects": ["registration.*.application.submitted.v1"],
                        "max_deliver": MAX_DELIVER,
                        "backoff_seconds": [1.0, 1.0],
                    }
                ],
            }
        )
    )
    return path


async def test_poison_is_dead_lettered_after_bounded_retries_and_nothing_overtakes_it(
    infra: Infra, nc: Client, tmp_path: Path
) -> None:
    path = topology(tmp_path)
    await reset_jetstream(nc, path)
    url = await reset_schema(infra, "verification")
    runtime = ServiceRuntime(
        "verification", ServiceSettings(database_url=url, nats_url=infra.nats_url, topology_path=path)
    )
    handled: dict[str, float] = {}
    attempts: list[float] = []
    broken = {"POISON"}

    async def handler(event: ApplicationSubmittedV1, _conn: asyncpg.Connection) -> None:
        if event.company_name in broken:
            attempts.append(time.monotonic())
            raise RuntimeError("downstream refused")
        handled[event.company_name] = time.monotonic()

    runtime.consume(DURABLE, Dispatch().on(ApplicationSubmittedV1, handler))
    js = nc.jetstream()
    await runtime.start(relay=False)
    try:
        await js.publish("registration.temanggung.application.submitted.v1", b'{"not": "an event"}')
        poison = application_submitted("temanggung", "POISON")
        await js.publish(poison.subject, poison.model_dump_json().encode())
        good = [application_submitted("temanggung", f"CV Baik {i}") for i in range(3)]
        for event in good:
            await js.publish(event.subject, event.model_dump_json().encode())

        async def good_ones_handled() -> bool:
            return len(handled) == 3

        await eventually(good_ones_handled, timeout=30, what="the messages behind the poison")
        assert len(attempts) == MAX_DELIVER, "the messages behind the poison waited for all its retries"
        assert min(handled.values()) > attempts[-1], "no message overtook the poison"

        async def two_dead_letters() -> bool:
            return len(await list_dead_letters(js)) == 2

        await eventually(two_dead_letters, timeout=30, what="both poison messages in the dead-letter stream")
        invalid, exhausted = await list_dead_letters(js)
        assert invalid.consumer == DURABLE and invalid.error.startswith("invalid payload")
        assert invalid.deliveries == 1, "an unreadable payload is dead-lettered at once"
        assert exhausted.deliveries == MAX_DELIVER and "RuntimeError" in exhausted.error
        assert exhausted.original_subject == poison.subject
        assert len(attempts) == MAX_DELIVER
        assert attempts[1] - attempts[0] >= 0.9, "retries wait for the backoff"

        info = await js.consumer_info("REGISTRATION", DURABLE)
        assert info.num_ack_pending == 0 and info.num_pending == 0

        # Operators mend the cause and replay: the consumer handles it, the dead letter is gone.
        broken.clear()
        await replay_dead_letter(js, exhausted.seq)

        async def replayed() -> bool:
            return "POISON" in handled

        await eventually(replayed, what="the replayed message to be handled")
        remaining = await list_dead_letters(js)
        assert [d.seq for d in remaining] == [invalid.seq]
        assert (await js.stream_info(DEADLETTER_STREAM)).state.messages == 1
    finally:
        await runtime.stop()
