"""Every staff action, as every role of the record's own LPSE and of another, and anonymously, on the real stack.

The expected matrix is written out here (the README prints the same table); it is not read from
`lpse_runtime.authz`. A cell passes when the action succeeded exactly where the matrix allows it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg
import httpx
import nats
import pytest

from devstack.stack import Stack
from identity.seed import seed_staff
from lpse_runtime.deadletters import DEADLETTER_STREAM, H_CONSUMER, H_DELIVERIES, H_ERROR, H_STREAM_SEQ, H_SUBJECT
from lpse_runtime.staff import SESSION_COOKIE
from tests.e2e.driver import submit_application
from tests.support import SiteClient, eventually, unique_email

pytestmark = pytest.mark.e2e

ROLES = ("verifikator", "kepala_lpse", "helpdesk", "admin_ppe", "admin_agency", "operator", "auditor", "admin_platform")
OWN, OTHER = "depok", "banjarmasin"  # every record below is Depok's
READERS = {"verifikator", "kepala_lpse", "helpdesk", "auditor"}
VERIFIERS = {"verifikator", "kepala_lpse"}
COUNTER = {"verifikator", "kepala_lpse", "helpdesk"}
OPERATORS = {"operator", "admin_platform"}

# action → (roles allowed on their own LPSE's record, roles allowed on another LPSE's record)
EXPECTED: dict[str, tuple[set[str], set[str]]] = {
    "kasus.antrean": (READERS, set()),
    "kasus.lihat": (READERS, set()),
    "kasus.tanda_terima": (READERS, set()),
    "kasus.datang": (COUNTER, set()),
    "kasus.terima_berkas": (COUNTER, set()),
    "kasus.klaim": (VERIFIERS, set()),
    "kasus.lepas": (VERIFIERS, set()),
    "kasus.periksa": (VERIFIERS, set()),
    "kasus.kembalikan": (VERIFIERS, set()),
    "kasus.lanjutkan": (VERIFIERS, set()),
    "kasus.tolak": (VERIFIERS, set()),
    "kasus.setujui": (VERIFIERS, set()),
    "kasus.konfirmasi": (VERIFIERS, set()),
    "kasus.alihkan": ({"kepala_lpse"}, set()),
    "agregasi.minta": (VERIFIERS, set()),
    "agregasi.catat_jawaban": (VERIFIERS, set()),
    "dokumen.lihat": (READERS, set()),
    "email.lihat": (READERS, set()),
    "email.lihat_kasus": (READERS, set()),
    "email.lihat_kasus_api": (READERS, set()),
    "email.kirim_ulang": (COUNTER, set()),
    "email.buka_blokir": ({"helpdesk", "kepala_lpse", "admin_platform"}, set()),
    "ops.lihat": (OPERATORS, OPERATORS),
    "ops.stream": (OPERATORS, OPERATORS),
    "ops.dead_letter": (OPERATORS, OPERATORS),
    "ops.aliran": (OPERATORS, OPERATORS),
    "ops.putar_ulang": (OPERATORS, OPERATORS),
    "pengguna.lihat": ({"admin_platform"}, {"admin_platform"}),
    "pengguna.buat": ({"admin_platform"}, {"admin_platform"}),
    "pengguna.ubah_peran": ({"admin_platform"}, {"admin_platform"}),
    "pengguna.nonaktifkan": ({"admin_platform"}, {"admin_platform"}),
    "pengguna.aktifkan": ({"admin_platform"}, {"admin_platform"}),
    "permohonan.antrean": (READERS, set()),
    "permohonan.lihat": (READERS, set()),
    "permohonan.datang": (COUNTER, set()),
    "permohonan.terima_berkas": (COUNTER, set()),
    "permohonan.catat": (COUNTER, set()),
    "permohonan.klaim": (VERIFIERS, set()),
    "permohonan.periksa": (VERIFIERS, set()),
    "permohonan.putuskan": (VERIFIERS, set()),
    "penyedia.lihat": (READERS, set()),
    "penyedia.nonaktifkan": ({"kepala_lpse"}, set()),
}
TARGET = "matriks.sasaran"  # the staff account whose roles and status the pengguna.* actions change


@dataclass
class Records:
    """Depok's records the actions aim at."""

    case_id: uuid.UUID
    application_id: uuid.UUID
    reference: str
    email: str
    delivery_id: uuid.UUID
    provider_id: uuid.UUID
    request_id: uuid.UUID


