"""The account-area driver: what an activated provider and the LPSE's staff do about the account through the front
door (sign in to `/akun/`, file a request with its documents, prove a new address, walk the request through the
counter to a decision), shared by the e2e and browser tests of the provider's area."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx

from contracts.lpse import Requirement, ServiceKind, requirement
from contracts.registration import ProviderType
from tests.e2e.driver import PDF, PROFILES, activate, open_case_as, random_digits, submit_application, wait_for_mail
from tests.support import SiteClient, eventually

# The services of each LPSE's standard a request of a kind follows (Banjarmasin names one per change, BJM-2..6;
# Depok's DPK-1b covers every data change): written out here, not read from the code under test.
KIND_SERVICE: dict[str, dict[str, ServiceKind]] = {
    "banjarmasin": {
        "email": "perubahan_email",
        "npwp": "perubahan_npwp",
        "status_badan_usaha": "perubahan_status_badan_usaha",
        "nonaktif": "nonaktif_user_id",
        "agregasi": "agregasi",
    },
}
STAFF_PASSWORDS = {
    "verifikator": "{lpse}-2026",
    "helpdesk": "helpdesk-{lpse}-2026",
    "kepala": "kepala-{lpse}-2026",
}
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
PASSWORD = "sandi-penyedia-2026"


@dataclass
class Provider:
    """An activated provider account with a password set."""

    lpse: str
    user_id: str
    email: str
    password: str
    company: str
    npwp: str
    provider_type: str
    case_path: str  # the registration case on the staff desk (it links to the account's staff page)
    status_path: str  # the applicant's status page of the registration


async def activated_provider(
    front_url: str,
    lpse: str,
    email: str,
    company: str,
    *,
    provider_type: str = "badan_usaha_cv",
    npwp: str | None = None,
    aggregate: bool = False,
    password: str = PASSWORD,
) -> Provider:
    """Register, verify at the counter and approve a provider, optionally aggregate it through LKPP (the verifier's
    ADP request, Banjarmasin), then set its password from the activation email."""
    npwp = npwp or random_digits(15)
    async with SiteClient(base_url=front_url) as applicant, SiteClient(base_url=front_url) as verifier:
        reference, status_path = await submit_application(
            applicant, lpse, email, company, provider_type=provider_type, npwp=npwp
        )
        case_path = await open_case_as(
            verifier, f"verifikator.{lpse}", STAFF_PASSWORDS["verifikator"].format(lpse=lpse), reference
        )
        await activate(verifier, case_path)
        if aggregate:
            requested = await verifier.post(f"{case_path}/adp", follow_redirects=True)
            assert "Permohonan ADP dikirim ke LKPP" in requested.text, requested.text

            async def aggregated() -> bool:
                return "Akun aktif dan teragregasi" in (await applicant.get(status_path)).text

            await eventually(aggregated, timeout=30, what=f"LKPP's agregasi of {company}")
        user_id = await set_password_from_activation(applicant, front_url, email, password)
    return Provider(lpse, user_id, email, password, company, npwp, provider_type, case_path, status_path)


async def set_password_from_activation(client: httpx.AsyncClient, front_url: str, email: str, password: str) -> str:
    """Take the user ID and the one-time link from the activation email, set the password; returns the user ID."""
    mail = await wait_for_mail(client, email, "Akun penyedia aktif")
    user_id = re.search(r"User ID: (\S+)", mail["text"])
    link = re.search(r"(http://\S+/akun/sandi/\S+)", mail["text"])
    assert user_id and link, mail["text"]
    done = await client.post(link.group(1).removeprefix(front_url), data={"password": password, "repeat": password})
    assert done.status_code == 200 and "telah dibuat" in done.text, done.text
    return user_id.group(1)


async def sign_in_provider(client: httpx.AsyncClient, user_id: str, password: str) -> httpx.Response:
    """Post the provider's sign-in form (not followed): 303 into the area, 401 wrong, 403 deactivated."""
    return await client.post("/akun/masuk", data={"user_id": user_id, "password": password})


async def signed_in(client: httpx.AsyncClient, provider: Provider) -> None:
    """Sign in and land on the account page."""
    answer = await sign_in_provider(client, provider.user_id, provider.password)
    assert answer.status_code == 303, f"sign-in of {provider.user_id}: {answer.status_code} {answer.text[:500]}"
    home = await client.get("/akun/")
    assert home.status_code == 200 and "Akun penyedia" in home.text, home.text[:500]


