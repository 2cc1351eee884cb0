"""After a full journey, no signed link's token, no full NIK or NPWP and no password is in any log of the stack or
in any event's free text on the bus."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.js.errors import NotFoundError

from devstack.stack import Stack
from tests.e2e.driver import activate, open_case_as, open_draft, random_digits, required_uploads, wait_for_mail
from tests.support import SiteClient, unique_email

pytestmark = pytest.mark.e2e

# Structured fields a consumer needs, allowed to carry a secret for now (README, "Secrets in logs and on the bus"):
# the notifier mails the link, verification checks the NPWP and the director's NIK.
STRUCTURED_FIELDS = frozenset({"draft_url", "status_url", "set_password_url", "npwp", "director_nik"})


def token_of(link: str) -> str:
    """The last path segment of a signed link: its secret part."""
    return link.rstrip("/").rsplit("/", 1)[1]


def log_files(stack: Stack) -> list[Path]:
    """Every log the stack writes: each process's, and PostgreSQL's server log."""
    files = sorted(p for p in stack.log_dir.rglob("*") if p.is_file())
    files += sorted((stack.run_dir / "postgres").glob("*.log"))
    return files


def free_text(value: Any) -> Iterator[str]:
    """Every string of an event except the listed structured fields."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in STRUCTURED_FIELDS:
                yield from free_text(item)
    elif isinstance(value, list):
        for item in value:
            yield from free_text(item)
    elif isinstance(value, str):
        yield value


async def bus_texts(stack: Stack) -> list[tuple[str, str]]:
    """(stream and sequence, text) for every message of every stream: its free-text values and its headers."""
    nc = await nats.connect(stack.nats_url)
    found: list[tuple[str, str]] = []
    try:
        js = nc.jetstream()
        for info in await js.streams_info():
            name, state = str(info.config.name), info.state
            for seq in range(max(state.first_seq, 1), state.last_seq + 1):
                try:
                    msg = await js.get_msg(name, seq)
                except NotFoundError:
                    continue
                where = f"{name}#{seq} {msg.subject}"
                found += [(where, f"{k}: {v}") for k, v in (msg.headers or {}).items()]
                try:
                    payload = json.loads(msg.data or b"")
                except ValueError:
                    found.append((where, (msg.data or b"").decode("utf-8", "replace")))
                    continue
                found += [(where, text) for text in free_text(payload)]
    finally:
        await nc.close()
    return found


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
    on_bus = [f"{where}: {label}" for where, text in texts for label, value in secrets.items() if value in text]
    assert on_bus == [], f"secrets in events' free text: {on_bus}"