Attempt = Callable[[httpx.AsyncClient, Records], Awaitable[bool]]


def to(prefix: str) -> Callable[[httpx.Response], bool]:
    """Succeeded: the action redirected to where it leads (not to the sign-in page)."""
    return lambda r: r.status_code == 303 and r.headers["location"].startswith(prefix)


async def case_post(client: httpx.AsyncClient, rec: Records, step: str) -> bool:
    answer = await client.post(f"/staf/kasus/{rec.case_id}/{step}", data={"reason": "", "verifier": ""})
    return to(f"/staf/kasus/{rec.case_id}")(answer)


async def replay(client: httpx.AsyncClient, stack: Stack) -> bool:
    nc = await nats.connect(stack.nats_url)
    try:
        ack = await nc.jetstream().publish(
            "deadletter.matriks.registration.depok.application.submitted.v1",
            b"{}",
            stream=DEADLETTER_STREAM,
            headers={
                H_SUBJECT: "registration.depok.application.probe_for_the_matrix.v1",
                H_CONSUMER: "matriks",
                H_ERROR: "uji matriks",
                H_DELIVERIES: "1",
                H_STREAM_SEQ: "1",
            },
        )
    finally:
        await nc.close()
    return to("/ops/?diputar=")(await client.post(f"/ops/dead-letters/{ack.seq}/replay"))


async def new_account(client: httpx.AsyncClient) -> bool:
    password = "awal-matriks-2026"
    form = {"username": f"matriks.baru.{uuid.uuid4().hex[:8]}", "name": "Baru", "full_name": "Akun Baru"}
    answer = await client.post(
        "/staf/pengguna/baru", data={**form, "password": password, "repeat": password, "grant": "auditor@depok"}
    )
    return to("/staf/pengguna/?info=dibuat")(answer)


async def toggled_roles(client: httpx.AsyncClient, held: list[str]) -> bool:
    """Ask for the role set the target does not hold now (seeded: auditor), so each allowed try is a real change."""
    wanted = "helpdesk@depok" if held[0] == "auditor@depok" else "auditor@depok"
    answer = await client.post(f"/staf/pengguna/{TARGET}/peran", data={"grant": wanted})
    if changed := to(f"/staf/pengguna/{TARGET}")(answer):
        held[0] = wanted
    return changed


async def disabled_then_enabled(client: httpx.AsyncClient) -> tuple[bool, bool]:
    """Disable the target, then enable it again (so the next try finds it active): whether each succeeded."""
    disabled = to(f"/staf/pengguna/{TARGET}")(await client.post(f"/staf/pengguna/{TARGET}/nonaktifkan"))
    enabled = to(f"/staf/pengguna/{TARGET}")(await client.post(f"/staf/pengguna/{TARGET}/aktifkan"))
    return disabled, enabled


async def feed_opens(client: httpx.AsyncClient) -> bool:
    async with client.stream("GET", "/ops/api/feed") as feed:
        return feed.status_code == 200 and feed.headers["content-type"].startswith("text/event-stream")


async def request_post(client: httpx.AsyncClient, rec: Records, step: str) -> bool:
    answer = await client.post(f"/staf/permohonan/{rec.request_id}/{step}", data={"reason": ""})
    return to(f"/staf/permohonan/{rec.request_id}")(answer)


async def provider_post(client: httpx.AsyncClient, rec: Records, step: str) -> bool:
    """A step on the account's page: back to the account, or on to the request it recorded."""
    answer = await client.post(f"/staf/penyedia/{rec.provider_id}/{step}", data={"reason": "uji matriks"})
    return to(f"/staf/penyedia/{rec.provider_id}")(answer) or to("/staf/permohonan/")(answer)


