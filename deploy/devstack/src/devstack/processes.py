"""Child processes started and stopped by PID, and waiting on their readiness with a deadline."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx


def free_port() -> int:
    """A TCP port on the loopback that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Whether the port can be bound on the loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def wait_until(predicate: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.1) -> None:
    """Poll a state until it holds, or raise TimeoutError naming what was awaited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


def http_ok(url: str) -> bool:
    """Whether a GET answers 2xx."""
    try:
        return httpx.get(url, timeout=2.0).is_success
    except httpx.HTTPError:
        return False


def tcp_open(port: int) -> bool:
    """Whether something accepts connections on the loopback port."""
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        return True
    return False


@dataclass
class Child:
    """A process this stack started; stopped by its own PID."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path
    argv: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    started_at: float = field(default_factory=time.monotonic)
    stop_hook: Callable[[], None] | None = None

    @property
    def pid(self) -> int:
        """The process id."""
        return self.popen.pid

    def alive(self) -> bool:
        """Still running."""
        return self.popen.poll() is None

    def tail(self, lines: int = 30) -> str:
        """The end of the child's log."""
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM to the PID, then SIGKILL after the timeout."""
        if self.stop_hook is not None:
            self.stop_hook()
        if not self.alive():
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self.popen.wait(timeout=5)

    def kill(self) -> None:
        """SIGKILL to the PID at once (fault-injection tests)."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.popen.wait(timeout=5)


def _launch(name: str, argv: tuple[str, ...], env: Mapping[str, str], log_path: Path, cwd: Path | None) -> Child:
    """Popen in a new session (a Ctrl-C in the terminal reaches only the stack, which stops each child)."""
    with log_path.open("ab") as log:
        popen = subprocess.Popen(
            list(argv),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
            stdin=subprocess.DEVNULL,
        )
    return Child(name, popen, log_path, argv=argv, env=env, cwd=cwd)


@dataclass
class Children:
    """The processes of a stack, stopped in reverse start order."""

    items: list[Child] = field(default_factory=list)

    def spawn(
        self, name: str, argv: Sequence[str], *, env: Mapping[str, str], log_dir: Path, cwd: Path | None = None
    ) -> Child:
        """Start a process in its own session with output appended to log_dir/name.log."""
        child = _launch(name, tuple(argv), dict(env), log_dir / f"{name}.log", cwd)
        self.items.append(child)
        return child

    def respawn(self, child: Child) -> Child:
        """Start a stopped child again with the same command, environment and log, in its place."""
        fresh = _launch(child.name, child.argv, child.env, child.log_path, child.cwd)
        self.items[self.items.index(child)] = fresh
        return fresh

    def get(self, name: str) -> Child:
        """The child with that name."""
        for child in self.items:
            if child.name == name:
                return child
        raise KeyError(name)

    def stop_all(self) -> None:
        """Stop every child, last started first."""
        for child in reversed(self.items):
            with contextlib.suppress(Exception):
                child.stop()
        self.items.clear()


# Seconds before restarting a crashed child, by how many times in a row it crashed.
BACKOFF_SECONDS: tuple[float, ...] = (2, 4, 8, 16, 30)
# A child that ran this long before dying counts as healthy: its next crash starts the back-off over.
STABLE_AFTER_SECONDS = 60.0


def backoff(attempt: int) -> float:
    """The wait before restart number `attempt` (0-based) of a child that keeps crashing."""
    return BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)]


@dataclass
class Supervisor:
    """Restarts children that died, after a growing back-off, and says so."""

    children: Children
    say: Callable[[str], None]
    on_restart: Callable[[Child], None] = lambda _child: None
    clock: Callable[[], float] = time.monotonic
    due: dict[str, float] = field(default_factory=dict)
    crashes: dict[str, int] = field(default_factory=dict)

    def tick(self) -> None:
        """Notice children that died and restart those whose back-off has passed."""
        now = self.clock()
        for child in list(self.children.items):
            if child.name in self.due:
                if child.alive():  # restarted by hand while it waited
                    del self.due[child.name]
                elif now >= self.due[child.name]:
                    del self.due[child.name]
                    fresh = self.children.respawn(child)
                    self.say(f"{child.name} dijalankan ulang (PID {fresh.pid})")
                    self.on_restart(fresh)
            elif not child.alive():
                if now - child.started_at >= STABLE_AFTER_SECONDS:
                    self.crashes[child.name] = 0
                attempt = self.crashes.get(child.name, 0)
                self.crashes[child.name] = attempt + 1
                delay = backoff(attempt)
                self.due[child.name] = now + delay
                self.say(f"{child.name} berhenti (kode {child.popen.returncode}); dijalankan ulang dalam {delay:g} dtk")
