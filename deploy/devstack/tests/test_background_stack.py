"""`make run` in the background: a killed service comes back, one restarts by hand, SIGTERM stops every process."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import nats
import pytest

from devstack.control import RunDir
from devstack.processes import free_port, http_ok, wait_until
from lpse_runtime.settings import REPO_ROOT
from tests.support import eventually

pytestmark = pytest.mark.e2e


def running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@dataclass
class Background:
    """`make run` started the way a script or a service manager would, with its output in a file."""

    make: subprocess.Popen[bytes]
    run_dir: RunDir
    output: Path

    def said(self) -> str:
        """Everything the stack printed so far."""
        return self.output.read_text(errors="replace")

    def pids(self) -> dict[str, int]:
        """Each child's PID as the stack last recorded it."""
        children = self.run_dir.read_state().get("children", {})
        return {str(k): int(v) for k, v in children.items()} if isinstance(children, dict) else {}

    def url(self) -> str:
        """The front door."""
        return str(self.run_dir.read_state()["url"])


def admin_url(run_dir: Path) -> str:
    """The embedded PostgreSQL's superuser URL, from its password file and the port in its pid file."""
    password = (run_dir / "postgres" / "superuser-password").read_text().strip()
    port = (run_dir / "postgres" / "data" / "postmaster.pid").read_text().splitlines()[3]
    return f"postgresql://postgres:{password}@127.0.0.1:{port}/lpse"


def nats_url(said: str) -> str:
    """The NATS URL the stack printed."""
    return said.split("NATS: ", 1)[1].split()[0]


@pytest.fixture(scope="module")
def background() -> Iterator[Background]:
    """`make run &` on a fresh run directory; whatever the test leaves running is stopped by PID."""
    run_dir = Path(tempfile.mkdtemp(prefix="lpse-bg-"))  # under /tmp, where the `postgres` user can pass
    output = run_dir.with_suffix(".out")
    env = {**os.environ, "LPSE_RUN_DIR": str(run_dir), "LPSE_PORT": str(free_port())}
    for external in ("NATS_URL", "DATABASE_URL", "SMTP_URL"):
        env.pop(external, None)
    with output.open("wb") as out:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "run"], cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    bg = Background(make, RunDir(run_dir), output)

    def ready() -> bool:
        if make.poll() is not None:
            raise AssertionError(f"make run exited with {make.returncode}:\n{bg.said()}")
        return "Mulai dari awal" in bg.said()  # the banner's last line: the stack has said all it says at start

    try:
        wait_until(ready, timeout=240, what="make run to print its URL and how to stop it")
        yield bg
    finally:
        if make.poll() is None:
            make.send_signal(signal.SIGTERM)
            make.wait(timeout=120)
        shutil.rmtree(run_dir, ignore_errors=True)
        output.unlink(missing_ok=True)


async def test_the_stack_writes_its_pid_and_says_where_its_data_lives(background: Background) -> None:
    assert background.run_dir.running_pid() is not None
    said = background.said()
    assert f"disimpan di {background.run_dir.path}" in said
    assert "make stop" in said and "make reset" in said and "make restart SERVICE=" in said
    # Today's data, looked for again after the stack has been stopped and started (the last test).
    conn = await asyncpg.connect(admin_url(background.run_dir.path))
    await conn.execute("CREATE TABLE kemarin (reference text); INSERT INTO kemarin VALUES ('DPK-2612-KEMARIN')")
    await conn.close()
    nc = await nats.connect(nats_url(said))
    await nc.jetstream().publish("registration.depok.application.kept_for_tomorrow.v1", b"{}")
    await nc.close()


def test_a_killed_service_is_restarted_and_answers_again(background: Background) -> None:
    before = background.pids()["registration"]
    os.kill(before, signal.SIGKILL)
    health = f"{background.url()}/daftar/health/ready"
    wait_until(
        lambda: background.pids().get("registration", before) != before and http_ok(health),
        timeout=90,
        what="registration restarted and ready",
    )
    assert "registration berhenti (kode -9); dijalankan ulang dalam 2 dtk" in background.said()


def test_one_service_restarts_by_hand_and_the_others_keep_running(background: Background) -> None:
    before = background.pids()
    result = subprocess.run(
        [sys.executable, "-m", "devstack", "restart", "verification"],
        env={**os.environ, "LPSE_RUN_DIR": str(background.run_dir.path)},
        capture_output=True,
        text=True,
        timeout=150,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    after = background.pids()
    assert after["verification"] != before["verification"] and "verification berjalan lagi" in result.stdout
    assert {k: v for k, v in after.items() if k != "verification"} == {
        k: v for k, v in before.items() if k != "verification"
    }
    assert httpx.get(f"{background.url()}/staf/health/ready", timeout=5).is_success


def test_sigterm_to_make_stops_every_process_of_the_stack(background: Background) -> None:
    stack_pid = background.run_dir.running_pid()
    assert stack_pid is not None
    pids = {**background.pids(), "stack": stack_pid}
    assert "postgres" in pids and len(pids) >= 10
    background.make.send_signal(signal.SIGTERM)
    assert background.make.wait(timeout=120) is not None
    # PostgreSQL is not a child of the stack (pg_ctl detaches it): give its exit a deadline, not a pause.
    with contextlib.suppress(TimeoutError):
        wait_until(lambda: not any(running(pid) for pid in pids.values()), timeout=30, what="every process gone")
    assert {name: pid for name, pid in pids.items() if running(pid)} == {}
    assert not background.run_dir.pid_file.exists()
    assert "Selesai." in background.said()


async def yesterdays_data(run_dir: Path, nats_url: str) -> tuple[str, bytes]:
    """The marker row and the kept message, read from the restarted stack."""
    conn = await asyncpg.connect(admin_url(run_dir))
    reference = str(await conn.fetchval("SELECT reference FROM kemarin"))
    await conn.close()
    nc = await nats.connect(nats_url)
    kept = await nc.jetstream().get_last_msg("REGISTRATION", "registration.depok.application.kept_for_tomorrow.v1")
    await nc.close()
    return reference, kept.data or b""


async def test_a_restarted_stack_still_has_yesterdays_data(background: Background) -> None:
    with background.output.open("ab") as out:
        again = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "devstack",
            "run",
            env={**os.environ, "LPSE_RUN_DIR": str(background.run_dir.path), "LPSE_PORT": str(free_port())},
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    async def started_again() -> bool:
        if again.returncode is not None:
            raise AssertionError(f"the second start exited with {again.returncode}:\n{background.said()}")
        return background.said().count("Mulai dari awal") == 2  # the second banner, to its last line

    try:
        await eventually(started_again, timeout=240, what="the second start")
        second_start = background.said().rsplit("Siap dalam", 1)[1]
        assert await yesterdays_data(background.run_dir.path, nats_url(second_start)) == ("DPK-2612-KEMARIN", b"{}")
    finally:
        again.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(again.wait(), timeout=120) == 0
