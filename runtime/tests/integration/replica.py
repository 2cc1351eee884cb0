"""One replica of a consuming service, as its own process, for the tests that kill it by its PID.

`python replica.py NAME NATS_URL DATABASE_URL TOPOLOGY ATTEMPTS_FILE` reads `verification-from-registration` and
records every fact it applies in the `applied` table, in the same transaction as its inbox row. The first delivery
of a fact whose company name is `NAK` fails (the consumer naks it for a retry); one named `SLOW` takes a second to
handle; one named `HANG` fails on every delivery but the last, and on the last the handler never returns, until the
test kills the process.
Every attempt is appended to ATTEMPTS_FILE (`<replica> <event_id>` per line) so the test can follow along.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path

import asyncpg

from contracts.envelope import Event
from contracts.registration import ApplicationResubmittedV1, ApplicationSubmittedV1
from lpse_runtime.consumer import Dispatch
from lpse_runtime.service import ServiceRuntime
from lpse_runtime.settings import ServiceSettings

DURABLE = "verification-from-registration"


async def run(name: str, nats_url: str, database_url: str, topology: Path, attempts_file: Path) -> None:
    """Consume until SIGTERM (or until killed)."""
    runtime = ServiceRuntime(
        "verification",
        ServiceSettings(database_url=database_url, nats_url=nats_url, topology_path=topology, consumer_fetch_seconds=1),
    )
    max_deliver = runtime.topology.consumer(DURABLE).max_deliver
    failed_once: set[str] = set()

    def attempts_of(event: Event) -> int:
        with attempts_file.open("a", encoding="utf-8") as out:
            out.write(f"{name} {event.event_id}\n")
        lines = attempts_file.read_text(encoding="utf-8").splitlines()
        return sum(1 for line in lines if line.endswith(str(event.event_id)))

    async def apply(event: Event, conn: asyncpg.Connection) -> None:
        attempt = attempts_of(event)
        company = getattr(event, "company_name", "")
        if company == "HANG":
            if attempt < max_deliver:
                raise RuntimeError(f"delivery {attempt} refused")
            print(f"LAST {event.event_id}", flush=True)
            await asyncio.Event().wait()  # the handler never answers: the test kills this process here
        if company == "NAK" and str(event.event_id) not in failed_once:
            failed_once.add(str(event.event_id))
            raise RuntimeError("refused once, for a redelivery")
        await asyncio.sleep(1.0 if company == "SLOW" else 0.005)  # some work: a kill can land inside a handler
        await conn.execute(
            "INSERT INTO applied (entity, event_id, replica) VALUES ($1, $2, $3)",
            event.correlation_id,
            event.event_id,
            name,
        )

    runtime.consume(DURABLE, Dispatch().on(ApplicationSubmittedV1, apply).on(ApplicationResubmittedV1, apply))
    stopped = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
    await runtime.start(relay=False)
    print("READY", flush=True)
    try:
        await stopped.wait()
    finally:
        await runtime.stop()


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    replica, nats_url, database_url, topology, attempts = sys.argv[1:6]
    asyncio.run(run(replica, nats_url, database_url, Path(topology), Path(attempts)))
