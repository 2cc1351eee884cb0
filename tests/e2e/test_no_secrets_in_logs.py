"""After a full journey, no signed link's token, no full NIK or NPWP and no password is in any log of the stack or
on the bus (a full NIK or NPWP only in the fields the README lists), and no token in any service's tables: the
notifier keeps its emails sealed, with no NIK or NPWP either."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import nats
import pytest
from nats.js.errors import NotFoundError

from devstack.stack import Stack
from tests.e2e.driver import activate, open_case_as, open_draft, random_digits, required_uploads, wait_for_mail
from tests.support import SiteClient, unique_email

pytestmark = pytest.mark.e2e

# README, "Secrets and personal data on the bus": the only fields that carry a full NPWP or NIK, by fact.
PERSONAL_FIELDS = {
    "application.submitted.v1": frozenset({"npwp", "director_nik"}),
    "aggregation.requested.v1": frozenset({"npwp"}),
}
PERSONAL = frozenset({"NPWP", "NIK"})
SERVICE_SCHEMAS = ("registration", "verification", "helpdesk", "notifier", "identity", "operations", "gateway")


def token_of(link: str) -> str:
    """The last path segment of a signed link: its secret part."""
    return link.rstrip("/").rsplit("/", 1)[1]


def log_files(stack: Stack) -> list[Path]:
    """Every log the stack writes: each process's, and PostgreSQL's server log."""
    files = sorted(p for p in stack.log_dir.rglob("*") if p.is_file())
    files += sorted((stack.run_dir / "postgres").glob("*.log"))
    return files


def texts_of(value: Any, field: str = "") -> Iterator[tuple[str, str]]:
    """(top-level field, text) for every string of an event, however deep."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from texts_of(item, field or key)
    elif isinstance(value, list):
        for item in value:
            yield from texts_of(item, field)
    elif isinstance(value, str):
        yield field, value


def allowed_on_bus(subject: str, field: str, label: str) -> bool:
    """Whether this secret may stand in this field of this fact: a full NPWP or NIK where the README lists it."""
    fact = subject.split(".", 2)[-1]
    return label in PERSONAL and field in PERSONAL_FIELDS.get(fact, frozenset())


async def bus_texts(stack: Stack) -> list[tuple[str, str, str, str]]:
    """(stream and sequence, subject, field, text) for every message of every stream: each value and header."""
    nc = await nats.connect(stack.nats_url)
    found: list[tuple[str, str, str, str]] = []
    try:
        js = nc.jetstream()
        for info in await js.streams_info():
            name, state = str(info.config.name), info.state
            for seq in range(max(state.first_seq, 1), state.last_seq + 1):
                try:
                    msg = await js.get_msg(name, seq)
                except NotFoundError:
                    continue
                where, subject = f"{name}#{seq}", str(msg.subject)
                found += [(where, subject, "header", f"{k}: {v}") for k, v in (msg.headers or {}).items()]
                try:
                    payload = json.loads(msg.data or b"")
                except ValueError:
                    found.append((where, subject, "", (msg.data or b"").decode("utf-8", "replace")))
                    continue
                found += [(where, subject, field, text) for field, text in texts_of(payload)]
    finally:
        await nc.close()
    return found


async def rows_at_rest(stack: Stack) -> list[tuple[str, str]]:
    """(schema.table, the row as text) for every row of every service's tables."""
    conn = await asyncpg.connect(stack.admin_database_url)
    try:
        tables = await conn.fetch(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_schema = ANY($1::text[]) AND table_type = 'BASE TABLE'",
            list(SERVICE_SCHEMAS),
        )
        found: list[tuple[str, str]] = []
        for t in tables:
            name = f'"{t["table_schema"]}"."{t["table_name"]}"'
            rows = await conn.fetch(f"SELECT t::text AS row FROM {name} t")
            found += [(f"{t['table_schema']}.{t['table_name']}", str(r["row"])) for r in rows]
        return found
    finally:
        await conn.close()


