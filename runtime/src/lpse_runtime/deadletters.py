"""The dead-letter stream: messages a consumer can never handle, kept to inspect and replay."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from faststream.nats import NatsBroker
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

DEADLETTER_STREAM = "DEADLETTER"
H_SUBJECT = "Lpse-Original-Subject"
H_CONSUMER = "Lpse-Consumer"
H_ERROR = "Lpse-Error"
H_DELIVERIES = "Lpse-Deliveries"
H_STREAM_SEQ = "Lpse-Original-Stream-Seq"
# On a replayed message: the one durable that failed it and should handle it again; every other consumer of the
# subject acknowledges it unseen (a poison payload has no event id for their inboxes to recognise).
H_REPLAY_FOR = "Lpse-Replay-For"
PAGE_SIZE = 50

# Key values a failure's text may quote (an email, an id, an NIK or NPWP): a dead letter's headers never carry them.
_KEY_VALUES = (
    (re.compile(r"[^\s@()\"'=,]+@[^\s@()\"'=,]+"), "<email>"),
    (re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"), "<id>"),
    (re.compile(r"\d[\d.\-]{6,}\d"), "<angka>"),
)


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


@dataclass(frozen=True)
class DeadLetterPage:
    """One page of dead letters, oldest first, and how many the stream holds in all."""

    letters: list[DeadLetter]
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        """Whether letters follow this page."""
        return self.offset + len(self.letters) < self.total


def without_key_values(text: str) -> str:
    """The failure's text with emails, ids and long numbers (NIK, NPWP) replaced by what they are, on one line."""
    for pattern, placeholder in _KEY_VALUES:
        text = pattern.sub(placeholder, text)
    return text.replace("\n", " ")[:1000]


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
            H_ERROR: without_key_values(error),
            H_DELIVERIES: str(deliveries),
            H_STREAM_SEQ: str(original_stream_seq),
        },
        stream=DEADLETTER_STREAM,
        timeout=10.0,
    )


def _letter(raw: Any) -> DeadLetter:
    """A stored message read as a dead letter."""
    headers = raw.headers or {}
    return DeadLetter(
        seq=int(raw.seq),
        consumer=headers.get(H_CONSUMER, "?"),
        original_subject=headers.get(H_SUBJECT, "?"),
        error=headers.get(H_ERROR, ""),
        deliveries=int(headers.get(H_DELIVERIES, "0") or 0),
        stored_at=raw.time if isinstance(getattr(raw, "time", None), datetime) else None,
        payload=raw.data or b"",
    )


async def page_of_dead_letters(js: JetStreamContext, *, offset: int = 0, limit: int = PAGE_SIZE) -> DeadLetterPage:
    """The `limit` dead letters after the first `offset`, oldest first, with the stream's count of them all."""
    offset, limit = max(offset, 0), max(limit, 1)
    try:
        info = await js.stream_info(DEADLETTER_STREAM)
    except NotFoundError:
        return DeadLetterPage([], 0, offset, limit)
    total, letters = int(info.state.messages or 0), list[DeadLetter]()
    seq, skipped = int(info.state.first_seq or 1), 0
    while len(letters) < limit and skipped + len(letters) < total:
        try:
            # The next stored letter at or after seq: replayed (deleted) ones leave gaps the server steps over.
            raw = await js.get_msg(DEADLETTER_STREAM, seq, subject="deadletter.>", next=True)
        except NotFoundError:
            break
        seq = int(raw.seq or seq) + 1
        if skipped < offset:
            skipped += 1
            continue
        letters.append(_letter(raw))
    return DeadLetterPage(letters, total, offset, limit)


async def list_dead_letters(js: JetStreamContext, *, limit: int | None = None) -> list[DeadLetter]:
    """Every dead letter still in the stream (or the first `limit`), oldest first."""
    letters: list[DeadLetter] = []
    while True:
        page = await page_of_dead_letters(js, offset=len(letters), limit=limit or 500)
        letters.extend(page.letters)
        if not page.has_next or not page.letters or (limit is not None and len(letters) >= limit):
            return letters[:limit] if limit is not None else letters


async def replay_dead_letter(js: JetStreamContext, seq: int) -> str:
    """Publish a dead letter again to its original subject for the consumer that failed it, then remove it.

    The message names that consumer (`Lpse-Replay-For`): the others reading the subject acknowledge it unseen, so a
    replayed poison payload is not dead-lettered again by every one of them. Returns the subject.
    """
    raw = await js.get_msg(DEADLETTER_STREAM, seq)
    headers = raw.headers or {}
    subject = str(headers[H_SUBJECT])
    await js.publish(
        subject,
        raw.data or b"",
        headers={"Nats-Msg-Id": f"replay:{seq}:{uuid.uuid4()}", H_REPLAY_FOR: str(headers[H_CONSUMER])},
    )
    await js.delete_msg(DEADLETTER_STREAM, seq)
    return subject


def page_heading(page: DeadLetterPage) -> str:
    """'Dead letter 51–100 dari 137' (or that there is none)."""
    if not page.total:
        return "Tidak ada dead letter."
    if not page.letters:
        return f"Tidak ada dead letter di halaman ini (semuanya {page.total})."
    return f"Dead letter {page.offset + 1}–{page.offset + len(page.letters)} dari {page.total}"


async def _cli(nats_url: str, command: str, seq: int | None, page_no: int = 1, per_page: int = PAGE_SIZE) -> int:
    import nats

    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        if command == "list":
            page = await page_of_dead_letters(js, offset=(max(page_no, 1) - 1) * per_page, limit=per_page)
            print(page_heading(page))
            for d in page.letters:
                print(f"{d.seq:>6}  {d.consumer:<40} {d.original_subject}\n        {d.deliveries}x  {d.error}")
            if page.has_next:
                print(f"Halaman berikutnya: list --page {page_no + 1} --per-page {per_page}")
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
    listing = sub.add_parser("list", help="one page of dead letters, oldest first, with their count")
    listing.add_argument("--page", type=int, default=1)
    listing.add_argument("--per-page", type=int, default=PAGE_SIZE)
    replay = sub.add_parser("replay", help="publish one again to its original subject and remove it")
    replay.add_argument("seq", type=int)
    args = parser.parse_args()
    paging = (args.page, args.per_page) if args.command == "list" else (1, PAGE_SIZE)
    raise SystemExit(asyncio.run(_cli(args.nats_url, args.command, getattr(args, "seq", None), *paging)))


if __name__ == "__main__":
    main()
