"""A worker loop stops when asked, even when its step fails at the same moment (a publish on a closing broker)."""

from __future__ import annotations

import asyncio

import pytest

from lpse_runtime.loop import WakingLoop


async def test_a_cancel_that_meets_a_failing_task_group_stops_the_loop() -> None:
    """Python 3.11's TaskGroup raises its child's error instead of the cancellation that arrived with it; the
    loop must still end instead of logging and retrying forever (a service's shutdown would hang)."""
    steps = 0
    worker: asyncio.Task[None] | None = None

    async def broker_closed_under_us() -> None:
        assert worker is not None
        worker.cancel()  # the service stops ...
        raise RuntimeError("broker closed")  # ... while a publish fails because the broker is gone

    async def publish_batch() -> bool:
        nonlocal steps
        steps += 1
        async with asyncio.TaskGroup() as group:
            group.create_task(broker_closed_under_us())
            await asyncio.Event().wait()
        return False

    loop = WakingLoop(publish_batch, name="relay", poll_seconds=60, retry_seconds=0.001)
    worker = asyncio.create_task(loop.run())
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(worker, timeout=5)
    assert steps == 1


async def test_a_failing_step_without_a_cancel_is_retried() -> None:
    failures = 0
    retried = asyncio.Event()

    async def flaky() -> bool:
        nonlocal failures
        failures += 1
        if failures < 3:
            raise RuntimeError("database restarting")
        retried.set()
        return False

    worker = asyncio.create_task(WakingLoop(flaky, name="relay", poll_seconds=60, retry_seconds=0.001).run())
    try:
        await asyncio.wait_for(retried.wait(), timeout=5)
    finally:
        worker.cancel()
    assert failures == 3


async def test_a_cancel_that_meets_a_wake_up_stops_the_loop() -> None:
    """A NOTIFY waking the loop at the moment its service stops: Python 3.11's `wait_for` returns the wake-up and
    drops the cancellation, so the loop must not rely on it (the notifier's sender hung a stopping service so)."""
    stepped = asyncio.Event()

    async def nothing_to_send() -> bool:
        stepped.set()
        return False

    loop = WakingLoop(nothing_to_send, name="sender", poll_seconds=60)
    worker = asyncio.create_task(loop.run())
    await asyncio.wait_for(stepped.wait(), timeout=5)
    stepped.clear()
    loop.wake()
    worker.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(worker, timeout=5)
