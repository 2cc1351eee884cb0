"""Seed staff accounts and their roles from a YAML file (development and demo stacks)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import yaml

from identity import db
from lpse_runtime.db import connect
from lpse_runtime.settings import ServiceSettings
from lpse_runtime.staff import hash_password


def grants_of(account: dict[str, Any]) -> list[tuple[str, str]]:
    """An entry's roles: `roles: [{role, lpse}, …]`, or the short form `role` + `lpse`."""
    listed = account.get("roles") or [{"role": account["role"], "lpse": account["lpse"]}]
    return [(str(g["role"]), str(g["lpse"])) for g in listed]


async def seed_staff(database_url: str, accounts: list[dict[str, Any]]) -> int:
    """Create or update every account listed; return how many."""
    hashes = await asyncio.gather(*(asyncio.to_thread(hash_password, str(a["password"])) for a in accounts))
    conn = await connect(database_url, schema="identity")
    try:
        async with conn.transaction():
            for a, password_hash in zip(accounts, hashes, strict=True):
                await db.upsert_account(
                    conn,
                    username=a["username"],
                    name=a["name"],
                    full_name=a["full_name"],
                    password_hash=password_hash,
                    grants=grants_of(a),
                )
    finally:
        await conn.close()
    return len(accounts)


def seed_staff_command(settings: ServiceSettings, args: list[str]) -> int:
    """`python -m identity seed-staff FILE`."""
    accounts = yaml.safe_load(Path(args[0]).read_text(encoding="utf-8"))["staff"]
    count = asyncio.run(seed_staff(settings.database_url, accounts))
    print(f"{count} staff accounts seeded")
    return 0
