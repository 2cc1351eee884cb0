"""Seed staff accounts and their roles from a YAML file (development and demo stacks)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from contracts.envelope import Actor
from contracts.identity import StaffGrant
from identity.staff_accounts import NewAccount, seed_account
from lpse_runtime.db import connect
from lpse_runtime.settings import ServiceSettings
from lpse_runtime.staff import hash_password
from lpse_runtime.text import normalized_email

SEED_ACTOR = Actor.system("seed")


def grants_of(account: dict[str, Any]) -> tuple[StaffGrant, ...]:
    """An entry's roles: `roles: [{role, lpse}, …]`, or the short form `role` + `lpse`."""
    listed = account.get("roles") or [{"role": account["role"], "lpse": account["lpse"]}]
    return tuple(StaffGrant.model_validate({"role": g["role"], "lpse": str(g["lpse"])}) for g in listed)


def new_account(entry: dict[str, Any]) -> NewAccount:
    """One entry of the seed file."""
    return NewAccount(
        username=str(entry["username"]),
        name=str(entry["name"]),
        full_name=str(entry["full_name"]),
        grants=grants_of(entry),
        password=str(entry["password"]),
        email=seed_email(entry),
    )


def seed_email(entry: dict[str, Any]) -> str | None:
    """An entry's optional `email:` in normal form; a malformed one stops the seed with the entry's name."""
    if "email" not in entry:
        return None
    email = normalized_email(str(entry["email"]))
    if email is None:
        raise ValueError(f"seed entry {entry.get('username')!r}: email {entry['email']!r} is not a valid address")
    return email


async def seed_staff(database_url: str, accounts: list[dict[str, Any]], now: datetime | None = None) -> dict[str, int]:
    """Create the accounts listed and align the roles of those that exist, through the administrator's own use
    cases (so each publishes its facts once, and a re-seed publishes nothing new); return how many of each."""
    listed = [new_account(a) for a in accounts]
    hashes = await asyncio.gather(*(asyncio.to_thread(hash_password, a.password) for a in listed))
    moment = now or datetime.now(UTC)
    counts: dict[str, int] = {}
    conn = await connect(database_url, schema="identity")
    try:
        async with conn.transaction():
            for new, password_hash in zip(listed, hashes, strict=True):
                done = await seed_account(conn, new, password_hash, actor=SEED_ACTOR, now=moment)
                counts[done] = counts.get(done, 0) + 1
    finally:
        await conn.close()
    return counts


def seed_staff_command(settings: ServiceSettings, args: list[str]) -> int:
    """`python -m identity seed-staff FILE`."""
    accounts = yaml.safe_load(Path(args[0]).read_text(encoding="utf-8"))["staff"]
    counts = asyncio.run(seed_staff(settings.database_url, accounts))
    print(", ".join(f"{n} {what}" for what, n in sorted(counts.items())) + " staff accounts")
    return 0