def request_uploads(
    lpse: str, kind: str, provider_type: str = "badan_usaha_cv", *, by_proxy: bool = False
) -> dict[str, tuple[str, bytes, str]]:
    """A scanned PDF for every document the standard's service for this kind asks of the provider; the request
    letter is not among them: it is printed from the request's page once filed, signed and brought."""
    rules = PROFILES[lpse].service(KIND_SERVICE[lpse][kind]).documents
    return {
        f"doc_{r.code}": (f"{r.code}.pdf", PDF, "application/pdf")
        for r in rules
        if r.code != "surat_permohonan"
        and requirement(r, ProviderType(provider_type), by_proxy=by_proxy) is Requirement.MANDATORY
    }


async def file_request(
    client: httpx.AsyncClient,
    provider: Provider,
    kind: str,
    fields: dict[str, str],
    *,
    uploads: dict[str, tuple[str, bytes, str]] | None = None,
) -> httpx.Response:
    """Post the request form of a kind with the standard's documents (not followed)."""
    files = request_uploads(provider.lpse, kind, provider.provider_type) if uploads is None else uploads
    return await client.post(f"/akun/permohonan/baru?jenis={kind}", data=fields, files=files or None)


async def filed(client: httpx.AsyncClient, provider: Provider, kind: str, fields: dict[str, str]) -> str:
    """File a request that is accepted; returns its reference (PRM-<SHORT>-<yymm>-<6>)."""
    answer = await file_request(client, provider, kind, fields)
    assert answer.status_code == 303, f"filing {kind}: {answer.status_code} {answer.text[:1500]}"
    location = answer.headers["location"].split("?")[0]
    match = re.fullmatch(r"/akun/permohonan/(PRM-[A-Z]+-\d{4}-[A-Z0-9]{6})", location)
    assert match, f"filing {kind} led to {location}"
    return match.group(1)


async def sign_in_staff(client: httpx.AsyncClient, role: str, lpse: str) -> None:
    """Sign a seeded staff account in (verifikator/helpdesk/kepala of the LPSE)."""
    answer = await client.post(
        "/staf/masuk", data={"username": f"{role}.{lpse}", "password": STAFF_PASSWORDS[role].format(lpse=lpse)}
    )
    assert answer.status_code == 303, f"{role}.{lpse}: {answer.status_code}"


def row_link(html: str, *texts: str) -> str | None:
    """The staff request link (`/staf/permohonan/<uuid>`) of the first table row holding every text."""
    for row in re.findall(r"<tr\b.*?</tr>", html, re.S):
        if all(t in row for t in texts):
            link = re.search(rf'href="(/staf/permohonan/{UUID})"', row)
            if link:
                return link.group(1)
    return None


async def request_in_queue(client: httpx.AsyncClient, *texts: str, timeout: float = 30) -> str:
    """Wait for the request (a row holding every text) in the staff queue; returns its staff path."""
    found: dict[str, str] = {}

    async def listed() -> bool:
        page = await client.get("/staf/permohonan/")
        link = row_link(page.text, *texts)
        if link:
            found["path"] = link
        return link is not None

    await eventually(listed, timeout=timeout, what=f"{texts} in /staf/permohonan/")
    return found["path"]


async def press(client: httpx.AsyncClient, path: str, data: dict[str, str] | None = None) -> httpx.Response:
    """A staff button: 303 back to a page without an error; returns the page it leads to."""
    sent = await client.post(path, data=data or {})
    assert sent.status_code == 303, f"POST {path}: {sent.status_code} {sent.text[:1500]}"
    location = sent.headers["location"]
    assert "galat" not in location, f"POST {path} → {location}"
    return await client.get(location)


async def check_all(client: httpx.AsyncClient, request_path: str, finding: str = "sesuai") -> httpx.Response:
    """Record every document of the request's checklist as `finding`."""
    page = await client.get(request_path)
    codes = sorted(set(re.findall(r'name="finding_([a-z0-9_]+)"', page.text)))
    assert codes, f"no checklist on {request_path}: {page.text[:1500]}"
    form = {f"finding_{c}": finding for c in codes} | {f"note_{c}": "" for c in codes}
    return await press(client, f"{request_path}/periksa", form)


