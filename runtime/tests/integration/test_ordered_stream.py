"""One durable per source stream keeps each entity's facts in commit order, through naks, redeliveries and the
death of one of two replicas bound to the durable; a handler that dies on its last delivery still ends in the
dead-letter stream, through JetStream's max-deliveries advisory."""

from __future__ import annotations

import random
import sys
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
import yaml
from nats.aio.client import Client

from contracts.envelope import Actor, Event
from contracts.registration import ApplicationResubmittedV1, ApplicationSubmittedV1, DocumentRef
from devstack.processes import Child, Children
from lpse_runtime.deadletters import list_dead_letters
from lpse_runtime.settings import REPO_ROOT
from tests.support import (
    Infra,
    application_submitted,
    as_schema_owner,
    eventually,
    reset_jetstream,
    reset_schema,
)

pytestmark = pytest.mark.integration
DURABLE = "verification-from-registration"
REPLICA = Path(__file__).with_name("replica.py")
ENTITIES, FACTS_EACH = 6, 20


def topology(tmp_path: Path, *, max_deliver: int, ack_wait: float) -> Path:
    path = tmp_path / "jetstream.yaml"
    consumer = {
        "durable": DURABLE,
        "stream": "REGISTRATION",
        "filter_subjects": ["registration.*.application.submitted.v1", "registration.*.application.resubmitted.v1"],
        "max_deliver": max_deliver,
        "backoff_seconds": [0.1],
        "ack_wait_seconds": ack_wait,
    }
    streams = [
        {"name": "REGISTRATION", "subjects": ["registration.>"]},
        {"name": "DEADLETTER", "subjects": ["deadletter.>"]},
        {"name": "ADVISORIES", "subjects": ["$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>"]},
    ]
    path.write_text(yaml.safe_dump({"streams": streams, "consumers": [consumer]}))
    return path


async def applied_table(infra: Infra, url: str) -> asyncpg.Connection:
    """The test's own table, made as a migration would (the schema's owner), written by the service's role."""
    await as_schema_owner(
        infra,
        "verification",
        "CREATE TABLE applied (id bigserial PRIMARY KEY, entity uuid NOT NULL, event_id uuid NOT NULL UNIQUE,"
        " replica text NOT NULL)",
    )
    return await asyncpg.connect(url)


@pytest.fixture
def children() -> Iterator[Children]:
    started = Children()
    try:
        yield started
    finally:
        started.stop_all()


def spawn(children: Children, name: str, infra: Infra, url: str, path: Path, attempts: Path) -> Child:
    argv = [sys.executable, str(REPLICA), name, infra.nats_url, url, str(path), str(attempts)]
    return children.spawn(name, argv, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT)}, log_dir=path.parent)


async def printed(child: Child, word: str, timeout: float = 30) -> None:
    async def seen() -> bool:
        assert child.alive(), child.tail()
        return word in child.tail(200)

    await eventually(seen, timeout=timeout, what=f"{child.name} to print {word}")


def resubmitted(app_id: uuid.UUID) -> ApplicationResubmittedV1:
    document = DocumentRef(code="npwp", filename="npwp.pdf", content_type="application/pdf", size=1, sha256="0" * 64)
    return ApplicationResubmittedV1(
        occurred_at=datetime.now(UTC),
        lpse="depok",
        correlation_id=app_id,
        actor=Actor(id="direktur@contoh.co.id", role="penyedia"),
        application_id=app_id,
        documents=(document,),
    )


def interleaved_facts(seed: int) -> list[Event]:
    """FACTS_EACH facts for each of ENTITIES applications, two fact types, interleaved at random, one in five
    refused on its first delivery, one each slow to handle."""
    rng = random.Random(seed)
    queues: dict[uuid.UUID, list[Event]] = {}
    for _ in range(ENTITIES):
        app_id = uuid.uuid4()
        facts: list[Event] = []
        for n in range(FACTS_EACH):
            company = "NAK" if n % 5 == 2 else "SLOW" if n == 10 else f"PT Urutan {n}"
            first = application_submitted("depok", company, application_id=app_id, correlation_id=app_id)
            facts.append(first if n % 2 == 0 else resubmitted(app_id))
        queues[app_id] = facts
    out: list[Event] = []
    while any(queues.values()):
        out.append(queues[rng.choice([k for k, v in queues.items() if v])].pop(0))
    return out


