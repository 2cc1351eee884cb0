"""The polling worker loop every background worker runs (outbox relay, timers, email sender).

A step runs again at once while it finds a full batch, is woken by a NOTIFY on the worker's channel (delivered when
the transaction that made work commits), and otherwise runs every `poll_seconds` as a fallback. Errors are logged,
the listening connection is dropped and the loop carries on after a pause.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import asyncpg

from lpse_runtime.db import connect

log = logging.getLogger(__name__)

Step = Callable[[], Awaitable[bool]]  # True: there is more work waiting, run again at once


class WakingLoop:
    """Runs one worker's step until cancelled, woken by LISTEN/NOTIFY on its channel."""

    def __init__(
        self,
        step: Step,
        *,
        name: str,
        poll_seconds: float,
        database_url: str | None = None,
        schema: str = "",
        channel: str | None = None,
        retry_seconds: float = 1.0,
    ) -> None:
        self._step = step
        self._name = name
        self._poll_seconds = poll_seconds
        self._database_url = database_url
        self._schema = schema
        self._channel = channel
        self._retry_seconds = retry_seconds
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Run the step again now (also what a NOTIFY does)."""
        self._wake.set()

    async def run(self) -> None:
        """Step, wait for a wake-up or the poll interval, repeat."""
        listener: asyncpg.Connection | None = None
        try:
            while True:
                try:
                    listener = await self._listening(listener)
                    self._wake.clear()  # a NOTIFY from here on means new work the step may not have seen
                    if await self._step():
                        continue
                    await self._until_woken()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    if _cancel_requested():  # a TaskGroup in the step turned our cancellation into its error
                        raise asyncio.CancelledError from None
                    log.exception("%s failed; retrying", self._name)
                    await _close(listener)
                    listener = None
                    await asyncio.sleep(self._retry_seconds)
        finally:
            await _close(listener)

    async def _until_woken(self) -> None:
        """Wait for a wake-up or the poll interval; a cancel arriving with a wake-up still ends the loop.

        `asyncio.timeout` rather than `wait_for`: on Python 3.11, `wait_for` returns the wake-up and drops a
        cancellation that arrives at the same moment, and the loop would run on after its service stopped."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(self._poll_seconds):
                await self._wake.wait()
        if _cancel_requested():
            raise asyncio.CancelledError

    async def _listening(self, listener: asyncpg.Connection | None) -> asyncpg.Connection | None:
        if self._channel is None or self._database_url is None:
            return None
        if listener is not None and not listener.is_closed():
            return listener
        listener = await connect(self._database_url, schema=self._schema)
        await listener.add_listener(self._channel, lambda *_: self.wake())
        return listener  # work committed while nobody listened is found by the step that runs next


async def _close(listener: asyncpg.Connection | None) -> None:
    if listener is not None:
        with contextlib.suppress(Exception):
            await listener.close()


def _cancel_requested() -> bool:
    """Whether someone asked this task to stop (Python 3.11's TaskGroup can raise a child's error in its place)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