def attempts(stack: Stack) -> dict[str, Attempt]:
    """How each action is tried, and what counts as it having succeeded."""

    held = ["auditor@depok"]  # the target's roles as the tries leave them

    async def get_ok(client: httpx.AsyncClient, path: str, must_show: str = "") -> bool:
        answer = await client.get(path)
        return answer.status_code == 200 and must_show in answer.text

    return {
        "kasus.antrean": lambda c, r: get_ok(c, f"/staf/?cari={r.reference}", f'/staf/kasus/{r.case_id}"'),
        "kasus.lihat": lambda c, r: get_ok(c, f"/staf/kasus/{r.case_id}", r.reference),
        "kasus.tanda_terima": lambda c, r: get_ok(c, f"/staf/kasus/{r.case_id}/tanda-terima.pdf", "%PDF"),
        "kasus.datang": lambda c, r: case_post(c, r, "datang"),
        "kasus.terima_berkas": lambda c, r: case_post(c, r, "terima-berkas"),
        "kasus.klaim": lambda c, r: case_post(c, r, "klaim"),
        "kasus.lepas": lambda c, r: case_post(c, r, "lepas"),
        "kasus.periksa": lambda c, r: case_post(c, r, "periksa"),
        "kasus.kembalikan": lambda c, r: case_post(c, r, "kembalikan"),
        "kasus.lanjutkan": lambda c, r: case_post(c, r, "lanjutkan"),
        "kasus.tolak": lambda c, r: case_post(c, r, "tolak"),
        "kasus.setujui": lambda c, r: case_post(c, r, "setujui"),
        "kasus.konfirmasi": lambda c, r: case_post(c, r, "konfirmasi"),
        "kasus.alihkan": lambda c, r: case_post(c, r, "alihkan"),
        "agregasi.minta": lambda c, r: case_post(c, r, "adp"),
        "agregasi.catat_jawaban": lambda c, r: case_post(c, r, "adp/jawaban"),
        "dokumen.lihat": lambda c, r: get_ok(c, f"/daftar/dokumen/{r.application_id}/ktp", "%PDF"),
        "email.lihat": lambda c, r: get_ok(c, "/notifier/", r.email),
        "email.lihat_kasus": lambda c, r: get_ok(c, f"/notifier/kasus/{r.application_id}", r.email),
        "email.lihat_kasus_api": lambda c, r: get_ok(c, f"/notifier/api/kasus/{r.application_id}", r.email),
        "email.kirim_ulang": lambda c, r: _post_to(
            c, f"/notifier/pengiriman/{r.delivery_id}/kirim-ulang", "/notifier/"
        ),
        "email.buka_blokir": lambda c, r: _post_to(c, f"/notifier/blokir/{r.email}/hapus", "/notifier/?info="),
        "ops.lihat": lambda c, r: get_ok(c, "/ops/", "Aliran event langsung"),
        "ops.stream": lambda c, r: get_ok(c, "/ops/api/streams", "REGISTRATION"),
        "ops.dead_letter": lambda c, r: get_ok(c, "/ops/api/dead-letters"),
        "ops.aliran": lambda c, r: feed_opens(c),
        "ops.putar_ulang": lambda c, r: replay(c, stack),
        "pengguna.lihat": lambda c, r: get_ok(c, f"/staf/pengguna/{TARGET}", "Nonaktifkan akun"),
        "pengguna.buat": lambda c, r: new_account(c),
        "pengguna.ubah_peran": lambda c, r: toggled_roles(c, held),
        "pengguna.nonaktifkan": lambda c, r: _first(disabled_then_enabled(c)),
        "pengguna.aktifkan": lambda c, r: _second(disabled_then_enabled(c)),
        "permohonan.antrean": lambda c, r: get_ok(c, "/staf/permohonan/", f'/staf/permohonan/{r.request_id}"'),
        "permohonan.lihat": lambda c, r: get_ok(c, f"/staf/permohonan/{r.request_id}", "Permohonan PRM-DPK-"),
        "permohonan.datang": lambda c, r: request_post(c, r, "datang"),
        "permohonan.terima_berkas": lambda c, r: request_post(c, r, "terima-berkas"),
        "permohonan.catat": lambda c, r: provider_post(c, r, "aktif-kembali"),
        "permohonan.klaim": lambda c, r: request_post(c, r, "klaim"),
        "permohonan.periksa": lambda c, r: request_post(c, r, "kembalikan"),
        "permohonan.putuskan": lambda c, r: request_post(c, r, "tolak"),
        "penyedia.lihat": lambda c, r: get_ok(c, f"/staf/penyedia/{r.provider_id}", "Akun penyedia matriks"),
        "penyedia.nonaktifkan": lambda c, r: provider_post(c, r, "nonaktifkan"),
    }


