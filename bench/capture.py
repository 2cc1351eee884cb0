"""The SMTP capture as the benchmark reads it: each stored message, to whom, its subject and when it was written."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import os
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

DEADLINE_SECONDS = 120.0


@dataclass
class Arrival:
    """One message the capture stored: to whom, its subject, when the file was written, where it is."""

    to: str
    subject: str
    at: float
    path: Path


@dataclass
class MailWatch:
    """Watches the capture's Maildir and answers when a message to an address with a subject has been stored."""

    maildir: Path
    arrivals: dict[str, list[Arrival]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def scan(self) -> None:
        """Read the headers of every message stored since the last scan."""
        folder = self.maildir / "new"
        if not folder.exists():
            return
        for entry in os.scandir(folder):
            if entry.name in self.seen:
                continue
            self.seen.add(entry.name)
            path = Path(entry.path)
            headers = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            arrival = Arrival(str(headers["To"]), str(headers["Subject"]), entry.stat().st_mtime, path)
            self.arrivals.setdefault(arrival.to, []).append(arrival)
            self.changed.set()

    async def run(self) -> None:
        """Scan every 10 ms (the resolution of the latencies is the file's mtime, not this period)."""
        while True:
            self.scan()
            await asyncio.sleep(0.01)

    async def arrival(self, to: str, subject_part: str, timeout: float = DEADLINE_SECONDS) -> Arrival:
        """Wait, with a deadline, for the message to `to` whose subject contains `subject_part`."""
        deadline = time.monotonic() + timeout
        while True:
            found = [a for a in self.arrivals.get(to, []) if subject_part in a.subject]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise TimeoutError(f"no email '{subject_part}' to {to} within {timeout:.0f} s")
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), timeout=0.5)


def text_of(path: Path) -> str:
    """The plain-text body of a stored message."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(preferencelist=("plain",))
    return "" if body is None else str(body.get_content())
