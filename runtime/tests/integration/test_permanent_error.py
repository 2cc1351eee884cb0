"""A handler that raises `PermanentError` has its message dead-lettered on the first delivery, never retried, and the
fact behind it is handled at once."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest
import yaml
from nats.aio.client import Client

from contracts.registration import ApplicationSubmittedV1
from lpse_runtime.consumer import Dispatch, PermanentError
from lpse_runtime.deadletters import list_dead_letters
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from tests.support import Infra, application_submitted, eventually, reset_jetstream, reset_schema

pytestmark = pytest.mark.integration
DURABLE = "verification-from-registration"


def topology(tmp_path: Path) -> Path:
    path = tmp_path / "jetstream.yaml"
    consumer = {
        "durable": DURABLE,
        "stream": "REGISTRATION",
        "filter_subjects": ["registration.*.application.submitted.v1"],
        "max_deliver": 3,  # room for retries, had the error been taken for a passing one
        "backoff_seconds": [0.2],
    }
    streams = [
        {"name": "REGISTRATION", "subjects": ["registration.>"]},
        {"name": "DEADLETTER", "subjects": ["deadletter.>"]},
    ]
    path.write_text(yaml.safe_dump({"streams": streams, "consumers": [consumer]}))
    return path


async def test_a_permanent_error_is_dead_lettered_at_its_first_delivery(
    infra: Infra, nc: Client, tmp_path: Path
) -> None:
    path = topology(tmp_path)
    await reset_jetstream(nc, path)
    url = await reset_schema(infra, "verification")
    runtime = ServiceRuntime(
        "verification", ServiceSettings(database_url=url, nats_url=infra.nats_url, topology_path=path)
    )
    calls: list[str] = []

    async def handler(event: ApplicationSubmittedV1, conn: asyncpg.Connection) -> None:
        calls.append(event.company_name)
        if event.company_name == "PT Tak Dikenal":
            raise PermanentError("unknown LPSE 'atlantis'")

    runtime.consume(DURABLE, Dispatch().on(ApplicationSubmittedV1, handler))
    js = nc.jetstream()
    await runtime.start(relay=False)
    try:
        doomed = application_submitted("temanggung", "PT Tak Dikenal")
        behind = application_submitted("temanggung", "CV Berikutnya")
        for event in (doomed, behind):
            await js.publish(event.subject, event.model_dump_json().encode())

        async def behind_handled() -> bool:
            return "CV Berikutnya" in calls

        await eventually(behind_handled, what="the fact behind the permanent failure")
        (letter,) = await list_dead_letters(js)
        assert (letter.consumer, letter.deliveries) == (DURABLE, 1)
        assert letter.error == "permanent: unknown LPSE 'atlantis'"
        assert letter.original_subject == doomed.subject
        assert calls == ["PT Tak Dikenal", "CV Berikutnya"], "the handler ran once for it, no retry"
        info = await js.consumer_info("REGISTRATION", DURABLE)
        assert (info.num_redelivered, info.num_ack_pending, info.num_pending) == (0, 0, 0)
        inbox = await runtime.pool.fetchval("SELECT count(*) FROM inbox WHERE event_id = $1", doomed.event_id)
        assert inbox == 0, "the failed handler's transaction left nothing"
    finally:
        await runtime.stop()
