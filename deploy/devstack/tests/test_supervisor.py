"""A crashed child of the stack is restarted after a growing back-off, and the stack says so."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from devstack.processes import Children, Supervisor, backoff, wait_until


class FakeClock:
    """Monotonic seconds that only move when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_backoff_grows_then_stays_at_thirty_seconds() -> None:
    assert [backoff(n) for n in range(7)] == [2, 4, 8, 16, 30, 30, 30]


def test_a_crashing_child_is_restarted_with_growing_delays(tmp_path: Path) -> None:
    children, said, clock = Children(), list[str](), FakeClock()
    crash = [sys.executable, "-c", "raise SystemExit(1)"]
    child = children.spawn("registration", crash, env=os.environ, log_dir=tmp_path)
    child.started_at = clock.now
    supervisor = Supervisor(children, said.append, clock=clock)
    try:
        for delay in (2, 4, 8):
            current = children.get("registration")
            wait_until(lambda c=current: not c.alive(), timeout=20, what="the child to exit")  # type: ignore[misc]
            supervisor.tick()
            assert said[-1] == f"registration berhenti (kode 1); dijalankan ulang dalam {delay} dtk"
            clock.now += delay - 0.5
            supervisor.tick()
            assert children.get("registration") is current, "not restarted before its back-off has passed"
            clock.now += 0.5
            supervisor.tick()
            fresh = children.get("registration")
            assert fresh is not current and said[-1] == f"registration dijalankan ulang (PID {fresh.pid})"
            fresh.started_at = clock.now
    finally:
        children.stop_all()


def test_a_child_that_ran_a_minute_starts_the_backoff_over(tmp_path: Path) -> None:
    children, said, clock = Children(), list[str](), FakeClock()
    crash = [sys.executable, "-c", "raise SystemExit(3)"]
    supervisor = Supervisor(children, said.append, clock=clock, crashes={"notifier": 4})
    child = children.spawn("notifier", crash, env=os.environ, log_dir=tmp_path)
    child.started_at = clock.now - 61
    try:
        wait_until(lambda: not child.alive(), timeout=20, what="the child to exit")
        supervisor.tick()
        assert said == ["notifier berhenti (kode 3); dijalankan ulang dalam 2 dtk"]
    finally:
        children.stop_all()


def test_a_child_restarted_by_hand_meanwhile_is_not_started_twice(tmp_path: Path) -> None:
    children, said, clock = Children(), list[str](), FakeClock()
    # Exits the first time, runs the second: the hand restart is still running when the back-off ends.
    once = (
        f"import pathlib, time; f = pathlib.Path({str(tmp_path / 'ran')!r}); f.exists() and time.sleep(60); f.touch()"
    )
    child = children.spawn("helpdesk", [sys.executable, "-c", once], env=os.environ, log_dir=tmp_path)
    supervisor = Supervisor(children, said.append, clock=clock)
    try:
        wait_until(lambda: not child.alive(), timeout=20, what="the child to exit")
        supervisor.tick()
        by_hand = children.respawn(child)
        clock.now += 10
        supervisor.tick()
        assert children.get("helpdesk") is by_hand and said[-1].startswith("helpdesk berhenti")
    finally:
        children.stop_all()
