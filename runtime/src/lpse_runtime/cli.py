"""The command line every service shares: `serve` (default) and `migrate`, plus service extras."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contracts.lpse import ProfileError
from lpse_runtime.migrate import migrate_as_owner
from lpse_runtime.service import run_http
from lpse_runtime.settings import InsecureSettings, ServiceSettings

Extra = Callable[[ServiceSettings, list[str]], int]


def service_main(
    name: str,
    settings_type: type[ServiceSettings],
    create_app: Callable[..., Any],
    migrations: Path | None,
    extras: dict[str, Extra] | None = None,
) -> int:
    """Parse argv and run the chosen command (`migrate` only for a service with migrations of its own)."""
    extras = extras or {}
    parser = argparse.ArgumentParser(prog=f"python -m {name}")
    commands = ["serve", *(["migrate"] if migrations is not None else []), *extras]
    parser.add_argument("command", nargs="?", default="serve", choices=commands)
    parser.add_argument("args", nargs="*")
    args = parser.parse_args()
    settings = settings_type()
    if args.command == "serve":
        try:
            settings.refuse_default_secrets()
        except InsecureSettings as exc:
            print(f"{name}: pengaturan tidak aman, layanan tidak dijalankan: {exc}", file=sys.stderr)
            return 2
        try:
            app = create_app(settings)
        except ProfileError as exc:
            print(f"{name}: profil LPSE tidak valid, layanan tidak dijalankan: {exc}", file=sys.stderr)
            return 2
        run_http(app, settings)
        return 0
    if args.command == "migrate" and migrations is not None:
        # The service's own role may not change its schema; migrations run as the schema's owner role.
        admin_url = os.environ.get("MIGRATION_DATABASE_URL")
        if not admin_url:
            print(f"{name}: setel MIGRATION_DATABASE_URL (URL admin PostgreSQL) untuk migrasi", file=sys.stderr)
            return 2
        print(migrate_as_owner(admin_url, name, migrations))
        return 0
    return extras[args.command](settings, list(args.args))
