"""Messages no handler can read are dead-lettered at once with their reason, and the fact behind them flows; a
replayed letter reaches only the consumer that failed it; a broken constraint is named, never retried."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import asyncpg
import pytest
import yaml
from nats.aio.client import Client

from contracts.registration import ApplicationSubmittedV1
from lpse_runtime.consumer import Dispatch
from lpse_runtime.deadletters import list_dead_letters, page_of_dead_letters, replay_dead_letter
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings
from tests.support import (
    Infra,
    application_submitted,
    as_schema_owner,
    eventually,
    reset_jetstream,
    reset_schema,
)

pytestmark = pytest.mark.integration
SUBJECT = "registration.temanggung.application.submitted.v1"
NESTED = b"[" * 2000
NOT_UTF8 = b'{"lpse": "\xff\xfe\xfd"}'
WRONG_SCHEMA = b'{"lpse": 7, "event_id": "bukan-uuid"}'


def topology(tmp_path: Path, *durables: str, max_deliver: int = 6) -> Path:
    path = tmp_path / "jetstream.yaml"
    consumers = [
        {
            "durable": durable,
            "stream": "REGISTRATION",
            "filter_subjects": ["registration.*.application.submitted.v1"],
            "max_deliver": max_deliver,
            "backoff_seconds": [1.0],
        }
        for durable in durables
    ]
    streams = [
        {"name": "REGISTRATION", "subjects": ["registration.>"]},
        {"name": "DEADLETTER", "subjects": ["deadletter.>"]},
    ]
    path.write_text(yaml.safe_dump({"streams": streams, "consumers": consumers}))
    return path


async def runtime_for(infra: Infra, nc: Client, path: Path, service: str = "verification") -> ServiceRuntime:
    if service == "verification":
        await reset_jetstream(nc, path)
    url = await reset_schema(infra, service)
    return ServiceRuntime(service, ServiceSettings(database_url=url, nats_url=infra.nats_url, topology_path=path))


async def test_seventy_poison_messages_are_dead_lettered_at_once_and_the_fact_behind_them_flows(
    infra: Infra, nc: Client, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    durable = "verification-from-registration"
    runtime = await runtime_for(infra, nc, topology(tmp_path, durable))
    handled: dict[str, float] = {}

    async def handler(event: ApplicationSubmittedV1, _conn: asyncpg.Connection) -> None:
        handled[event.company_name] = time.monotonic()

    runtime.consume(durable, Dispatch().on(ApplicationSubmittedV1, handler))
    js = nc.jetstream()
    caplog.set_level(logging.INFO)
    await runtime.start(relay=False)
    try:
        json_header = {"content-type": "application/json"}
        for _ in range(30):
            await js.publish(SUBJECT, NESTED)
        for _ in range(20):
            await js.publish(SUBJECT, NOT_UTF8, headers=json_header)
        for _ in range(20):
            await js.publish(SUBJECT, WRONG_SCHEMA, headers=json_header)
        real = application_submitted("temanggung", "CV Nyata")
        published = time.monotonic()
        await js.publish(real.subject, real.model_dump_json().encode())

        async def real_fact_applied() -> bool:
            return "CV Nyata" in handled

        await eventually(real_fact_applied, timeout=15, what="the real fact behind 70 poison messages")
        assert handled["CV Nyata"] - published < 10, "the poison held the real fact up"

        first = await page_of_dead_letters(js, offset=0, limit=50)
        second = await page_of_dead_letters(js, offset=50, limit=50)
        assert (first.total, len(first.letters), first.has_next) == (70, 50, True)
        assert (second.total, len(second.letters), second.has_next) == (70, 20, False)
        letters = first.letters + second.letters
        assert len({d.seq for d in letters}) == 70
        assert all(d.consumer == durable and d.deliveries == 1 for d in letters), "each at its first delivery"
        assert all(d.error.startswith("invalid payload") for d in letters)
        assert "recursion limit exceeded" in letters[0].error
        assert letters[0].payload == NESTED and letters[30].payload == NOT_UTF8

        info = await js.consumer_info("REGISTRATION", durable)
        assert (info.num_ack_pending, info.num_pending, info.num_redelivered) == (0, 0, 0)
        dead_lines = [r for r in caplog.records if "dead-lettered" in r.getMessage()]
        assert len(dead_lines) == 70, "one log line per dead letter"
        assert [r for r in caplog.records if r.exc_info] == [], "no traceback in the log"
    finally:
        await runtime.stop()


async def test_a_replayed_poison_letter_reaches_only_the_consumer_that_failed_it(
    infra: Infra, nc: Client, tmp_path: Path
) -> None:
    first, second = "verification-from-registration", "notifier-from-registration"
    path = topology(tmp_path, first, second)
    runtime = await runtime_for(infra, nc, path)
    other = await runtime_for(infra, nc, path, "notifier")
    handled: list[str] = []

    async def handler(event: ApplicationSubmittedV1, _conn: asyncpg.Connection) -> None:
        handled.append(event.company_name)

    runtime.consume(first, Dispatch().on(ApplicationSubmittedV1, handler))
    other.consume(second, Dispatch().on(ApplicationSubmittedV1, handler))
    js = nc.jetstream()
    await runtime.start(relay=False)
    await other.start(relay=False)
    try:
        await js.publish(SUBJECT, WRONG_SCHEMA)

        async def letters(count: int) -> bool:
            return len(await list_dead_letters(js)) == count

        await eventually(lambda: letters(2), what="one dead letter from each consumer")
        (failed_first,) = [d for d in await list_dead_letters(js) if d.consumer == first]
        await replay_dead_letter(js, failed_first.seq)

        async def both_read_the_replay() -> bool:
            infos = [await js.consumer_info("REGISTRATION", d) for d in (first, second)]
            return all(i.delivered.stream_seq == 2 and i.num_ack_pending == 0 for i in infos)

        await eventually(both_read_the_replay, what="both consumers past the replayed message")
        await eventually(lambda: letters(2), what="the failing consumer's new dead letter")
        remaining = await list_dead_letters(js)
        assert sorted(d.consumer for d in remaining) == sorted([first, second]), "the other consumer ignored it"
        assert handled == []
    finally:
        await other.stop()
        await runtime.stop()


async def test_a_broken_unique_constraint_is_dead_lettered_at_once_naming_the_constraint_not_the_values(
    infra: Infra, nc: Client, tmp_path: Path
) -> None:
    durable = "verification-from-registration"
    runtime = await runtime_for(infra, nc, topology(tmp_path, durable, max_deliver=3))
    attempts: list[str] = []

    async def handler(event: ApplicationSubmittedV1, conn: asyncpg.Connection) -> None:
        attempts.append(event.company_name)
        await conn.execute("INSERT INTO penyedia_uji (npwp, email) VALUES ($1, $2)", event.npwp, event.email)

    runtime.consume(durable, Dispatch().on(ApplicationSubmittedV1, handler))
    js = nc.jetstream()
    await runtime.start(relay=False)
    try:
        await as_schema_owner(  # made as a migration would: the service's own role creates nothing
            infra,
            "verification",
            "CREATE TABLE penyedia_uji (npwp text CONSTRAINT penyedia_uji_npwp_unik UNIQUE, email text)",
        )
        once = application_submitted("temanggung", "PT Pertama", npwp="019876543210000", email="satu@contoh.co.id")
        again = application_submitted("temanggung", "PT Kedua", npwp="019876543210000", email="satu@contoh.co.id")
        for event in (once, again):
            await js.publish(event.subject, event.model_dump_json().encode())

        async def dead_lettered() -> bool:
            return len(await list_dead_letters(js)) == 1

        await eventually(dead_lettered, what="the second announcement in the dead-letter stream")
        (letter,) = await list_dead_letters(js)
        assert letter.deliveries == 1 and attempts == ["PT Pertama", "PT Kedua"], "no retry of a broken constraint"
        assert "penyedia_uji_npwp_unik" in letter.error
        assert "019876543210000" not in letter.error and "satu@contoh.co.id" not in letter.error
    finally:
        await runtime.stop()
