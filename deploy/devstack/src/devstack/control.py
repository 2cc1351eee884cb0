"""The run directory of a stack: what it keeps, its PID file, and the requests other commands leave for it."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from lpse_runtime.settings import REPO_ROOT

# Without LPSE_RUN_DIR the data stays under the project, so a week of trying keeps yesterday's cases.
DEFAULT_RUN_DIR = REPO_ROOT / ".run"
MARKER = ".lpse-run-dir"  # `reset` deletes only a directory that carries it (LPSE_RUN_DIR=$HOME must not go)


def run_dir_from_environment() -> Path:
    """LPSE_RUN_DIR when set, the project's `.run/` otherwise."""
    return Path(os.environ.get("LPSE_RUN_DIR") or DEFAULT_RUN_DIR).resolve()


def prepare(run_dir: Path) -> None:
    """Create the run directory (or reuse it, keeping its data) and mark it as ours."""
    if run_dir.exists() and any(run_dir.iterdir()) and not (run_dir / MARKER).exists():
        raise RuntimeError(f"{run_dir} berisi berkas lain; pilih direktori kosong untuk LPSE_RUN_DIR")
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / MARKER).write_text("Data tumpukan pengembangan LPSE (PostgreSQL, JetStream, surat, log).\n")


def stack_secrets(run_dir: Path) -> dict[str, str]:
    """The session, LKPP and BSSN callback and link-sealing secrets, kept so yesterday's sessions and links work."""
    path = run_dir / "secrets.json"
    made = {
        "session": secrets.token_urlsafe(32),
        "lkpp": secrets.token_urlsafe(24),
        "link": secrets.token_urlsafe(32),
        "bssn": secrets.token_urlsafe(24),
    }
    with contextlib.suppress(OSError, ValueError):
        kept = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(kept, dict) and {"session", "lkpp"} <= kept.keys():
            if made.keys() <= kept.keys():
                return {k: str(v) for k, v in kept.items()}
            # A run dir from before sealing or BSSN: its secrets kept, the newer ones made now.
            made = {**made, **{k: str(v) for k, v in kept.items()}}
    path.write_text(json.dumps(made), encoding="utf-8")
    path.chmod(0o600)
    return made


def pid_alive(pid: int) -> bool:
    """Whether a process with that PID exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class RunDir:
    """The files through which `make stop`, `make restart` and tests talk to a running stack."""

    path: Path

    @property
    def pid_file(self) -> Path:
        """The stack process's PID while it runs."""
        return self.path / "stack.pid"

    @property
    def state_file(self) -> Path:
        """The front door URL and each child's PID, rewritten when a child restarts."""
        return self.path / "stack.json"

    @property
    def requests(self) -> Path:
        """Where restart requests wait for the stack to pick them up."""
        return self.path / "control"

    def running_pid(self) -> int | None:
        """The PID of the stack running on this directory, if one does."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if pid_alive(pid) else None

    def claim(self) -> None:
        """Write our PID, refusing when another stack already runs on this directory."""
        other = self.running_pid()
        if other is not None and other != os.getpid():
            raise RuntimeError(f"tumpukan lain sudah berjalan di {self.path} (PID {other}); hentikan dengan make stop")
        self.pid_file.write_text(f"{os.getpid()}\n")
        self.requests.mkdir(exist_ok=True)
        for stale in self.requests.iterdir():
            stale.unlink()

    def release(self) -> None:
        """Remove the PID and state files if they are ours."""
        if self.running_pid() == os.getpid():
            self.pid_file.unlink(missing_ok=True)
            self.state_file.unlink(missing_ok=True)

    def write_state(self, url: str, children: dict[str, int]) -> None:
        """Record the URL and the children's PIDs (written whole, then renamed, so a reader never sees half)."""
        temp = self.state_file.with_suffix(".tmp")
        temp.write_text(json.dumps({"pid": os.getpid(), "url": url, "children": children}), encoding="utf-8")
        temp.replace(self.state_file)

    def read_state(self) -> dict[str, object]:
        """The last recorded state ({} when none)."""
        try:
            loaded = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def pending_restarts(self) -> list[str]:
        """Names of children someone asked to restart."""
        return sorted(p.stem for p in self.requests.glob("*.restart"))

    def answer_restart(self, name: str, answer: str) -> None:
        """Tell the waiting `restart` command how it went, and drop the request."""
        (self.requests / f"{name}.done").write_text(answer, encoding="utf-8")
        (self.requests / f"{name}.restart").unlink(missing_ok=True)


def request_restart(run_dir: RunDir, name: str, *, timeout: float = 120.0) -> tuple[bool, str]:
    """Ask the running stack to restart one child and wait for its answer."""
    if run_dir.running_pid() is None:
        return False, f"Tidak ada tumpukan yang berjalan di {run_dir.path}."
    done = run_dir.requests / f"{name}.done"
    done.unlink(missing_ok=True)
    (run_dir.requests / f"{name}.restart").write_text("", encoding="utf-8")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if done.exists():
            answer = done.read_text(encoding="utf-8")
            done.unlink(missing_ok=True)
            return answer.startswith("ok"), answer.removeprefix("ok").strip()
        if run_dir.running_pid() is None:
            return False, "Tumpukan berhenti sebelum menjawab."
        time.sleep(0.2)
    return False, f"Tidak ada jawaban dalam {timeout:.0f} dtk."


def stop_running(run_dir: RunDir, *, timeout: float = 90.0) -> tuple[bool, str]:
    """SIGTERM to the stack's PID from its PID file, then wait for it to finish stopping its children."""
    pid = run_dir.running_pid()
    if pid is None:
        return True, f"Tidak ada tumpukan yang berjalan di {run_dir.path}."
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True, f"Tumpukan (PID {pid}) berhenti."
        time.sleep(0.2)
    return False, f"Tumpukan (PID {pid}) belum berhenti setelah {timeout:.0f} dtk."


def reset(run_dir: RunDir) -> str:
    """Delete a stopped stack's data so the next start is fresh."""
    if run_dir.running_pid() is not None:
        raise RuntimeError("tumpukan masih berjalan; jalankan make stop dulu")
    if not run_dir.path.exists():
        return f"{run_dir.path} belum ada; tidak ada yang dihapus."
    if not (run_dir.path / MARKER).exists():
        raise RuntimeError(f"{run_dir.path} bukan direktori data tumpukan; tidak dihapus")
    shutil.rmtree(run_dir.path)
    return f"Data di {run_dir.path} dihapus; start berikutnya mulai dari awal."