async def _first(both: Awaitable[tuple[bool, bool]]) -> bool:
    return (await both)[0]


async def _second(both: Awaitable[tuple[bool, bool]]) -> bool:
    return (await both)[1]


async def _post_to(client: httpx.AsyncClient, path: str, leads_to: str) -> bool:
    return to(leads_to)(await client.post(path))


async def depok_records(stack: Stack) -> Records:
    """A Depok application with its case, an activated provider account, a receipt, a sent and a suppressed email."""
    email = unique_email("matriks")
    async with SiteClient(base_url=stack.front_url, timeout=30) as applicant:
        reference, _ = await submit_application(applicant, "depok", email, "CV Uji Matriks")
    conn = await asyncpg.connect(stack.admin_database_url)
    try:

        async def case_and_mail() -> bool:
            return bool(
                await conn.fetchval("SELECT count(*) FROM verification.cases WHERE reference = $1", reference)
            ) and bool(
                await conn.fetchval(
                    "SELECT count(*) FROM notifier.deliveries WHERE recipient = $1 AND message_id IS NOT NULL", email
                )
            )

        await eventually(case_and_mail, timeout=30, what="the Depok case and its first email")
        case = await conn.fetchrow("SELECT * FROM verification.cases WHERE reference = $1", reference)
        delivery_id = await conn.fetchval(
            "SELECT id FROM notifier.deliveries WHERE recipient = $1 AND message_id IS NOT NULL LIMIT 1", email
        )
        now = datetime.now(UTC)
        provider_id, request_id = uuid.uuid4(), uuid.uuid4()
        # What activation would have left behind, written directly: the provider account and its receipt.
        await conn.execute(
            """INSERT INTO verification.providers (id, user_id, lpse, case_id, company_name, npwp, nib, email, status,
               activated_at, provider_type, director_name)
               VALUES ($1, $2, 'depok', $3, $4, $5, $6, $7, 'active', $8, $9, $10)""",
            provider_id,
            f"matriks{uuid.uuid4().hex[:8]}",
            case["id"],
            case["company_name"],
            case["npwp"],
            case["nib"],
            email,
            now,
            case["provider_type"],
            case["director_name"],
        )
        await conn.execute(
            """INSERT INTO verification.receipts (case_id, title, filename, content, sha256, created_at)
               VALUES ($1, 'Tanda terima', 'tanda-terima.pdf', $2, 'x', $3)""",
            case["id"],
            b"%PDF-1.4 matriks",
            now,
        )
        # A data change the provider filed online (the filing flow has its own tests), waiting for the visit.
        await conn.execute(
            """INSERT INTO verification.account_requests (id, reference, provider_id, lpse, kind, service_id, channel,
               status, changes, filed_at, updated_at)
               VALUES ($1, $2, $3, 'depok', 'data', 'DPK-1b', 'web', 'menunggu_kunjungan',
                       '{"address": "Jl. Matriks 1"}', $4, $4)""",
            request_id,
            f"PRM-DPK-2612-{uuid.uuid4().hex[:6].upper()}",
            provider_id,
            now,
        )
        await conn.execute(
            """INSERT INTO notifier.suppressions (address, reason, delivery_id, created_at)
               VALUES (lower($1), 'bounce (uji matriks)', $2, $3)""",
            email,
            delivery_id,
            now,
        )
    finally:
        await conn.close()
    return Records(case["id"], case["application_id"], reference, email, delivery_id, provider_id, request_id)


