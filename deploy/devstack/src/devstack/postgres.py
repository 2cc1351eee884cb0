"""PostgreSQL from the system's binaries in a directory of ours, run as the `postgres` user when we are root."""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import stat
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


def _let_postgres_pass(directory: Path) -> None:
    """As root, make sure the `postgres` user can reach the cluster's directory, or say how to fix it.

    The run directory, and the private 0700 directories `mkdtemp` makes under the temp dir (tests), get the
    search bit only (no listing); a private directory elsewhere (a home) is left alone and named in the error.
    """
    temp = Path(tempfile.gettempdir()).resolve()
    directory = directory.resolve()
    for path in [directory, *directory.parents]:
        if path == temp or not (path == directory or path.is_relative_to(temp)):
            break
        mode = path.stat().st_mode
        if not mode & stat.S_IXOTH:
            path.chmod(mode | stat.S_IXOTH)
    if subprocess.run(_as_db_user(["test", "-x", str(directory)]), check=False).returncode != 0:
        raise RuntimeError(
            f"PostgreSQL berjalan sebagai pengguna {PG_USER} dan tidak dapat membuka {directory}: "
            "pilih LPSE_RUN_DIR yang induknya dapat dilalui semua pengguna (mis. /var/tmp/lpse)"
        )


@dataclass
class EmbeddedPostgres:
    """A cluster in a directory of ours on a loopback port; stopped with pg_ctl, which signals its PID."""

    port: int
    root: Path
    password: str

    @classmethod
    def create(cls, port: int) -> EmbeddedPostgres:
        """initdb a fresh cluster in a new temp directory (tests and benchmarks)."""
        return cls.open(Path(tempfile.mkdtemp(prefix="lpse-pg-")), port)

    @classmethod
    def open(cls, root: Path, port: int) -> EmbeddedPostgres:
        """The cluster kept in `root`: initdb'd on first use, reused (data and password) on every later one."""
        root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            _let_postgres_pass(root.parent)
        password_file = root / "superuser-password"
        if (root / "data" / "PG_VERSION").exists() and password_file.exists():
            return cls(port=port, root=root, password=password_file.read_text().strip())
        shutil.rmtree(root / "data", ignore_errors=True)  # a half-made cluster from an interrupted first start
        password = secrets.token_urlsafe(18)
        pg = cls(port=port, root=root, password=password)
        pg._initdb()
        password_file.write_text(password)
        password_file.chmod(0o600)
        return pg

    def _initdb(self) -> None:
        (self.root / "sock").mkdir(exist_ok=True)
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password)
        if os.geteuid() == 0:
            entry = pwd.getpwnam(PG_USER)
            for path in [self.root, self.root / "sock", pwfile]:
                os.chown(path, entry.pw_uid, entry.pw_gid)
        try:
            subprocess.run(
                _as_db_user(
                    [
                        str(find_pg_bin() / "initdb"),
                        "-D",
                        str(self.data_dir),
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
        finally:
            pwfile.unlink()

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
        """Start the server (stopping one left running by a killed stack) and create `lpse` if it is missing."""
        if self.pid() is not None:
            self.stop()
        self._pg_ctl_start()
        found = subprocess.run(
            _as_db_user(
                [
                    str(find_pg_bin() / "psql"),
                    *self._local(),
                    "-tAc",
                    "SELECT 1 FROM pg_database WHERE datname = 'lpse'",
                ]
            ),
            check=True,
            capture_output=True,
            text=True,
        )
        if found.stdout.strip() != "1":
            subprocess.run(
                _as_db_user([str(find_pg_bin() / "createdb"), *self._local(), "lpse"]), check=True, capture_output=True
            )

    def _local(self) -> list[str]:
        """Connection options for the superuser over the cluster's own socket directory."""
        return ["-h", str(self.root / "sock"), "-p", str(self.port), "-U", "postgres"]

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
        """Stop the server (pg_ctl signals the postmaster PID from its pid file); the data stays."""
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
