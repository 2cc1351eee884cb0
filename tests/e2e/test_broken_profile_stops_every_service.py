"""A profile that does not validate stops every service at start: one clear line naming the file and the field, exit
code 2, no traceback and no half-started service (no stack is started: each service is run on its own)."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import sys
from pathlib import Path

import pytest

from devstack.processes import free_port
from devstack.stack import DEPLOY

pytestmark = pytest.mark.e2e
SERVICES = ("identity", "registration", "verification", "helpdesk", "notifier", "operations", "gateway")
STARTUP_SECONDS = 120.0  # six Python processes importing their stacks at once on a loaded two-core machine


def profiles_with(tmp_path: Path, name: str, find: str, replace: str) -> Path:
    """The shipped profiles with one text replaced in temanggung.yaml."""
    directory = tmp_path / name
    shutil.copytree(DEPLOY / "lpse", directory)
    broken = directory / "temanggung.yaml"
    text = broken.read_text(encoding="utf-8")
    assert find in text
    broken.write_text(text.replace(find, replace, 1), encoding="utf-8")
    return directory


async def start(service: str, lpse_dir: Path) -> tuple[int | None, str]:
    """Run `python -m <service>` against these profiles; its exit code (None if it kept running) and stderr."""
    env = {
        **os.environ,
        "LPSE_DIR": str(lpse_dir),
        "LPSE_ENV": "development",
        # Never reached: the profiles are read before anything connects.
        "DATABASE_URL": f"postgresql://{service}:x@127.0.0.1:{free_port()}/lpse",
        "NATS_URL": f"nats://127.0.0.1:{free_port()}",
        "HTTP_PORT": str(free_port()),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        service,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, err = await asyncio.wait_for(process.communicate(), timeout=STARTUP_SECONDS)
    except TimeoutError:
        os.kill(process.pid, signal.SIGKILL)
        _, err = await asyncio.wait_for(process.communicate(), timeout=10)
        return None, err.decode(errors="replace")
    return process.returncode, err.decode(errors="replace")


async def test_a_profile_that_does_not_validate_stops_every_service_at_start(tmp_path: Path) -> None:
    bad_zone = profiles_with(tmp_path, "zona", "time_zone: Asia/Jakarta", "time_zone: Asia/Bandung")
    bad_yaml = profiles_with(tmp_path, "yaml", "time_zone: Asia/Jakarta", "time_zone: [Asia/Jakarta")
    runs = [(service, bad_zone) for service in SERVICES] + [("registration", bad_yaml)]
    results = await asyncio.gather(*(start(service, directory) for service, directory in runs))
    for (service, directory), (code, err) in zip(runs, results, strict=True):
        assert code == 2, f"{service} exit code {code}: {err[-2000:]}"
        assert "Traceback" not in err, f"{service}: {err[-2000:]}"
        first, *rest = err.strip().splitlines()
        assert first.startswith(f"{service}: profil LPSE tidak valid, layanan tidak dijalankan: "), first
        if directory == bad_zone:
            assert f"{directory / 'temanggung.yaml'}: time_zone: " in first, first
            assert rest == [], f"{service}: one line"
        else:  # the parser's own pointer follows: where in the file it stopped
            assert f"{directory / 'temanggung.yaml'}: not valid YAML" in first, first
            assert re.search(r"line \d+, column \d+:", err), err
