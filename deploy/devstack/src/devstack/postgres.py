"""A throwaway PostgreSQL from the system's binaries, run as the `postgres` user when we are root."""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_USER = "postgres"


def find_pg_bin() -> Path:
    """The directory holding initdb and pg_ctl: PATH first, then Debian's versioned directories."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if candidates:
        return candidates[-1].parent
    raise RuntimeError(
        "PostgreSQL server binaries not found: `make run`/`make test` install the postgresql package with apt"
    )


def _as_db_user(argv: list[str]) -> list[str]:
    """Run as the postgres user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", PG_USER, "--", *argv]


@dataclass
class EmbeddedPostgres:
    """A cluster in a temp directory on a loopback port; stopped with pg_ctl, which signals its PID."""

    port: int
    root: Path
    password: str

    @classmethod
    def create(cls, port: int) -> EmbeddedPostgres:
        """initdb a fresh cluster with a random superuser password."""
        root = Path(tempfile.mkdtemp(prefix="lpse-pg-"))
        password = secrets.token_urlsafe(18)
        pg = cls(port=port, root=root, password=password)
        (root / "sock").mkdir()
        pwfile = root / "pwfile"
        pwfile.write_text(password)
        if os.geteuid() == 0:
            entry = pwd.getpwnam(PG_USER)
            for path in [root, root / "sock", pwfile]:
                os.chown(path, entry.pw_uid, entry.pw_gid)
        bindir = find_pg_bin()
        subprocess.run(
            _as_db_user(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(pg.data_dir),
                    "-U",
                    "postgres",
                    "--pwfile",
                    str(pwfile),
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            capture_output=True,
        )
        pwfile.unlink()
        return pg

    @property
    def data_dir(self) -> Path:
        """The cluster's data directory."""
        return self.root / "data"

    @property
    def log_path(self) -> Path:
        """The server log."""
        return self.root / "postgres.log"

    @property
    def admin_url(self) -> str:
        """Superuser URL of the `lpse` database."""
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/lpse"

    def start(self) -> None:
        """Start the server and create the `lpse` database."""
        self._pg_ctl_start()
        subprocess.run(
            _as_db_user(
                [
                    str(find_pg_bin() / "createdb"),
                    "-h",
                    str(self.root / "sock"),
                    "-p",
                    str(self.port),
                    "-U",
                    "postgres",
                    "lpse",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def _pg_ctl_start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root / 'sock'} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            _as_db_user(
                [
                    str(find_pg_bin() / "pg_ctl"),
                    "-D",
                    str(self.data_dir),
                    "-o",
                    options,
                    "-l",
                    str(self.log_path),
                    "-w",
                    "-t",
                    "60",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )

    def pid(self) -> int | None:
        """The postmaster's PID, from its pid file."""
        try:
            return int((self.data_dir / "postmaster.pid").read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (pg_ctl signals the postmaster PID from its pid file)."""
        if self.pid() is None:
            return
        subprocess.run(
            _as_db_user([str(find_pg_bin() / "pg_ctl"), "-D", str(self.data_dir), "-m", mode, "-w", "stop"]),
            check=False,
            capture_output=True,
        )

    def restart(self) -> None:
        """Stop and start again on the same port and data (reliability tests)."""
        self.stop()
        self._pg_ctl_start()

    def destroy(self) -> None:
        """Stop and delete the cluster."""
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
