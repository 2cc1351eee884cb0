"""The e2e driver: what an applicant and the staff do through the front door, shared by the e2e, browser and
reliability tests (kept out of the test modules so that no test imports another)."""

from __future__ import annotations

import re
import secrets
from typing import Any

import httpx

from contracts.lpse import Requirement, load_profiles, requirement
from contracts.registration import ProviderType
from devstack.stack import DEPLOY
from tests.support import eventually


async def mail_to(client: httpx.AsyncClient, address: str, subject_part: str) -> dict[str, Any] | None:
    """The one email to `address` whose subject contains `subject_part`, if it has arrived (twice fails)."""
    messages = (await client.get("/mail/api/messages")).json()
    found = [m for m in messages if m["to"] == address and subject_part in m["subject"]]
    assert len(found) <= 1, f"{len(found)} emails '{subject_part}' to {address}: sent more than once"
    return found[0] if found else None


async def wait_for_mail(client: httpx.AsyncClient, address: str, subject_part: str) -> dict[str, Any]:
    """Wait (with a deadline) for that email in the development mail capture and return it."""
    box: dict[str, dict[str, Any]] = {}

    async def arrived() -> bool:
        message = await mail_to(client, address, subject_part)
        if message is not None:
            box["m"] = message
        return message is not None

    await eventually(arrived, timeout=30, what=f"email '{subject_part}' to {address}")
    return box["m"]


def random_digits(count: int) -> str:
    """An identifier no other test uses (duplicates across LPSEs are refused)."""
    return "".join(secrets.choice("0123456789") for _ in range(count))


async def open_draft(client: httpx.AsyncClient, lpse: str, email: str) -> str:
    """Prove the email: ask for the link, take it from the mailbox; returns the draft form's path."""
    sent = await client.post(f"/daftar/{lpse}/", data={"email": email})
    assert sent.status_code == 200 and 'id="link-sent"' in sent.text, sent.text
    mail = await wait_for_mail(client, email, "pendaftaran penyedia")
    link = re.search(r"(http://\S+/daftar/draf/\S+)", mail["text"])
    assert link
    return "/" + link.group(1).split("/", 3)[3]


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

PROFILES = load_profiles(DEPLOY / "lpse")


def required_uploads(lpse: str, provider_type: str, *, by_proxy: bool = False) -> dict[str, tuple[str, bytes, str]]:
    """A scanned PDF for every mandatory document of the LPSE's standard for that applicant."""
    rules = PROFILES[lpse].service("registrasi_penyedia").documents
    return {
        f"doc_{r.code}": (f"{r.code}.pdf", PDF, "application/pdf")
        for r in rules
        if requirement(r, ProviderType(provider_type), by_proxy=by_proxy) is Requirement.MANDATORY
    }


async def submit_application(
    client: httpx.AsyncClient,
    lpse: str,
    email: str,
    company: str,
    provider_type: str = "badan_usaha_cv",
    **choices: str,
) -> tuple[str, str]:
    """Prove the email, fill in the form with its documents and send it; returns (reference, status path).

    `choices` are further fields the applicant sets, e.g. verification_mode="loket" where the LPSE offers it."""
    draft_path = await open_draft(client, lpse, email)
    submitted = await client.post(
        draft_path,
        files=required_uploads(lpse, provider_type),
        data={
            "action": "kirim",
            "provider_type": provider_type,
            "company_name": company,
            "npwp": random_digits(16),
            "nib": random_digits(13),
            "director_name": "Ahmad Fauzi",
            "director_nik": random_digits(16),
            **choices,
        },
    )
    assert submitted.status_code == 303, submitted.text
    page = await client.get(submitted.headers["location"])
    reference = re.search(r"Nomor pendaftaran:\s*<strong>([A-Z0-9-]+)</strong>", page.text)
    assert reference
    return reference.group(1), submitted.headers["location"].split("?")[0]


async def sign_in_as(client: httpx.AsyncClient, username: str, password: str) -> None:
    """Sign in through the staff sign-in page; the client keeps the session cookie."""
    assert (await client.post("/staf/masuk", data={"username": username, "password": password})).status_code == 303


async def open_case_as(client: httpx.AsyncClient, username: str, password: str, reference: str) -> str:
    """Sign in and wait for the case in the queue; returns its path."""
    await sign_in_as(client, username, password)
    found: dict[str, str] = {}

    async def in_queue() -> bool:
        match = re.search(rf'<a href="(/staf/kasus/[0-9a-f-]+)">{reference}</a>', (await client.get("/staf/")).text)
        if match:
            found["path"] = match.group(1)
        return match is not None

    await eventually(in_queue, timeout=30, what=f"{reference} in the queue")
    return found["path"]


async def receive_at_counter(client: httpx.AsyncClient, case_path: str) -> None:
    """The applicant comes to a counter LPSE: staff record the arrival, then receive the file (the clock starts)."""
    arrived = await client.post(f"{case_path}/datang", follow_redirects=True)
    assert "galat" not in str(arrived.url) and "Terima berkas" in arrived.text, arrived.text
    received = await client.post(f"{case_path}/terima-berkas", follow_redirects=True)
    assert "galat" not in str(received.url) and "Berkas diterima di loket" in received.text, received.text


async def check_documents(client: httpx.AsyncClient, case_path: str, **findings: tuple[str, str]) -> None:
    """Fill in the case's checklist: every document verified unless a finding (result, note) is given."""
    page = await client.get(case_path)
    codes = re.findall(r'data-item="([a-z0-9_]+)"', page.text)
    assert codes, "the case has a checklist"
    form: dict[str, str] = {}
    for code in codes:
        result, note = findings.get(code, ("verified", ""))
        form[f"result_{code}"], form[f"note_{code}"] = result, note
    saved = await client.post(f"{case_path}/periksa", data=form, follow_redirects=True)
    assert "galat" not in str(saved.url), saved.text


async def activate(client: httpx.AsyncClient, case_path: str) -> None:
    """Receive the file at the counter, claim the case, verify every document and approve: the account is active."""
    await receive_at_counter(client, case_path)  # Banjarmasin and Temanggung check the file at the counter
    await client.post(f"{case_path}/klaim")
    await check_documents(client, case_path)
    approved = await client.post(f"{case_path}/setujui", follow_redirects=True)
    assert "Disetujui, akun aktif" in approved.text


async def shows(client: httpx.AsyncClient, path: str, text: str) -> bool:
    """Whether the page at `path` shows `text` now (for `eventually`)."""
    return text in (await client.get(path)).text