async def test_each_entitys_facts_are_applied_in_commit_order_across_naks_and_a_killed_replica(
    infra: Infra, nc: Client, tmp_path: Path, children: Children
) -> None:
    path = topology(tmp_path, max_deliver=20, ack_wait=2.0)
    await reset_jetstream(nc, path)
    url = await reset_schema(infra, "verification")
    db = await applied_table(infra, url)
    attempts = tmp_path / "attempts.txt"
    attempts.touch()
    try:
        replicas = [spawn(children, name, infra, url, path, attempts) for name in ("replica-a", "replica-b")]
        for replica in replicas:
            await printed(replica, "READY")
        facts = interleaved_facts(seed=9)
        js = nc.jetstream()
        for fact in facts:  # the stream's order is the commit order
            await js.publish(fact.subject, fact.model_dump_json().encode(), headers={"Nats-Msg-Id": str(fact.event_id)})

        async def applied_count(at_least: int) -> bool:
            return int(await db.fetchval("SELECT count(*) FROM applied")) >= at_least

        slow = {str(f.event_id) for f in facts if getattr(f, "company_name", "") == "SLOW"}
        inside: list[str] = []

        async def a_replica_inside_a_slow_handler() -> bool:
            inside.extend(line for line in attempts.read_text().splitlines() if line.split()[1] in slow)
            return bool(inside)

        await eventually(a_replica_inside_a_slow_handler, timeout=60, what="a replica handling a slow fact")
        name, event_id = inside[0].split()
        victim = next(r for r in replicas if r.name == name)
        victim.kill()  # by its PID, inside the handler: its message comes again, to the other, after ack_wait
        assert await db.fetchval("SELECT count(*) FROM applied WHERE event_id = $1", uuid.UUID(event_id)) == 0
        await eventually(lambda: applied_count(len(facts)), timeout=120, what="every fact applied")

        rows = await db.fetch("SELECT entity, event_id, replica FROM applied ORDER BY id")
        applied: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        for row in rows:
            applied[row["entity"]].append(row["event_id"])
        committed: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
        for fact in facts:
            committed[fact.correlation_id].append(fact.event_id)
        assert len(rows) == len(facts), "each fact applied exactly once"
        assert applied == committed, "each entity's facts in the order they were committed"
        assert {row["replica"] for row in rows} == {"replica-a", "replica-b"}, "both replicas took part"
        survivor = ({"replica-a", "replica-b"} - {name}).pop()
        assert [r["replica"] for r in rows if str(r["event_id"]) == event_id] == [survivor]
        tries = attempts.read_text().splitlines()
        assert len(tries) > len(facts), "the refused first deliveries came again"
        assert len(await list_dead_letters(js)) == 0
    finally:
        await db.close()


async def test_a_handler_killed_on_its_last_delivery_still_ends_in_the_dead_letter_stream(
    infra: Infra, nc: Client, tmp_path: Path, children: Children
) -> None:
    path = topology(tmp_path, max_deliver=2, ack_wait=1.5)
    await reset_jetstream(nc, path)
    url = await reset_schema(infra, "verification")
    db = await applied_table(infra, url)
    attempts = tmp_path / "attempts.txt"
    attempts.touch()
    try:
        replica = spawn(children, "replica", infra, url, path, attempts)
        await printed(replica, "READY")
        hang, after = application_submitted("depok", "HANG"), application_submitted("depok", "PT Sesudahnya")
        js = nc.jetstream()
        for fact in (hang, after):
            await js.publish(fact.subject, fact.model_dump_json().encode(), headers={"Nats-Msg-Id": str(fact.event_id)})
        await printed(replica, f"LAST {hang.event_id}")
        replica.kill()  # by its PID, inside the handler of the last allowed delivery
        assert await db.fetchval("SELECT count(*) FROM applied") == 0

        restarted = children.respawn(replica)  # as the stack's supervisor does

        async def dead_lettered() -> bool:
            return len(await list_dead_letters(js)) == 1

        await eventually(dead_lettered, timeout=30, what="the message given up on, in the dead-letter stream")
        (letter,) = await list_dead_letters(js)
        assert letter.consumer == DURABLE and letter.original_subject == hang.subject
        assert letter.deliveries == 2 and "no answer to the last of 2 deliveries" in letter.error
        assert ApplicationSubmittedV1.model_validate_json(letter.payload).event_id == hang.event_id

        async def the_next_one_applied() -> bool:
            return bool(await db.fetchval("SELECT event_id FROM applied") == after.event_id)

        await eventually(the_next_one_applied, what="the fact behind it applied")
        assert restarted.alive()
        assert [line.split()[1] for line in attempts.read_text().splitlines()].count(str(hang.event_id)) == 2
    finally:
        await db.close()
