"""Seed staff accounts from a YAML file (development and demo stacks)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import yaml

from lpse_runtime.db import connect
from lpse_runtime.settings import ServiceSettings
from lpse_runtime.staff import hash_password
from verification import db


async def seed_staff(database_url: str, accounts: list[dict[str, str]]) -> int:
    """Create or update every account listed; return how many."""
    conn = await connect(database_url, schema="verification")
    try:
        async with conn.transaction():
            for a in accounts:
                await db.upsert_staff(
                    conn,
                    username=a["username"],
                    name=a["name"],
                    full_name=a["full_name"],
                    role=a["role"],
                    lpse=a["lpse"],
                    password_hash=hash_password(a["password"]),
                )
    finally:
        await conn.close()
    return len(accounts)


def seed_staff_command(settings: ServiceSettings, args: list[str]) -> int:
    """`python -m verification seed-staff FILE`."""
    accounts = yaml.safe_load(Path(args[0]).read_text(encoding="utf-8"))["staff"]
    count = asyncio.run(seed_staff(settings.database_url, accounts))
    print(f"{count} staff accounts seeded")
    return 0