async def test_every_staff_action_succeeds_only_for_the_roles_and_lpse_the_matrix_allows(stack: Stack) -> None:
    password = "matriks-sandi-2026"
    accounts = [
        {"username": f"matriks.{role}.{lpse}", "password": password, "name": f"Uji {role}", "full_name": f"Uji {role}"}
        | {"role": role, "lpse": lpse}
        for role in ROLES
        for lpse in (OWN, OTHER)
    ]
    target = {"username": TARGET, "password": password, "name": "Sasaran", "full_name": "Sasaran Uji"}
    accounts.append(target | {"role": "auditor", "lpse": OWN})
    await seed_staff(stack.database_url_for("identity"), accounts)
    records = await depok_records(stack)
    tries = attempts(stack)
    assert set(tries) == set(EXPECTED)
    wrong: list[str] = []
    allowed_count = 0
    anonymous = SiteClient(base_url=stack.front_url, timeout=30)
    for action, attempt in tries.items():
        if await attempt(anonymous, records):
            wrong.append(f"{action} anonim: berhasil")
    await anonymous.aclose()
    for role in ROLES:
        for lpse in (OWN, OTHER):
            async with SiteClient(base_url=stack.front_url, timeout=30) as client:
                signed = await client.post(
                    "/staf/masuk", data={"username": f"matriks.{role}.{lpse}", "password": password}
                )
                assert signed.status_code == 303 and SESSION_COOKIE in client.cookies
                for action, attempt in tries.items():
                    own_roles, other_roles = EXPECTED[action]
                    expected = role in (own_roles if lpse == OWN else other_roles)
                    allowed_count += expected
                    if await attempt(client, records) != expected:
                        wrong.append(f"{action} sebagai {role} ({lpse}): {'ditolak' if expected else 'berhasil'}")
    assert wrong == [], "\n".join(wrong)
    assert allowed_count > 50, "the matrix allows real work, so the denials above are not a broken stack"


async def test_a_session_cookie_replayed_after_sign_out_gets_the_sign_in_page(stack: Stack) -> None:
    async with SiteClient(base_url=stack.front_url) as verifier:
        signed = await verifier.post("/staf/masuk", data={"username": "verifikator.depok", "password": "depok-2026"})
        assert signed.status_code == 303
        captured = verifier.cookies[SESSION_COOKIE]
        assert (await verifier.get("/staf/")).status_code == 200
        await verifier.post("/staf/keluar")
    async with SiteClient(base_url=stack.front_url, cookies={SESSION_COOKIE: captured}) as replaying:
        for path in ("/staf/", "/notifier/"):
            page = await replaying.get(path, follow_redirects=True)
            assert page.url.path == "/staf/masuk" and "Masuk ke konsol staf" in page.text, path


async def test_the_live_feed_masks_applicants_addresses_and_an_unknown_dead_letter_is_404(stack: Stack) -> None:
    async with SiteClient(base_url=stack.front_url, timeout=30) as operator:
        await operator.post("/staf/masuk", data={"username": "operator.platform", "password": "operator-2026"})
        assert (await operator.post("/ops/dead-letters/987654321/replay")).status_code == 404
        email = unique_email("umpan")
        async with operator.stream("GET", "/ops/api/feed", params={"lpse": "depok"}) as feed:
            lines = feed.aiter_lines()
            while (await anext(lines)) != "event: ready":
                pass
            async with SiteClient(base_url=stack.front_url, timeout=30) as applicant:
                await applicant.post("/daftar/depok/", data={"email": email})
            seen = ""
            async for line in lines:
                if line.startswith("data:") and "email_verification" in line.replace(".", "_"):
                    seen = line
                    break
    assert email not in seen and re.search(r"um\*\*\*@contoh\.co\.id \(penyedia\)", seen), seen