async def test_a_full_journey_leaves_no_secret_in_the_logs_or_the_events_free_text(stack: Stack) -> None:
    email = unique_email("rahasia")
    npwp, nik = random_digits(16), random_digits(16)
    secrets: dict[str, str] = {"NPWP": npwp, "NIK": nik}
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as verifier,
        SiteClient(base_url=stack.front_url) as twin,
    ):
        draft_path = await open_draft(applicant, "depok", email)
        secrets["draft token"] = token_of(draft_path)
        fields = {
            "provider_type": "badan_usaha_cv",
            "company_name": "CV Rahasia Terjaga",
            "npwp": npwp,
            "nib": random_digits(13),
            "director_name": "Dewi Lestari",
            "director_nik": nik,
        }
        bad = await applicant.post(draft_path, data={"action": "kirim", **fields, "nib": "12"})
        assert bad.status_code == 422
        submitted = await applicant.post(
            draft_path, data={"action": "kirim", **fields}, files=required_uploads("depok", "badan_usaha_cv")
        )
        assert submitted.status_code == 303
        status_path = submitted.headers["location"].split("?")[0]
        secrets["status token"] = token_of(status_path)
        page = await applicant.get(submitted.headers["location"])
        reference = re.search(r"Nomor pendaftaran:\s*<strong>([A-Z0-9-]+)</strong>", page.text)
        assert reference

        # The same NPWP again, elsewhere: refused, and the refusal must not write the number into a log.
        twin_path = await open_draft(twin, "magelang", unique_email("kembar"))
        refused = await twin.post(twin_path, data={"action": "kirim", **fields, "nib": random_digits(13)})
        assert refused.status_code == 422 and "NPWP ini sudah terdaftar" in refused.text

        wrong_password = "Salah-Sandi-Staf-4417"
        secrets["staff password typed wrong"] = wrong_password
        denied = await verifier.post("/staf/masuk", data={"username": "verifikator.depok", "password": wrong_password})
        assert denied.status_code == 401
        secrets["staff password"] = "depok-2026"
        case_path = await open_case_as(verifier, "verifikator.depok", "depok-2026", reference.group(1))
        await activate(verifier, case_path)

        activation = await wait_for_mail(applicant, email, "Akun penyedia aktif")
        link = re.search(r"http://\S+(/akun/sandi/\S+)", activation["text"])
        user_id = re.search(r"User ID: (\S+)", activation["text"])
        assert link and user_id
        secrets["set-password token"] = token_of(link.group(1))
        first_password = "Sandi-Pertama-Log-2026"
        secrets["provider password"] = first_password
        set_first = await applicant.post(link.group(1), data={"password": first_password, "repeat": first_password})
        assert set_first.status_code == 200

        asked = await applicant.post("/akun/lupa-sandi", data={"identifier": user_id.group(1)})
        assert asked.status_code == 200
        reset = await wait_for_mail(applicant, email, f"Atur ulang kata sandi User ID {user_id.group(1)}")
        reset_link = re.search(r"http://\S+(/akun/sandi/\S+)", reset["text"])
        assert reset_link
        secrets["reset token"] = token_of(reset_link.group(1))
        new_password = "Sandi-Baru-Log-2026"
        secrets["provider's new password"] = new_password
        set_new = await applicant.post(reset_link.group(1), data={"password": new_password, "repeat": new_password})
        assert set_new.status_code == 200
        # A used link opened again: an error page, still without the token in any log.
        assert (await applicant.post(reset_link.group(1), data={"password": "x", "repeat": "x"})).status_code == 410

    leaks = [
        f"{path.name}: {label}"
        for path in log_files(stack)
        for label, value in secrets.items()
        if value in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert leaks == [], f"secrets in the logs: {leaks}"

    texts = await bus_texts(stack)
    assert texts, "the streams were read"
    on_bus = [
        f"{where} {subject} {field}: {label}"
        for where, subject, field, text in texts
        for label, value in secrets.items()
        if value in text and not allowed_on_bus(subject, field, label)
    ]
    assert on_bus == [], f"secrets on the bus: {len(on_bus)}: {on_bus}"

    rows = await rows_at_rest(stack)
    assert "notifier.deliveries" in {table for table, _ in rows}, f"the notifier's emails were read: {rows[:3]}"
    # Tokens in no table (only digests, or sealed); no NIK or NPWP in what the notifier keeps.
    at_rest = [
        f"{table}: {label}"
        for table, row in rows
        for label, value in secrets.items()
        if value in row and (label not in PERSONAL or table.startswith("notifier."))
    ]
    assert at_rest == [], f"secrets at rest: {len(at_rest)}: {at_rest}"
