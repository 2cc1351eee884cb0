"""Declare the streams and consumers of `deploy/jetstream.yaml` (idempotent): `python -m lpse_runtime.jetstream`."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import nats
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from contracts.streams import RETIRED_DURABLE, ConsumerSpec, StreamSpec, Topology, load_topology
from lpse_runtime.consumer import consumer_config
from lpse_runtime.settings import REPO_ROOT


def stream_config(spec: StreamSpec) -> StreamConfig:
    """The JetStream configuration of a stream spec: file storage, limits retention, dedup window."""
    return StreamConfig(
        name=spec.name,
        subjects=list(spec.subjects),
        description=spec.description or None,
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.OLD,
        max_age=spec.max_age_days * 86400,
        duplicate_window=spec.duplicate_window_seconds,
        allow_direct=True,
    )


async def declare(js: JetStreamContext, topology: Topology) -> list[str]:
    """Create or update every stream and consumer; return a line per object for the log."""
    done: list[str] = []
    for stream in topology.streams:
        config = stream_config(stream)
        try:
            await js.stream_info(stream.name)
            await js.update_stream(config)
            done.append(f"stream {stream.name} updated")
        except NotFoundError:
            await js.add_stream(config)
            done.append(f"stream {stream.name} created")
        done.extend(await retire_durables(js, stream.name))
    for consumer in all_consumers(topology):
        await js.add_consumer(consumer.stream, consumer_config(consumer))
        done.append(f"consumer {consumer.stream}/{consumer.durable} declared")
    return done


def all_consumers(topology: Topology) -> list[ConsumerSpec]:
    """The declared durables and, for each service that reads any, its advisory durable."""
    services = dict.fromkeys(spec.service for spec in topology.consumers)
    advisory = [topology.advisory_consumer(service) for service in services]
    return [*topology.consumers, *(spec for spec in advisory if spec is not None)]


async def retire_durables(js: JetStreamContext, stream: str) -> list[str]:
    """Delete the one-durable-per-fact consumers that the per-owner durables replace."""
    done = []
    for info in await js.consumers_info(stream):
        name = info.config.durable_name or ""
        if RETIRED_DURABLE.match(name):
            await js.delete_consumer(stream, name)
            done.append(f"consumer {stream}/{name} retired")
    return done


async def _main(nats_url: str, path: Path) -> None:
    nc = await nats.connect(nats_url)
    try:
        for line in await declare(nc.jetstream(), load_topology(path)):
            print(line)
    finally:
        await nc.drain()


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Declare JetStream streams and consumers from data")
    parser.add_argument("--nats-url", default="nats://127.0.0.1:4222")
    parser.add_argument("--topology", type=Path, default=REPO_ROOT / "deploy" / "jetstream.yaml")
    args = parser.parse_args()
    asyncio.run(_main(args.nats_url, args.topology))


if __name__ == "__main__":
    main()