async def at_counter(counter: httpx.AsyncClient, request_path: str) -> None:
    """The provider came to the counter: the visit, then the hand-over of the file (the clock starts)."""
    await press(counter, f"{request_path}/datang")
    received = await press(counter, f"{request_path}/terima-berkas")
    assert "Berkas diterima di loket, menunggu verifikator" in received.text, received.text[:1500]


async def decide(verifier: httpx.AsyncClient, request_path: str) -> httpx.Response:
    """A verifier claims the request, finds every document as it should be and approves: the change applies."""
    await press(verifier, f"{request_path}/klaim")
    await check_all(verifier, request_path)
    approved = await press(verifier, f"{request_path}/setujui")
    assert "Disetujui, perubahan sudah diterapkan" in approved.text, approved.text[:1500]
    return approved


async def approve_at_counter(front_url: str, lpse: str, *texts: str) -> str:
    """The whole counter walk of a request found in the queue by `texts`: the Helpdesk records the visit and
    receives the file, the verifier claims, checks and approves; returns the request's staff path."""
    async with SiteClient(base_url=front_url) as helpdesk, SiteClient(base_url=front_url) as verifier:
        await sign_in_staff(helpdesk, "helpdesk", lpse)
        await sign_in_staff(verifier, "verifikator", lpse)
        path = await request_in_queue(helpdesk, *texts)
        await at_counter(helpdesk, path)
        await decide(verifier, path)
    return path


async def provider_page_path(staff: httpx.AsyncClient, provider: Provider) -> str:
    """The account's staff page (`/staf/penyedia/<uuid>`), linked from its activated registration case."""
    case = await staff.get(provider.case_path)
    link = re.search(rf'href="(/staf/penyedia/{UUID})"', case.text)
    assert link, f"no link to the account's staff page on {provider.case_path}"
    return link.group(1)


async def messages_to(client: httpx.AsyncClient, address: str) -> list[dict[str, Any]]:
    """Every captured email to an address."""
    return [m for m in (await client.get("/mail/api/messages")).json() if m["to"] == address]


async def subjects_to(client: httpx.AsyncClient, address: str) -> list[str]:
    """The subjects of every captured email to an address, in order of arrival."""
    return [m["subject"] for m in await messages_to(client, address)]


async def wait_for_subject(client: httpx.AsyncClient, address: str, subject: str, timeout: float = 30) -> None:
    """Wait for at least one email with exactly this subject to the address."""

    async def arrived() -> bool:
        return subject in await subjects_to(client, address)

    try:
        await eventually(arrived, timeout=timeout, what=f"email '{subject}' to {address}")
    except AssertionError as missing:
        raise AssertionError(f"{missing}; it got: {await subjects_to(client, address)}") from None


async def prove_email(client: httpx.AsyncClient, front_url: str, new_email: str, user_id: str) -> str:
    """Open the proof link mailed to the new address and confirm it (no sign-in: the link is the proof);
    returns the link's path."""
    mail = await wait_for_mail(client, new_email, f"Konfirmasi alamat email baru untuk akun {user_id}")
    link = re.search(r"(http://\S+/akun/email/\S+)", mail["text"])
    assert link, mail["text"]
    path = link.group(1).removeprefix(front_url)
    async with SiteClient(base_url=front_url) as stranger:  # another browser: the link alone proves the address
        page = await stranger.get(path)
        assert page.status_code == 200 and "Konfirmasi alamat email baru" in page.text, page.text[:1500]
        proven = await stranger.post(path, follow_redirects=True)
        assert proven.status_code == 200, proven.text[:1500]
    return path


async def page_shows(client: httpx.AsyncClient, path: str, text: str, timeout: float = 30) -> str:
    """Wait for the page at `path` to show `text`; returns the page."""
    box: dict[str, str] = {}

    async def shown() -> bool:
        box["page"] = (await client.get(path)).text
        return text in box["page"]

    await eventually(shown, timeout=timeout, what=f"'{text}' on {path}")
    return box["page"]


def section(html: str, heading: str) -> str:
    """The part of the page from an h2 to the next h2 (or the end)."""
    match = re.search(rf"<h2[^>]*>\s*{re.escape(heading)}\s*</h2>(.*?)(?=<h2|$)", html, re.S)
    assert match, f"no section '{heading}'"
    return match.group(1)
