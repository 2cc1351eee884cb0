"""The dead-letter stream: messages a consumer can never handle, kept to inspect and replay."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from faststream.nats import NatsBroker
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

DEADLETTER_STREAM = "DEADLETTER"
H_SUBJECT = "Lpse-Original-Subject"
H_CONSUMER = "Lpse-Consumer"
H_ERROR = "Lpse-Error"
H_DELIVERIES = "Lpse-Deliveries"
H_STREAM_SEQ = "Lpse-Original-Stream-Seq"


@dataclass(frozen=True)
class DeadLetter:
    """One dead letter as operators see it."""

    seq: int
    consumer: str
    original_subject: str
    error: str
    deliveries: int
    stored_at: datetime | None
    payload: bytes


def deadletter_subject(consumer: str, original_subject: str) -> str:
    """deadletter.<consumer durable>.<original subject>."""
    return f"deadletter.{consumer}.{original_subject}"


async def publish_dead_letter(
    broker: NatsBroker,
    *,
    consumer: str,
    original_subject: str,
    original_stream_seq: int,
    payload: bytes,
    error: str,
    deliveries: int,
) -> None:
    """Store a message in the dead-letter stream, once per (consumer, original message)."""
    await broker.publish(
        payload,
        deadletter_subject(consumer, original_subject),
        headers={
            "Nats-Msg-Id": f"dl:{consumer}:{original_stream_seq}",
            H_SUBJECT: original_subject,
            H_CONSUMER: consumer,
            H_ERROR: error[:1000].replace("\n", " "),
            H_DELIVERIES: str(deliveries),
            H_STREAM_SEQ: str(original_stream_seq),
        },
        stream=DEADLETTER_STREAM,
        timeout=10.0,
    )


async def list_dead_letters(js: JetStreamContext, *, limit: int = 200) -> list[DeadLetter]:
    """The dead letters still in the stream, oldest first."""
    try:
        info = await js.stream_info(DEADLETTER_STREAM)
    except NotFoundError:
        return []
    first, last = info.state.first_seq, info.state.last_seq
    letters: list[DeadLetter] = []
    seq = first
    while seq <= last and len(letters) < limit and info.state.messages > 0:
        try:
            raw = await js.get_msg(DEADLETTER_STREAM, seq)
        except NotFoundError:
            seq += 1
            continue
        headers = raw.headers or {}
        letters.append(
            DeadLetter(
                seq=seq,
                consumer=headers.get(H_CONSUMER, "?"),
                original_subject=headers.get(H_SUBJECT, "?"),
                error=headers.get(H_ERROR, ""),
                deliveries=int(headers.get(H_DELIVERIES, "0") or 0),
                stored_at=raw.time if isinstance(getattr(raw, "time", None), datetime) else None,
                payload=raw.data or b"",
            )
        )
        seq += 1
    return letters


async def replay_dead_letter(js: JetStreamContext, seq: int) -> str:
    """Publish a dead letter again to its original subject, then remove it; return that subject.

    Consumers that already handled the event skip it through their inbox; the one that failed gets it anew.
    """
    raw = await js.get_msg(DEADLETTER_STREAM, seq)
    headers = raw.headers or {}
    subject = str(headers[H_SUBJECT])
    await js.publish(subject, raw.data or b"", headers={"Nats-Msg-Id": f"replay:{seq}:{uuid.uuid4()}"})
    await js.delete_msg(DEADLETTER_STREAM, seq)
    return subject


async def _cli(nats_url: str, command: str, seq: int | None) -> int:
    import nats

    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        if command == "list":
            letters = await list_dead_letters(js)
            if not letters:
                print("Tidak ada dead letter.")
            for d in letters:
                print(f"{d.seq:>6}  {d.consumer:<40} {d.original_subject}\n        {d.deliveries}x  {d.error}")
            return 0
        assert seq is not None
        subject = await replay_dead_letter(js, seq)
        print(f"dead letter {seq} diputar ulang ke {subject}")
        return 0
    finally:
        await nc.close()


def main() -> None:
    """`python -m lpse_runtime.deadletters list | replay SEQ` (NATS from --nats-url or NATS_URL)."""
    import argparse
    import asyncio
    import os

    parser = argparse.ArgumentParser(
        prog="python -m lpse_runtime.deadletters", description="List or replay messages in the dead-letter stream"
    )
    parser.add_argument("--nats-url", default=os.environ.get("NATS_URL", "nats://127.0.0.1:4222"))
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="every dead letter, oldest first")
    replay = sub.add_parser("replay", help="publish one again to its original subject and remove it")
    replay.add_argument("seq", type=int)
    args = parser.parse_args()
    raise SystemExit(asyncio.run(_cli(args.nats_url, args.command, getattr(args, "seq", None))))


if __name__ == "__main__":
    main()
