"""Filing a request about a provider account on real PostgreSQL and JetStream, at the use cases.

The README (*Requests and the verifier's desk*, **Filing a request.**): a filing commits the request, its history
line, its audit row and its facts at once, its documents kept in VERIFICATION_REQUEST_DOCUMENTS; every refusal
stores nothing (no row, no object, no fact); a second request waits until the first is done; an email link proves
the new address once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import cast

import pytest
from fastapi import FastAPI
from nats.aio.client import Client
from nats.js.errors import NotFoundError

from contracts.digests import token_digest
from contracts.registration import ProviderType
from lpse_runtime.sealing import link_box
from lpse_runtime.uploads import check_upload
from tests.support import Infra, application_submitted, eventually, reset_identity, reset_schema
from verification import activation_db, db
from verification.account_requests import filing_usecases as uc
from verification.account_requests.forms import RequestForm, parse_request_form
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
# What BJM-2..6 ask to upload of a director filing in person (the request letter is printed, not uploaded).
BJM_DIRECT = ("ktp_direktur", "npwp", "surat_ijin_usaha", "akta_pendirian", "akta_perubahan_terakhir")


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    """The service on a fresh schema and a fresh topology."""
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    service = create_app(Settings(database_url=url, nats_url=infra.nats_url))
    async with service.router.lifespan_context(service):
        yield service


@pytest.fixture
def desk(app: FastAPI) -> uc.RequestDesk:
    return uc.RequestDesk.of(app.state.runtime)


async def provider(
    app: FastAPI, lpse: str, user_id: str, *, npwp: str, email: str, kind: ProviderType = ProviderType.BADAN_USAHA_CV
) -> uuid.UUID:
    """An activated provider account of the LPSE."""
    event = application_submitted(
        lpse, f"CV {user_id.title()}", npwp=npwp, email=email, provider_type=kind, reference=f"X-{user_id}"
    )
    case_id, provider_id, now = uuid.uuid4(), uuid.uuid4(), datetime.now(UTC)
    async with app.state.runtime.pool.acquire() as conn, conn.transaction():
        await db.open_case(conn, case_id, event, now, "uji")
        await conn.execute("UPDATE cases SET status = 'activated' WHERE id = $1", case_id)
        case = await db.get_case(conn, case_id)
        await activation_db.insert_provider(conn, provider_id=provider_id, user_id=user_id, case=case, now=now)
    return provider_id


def uploads(*codes: str) -> dict[str, uc.Upload]:
    accepted = check_upload(PDF, 5 * 1024 * 1024)
    assert not isinstance(accepted, str), accepted
    return {code: uc.Upload(code, f"{code}.pdf", PDF, accepted) for code in codes}


def form(kind: str, **raw: str) -> RequestForm:
    parsed, errors = parse_request_form(kind, raw)  # type: ignore[arg-type]
    assert parsed is not None, errors
    return parsed


async def objects(desk: uc.RequestDesk) -> list[str]:
    store = await desk.bucket.bucket()  # type: ignore[attr-defined]
    try:
        return sorted(o.name for o in await store.list(ignore_deletes=True))
    except NotFoundError:
        return []


async def stored(app: FastAPI, nc: Client) -> tuple[int, int, int, int]:
    """Requests, history lines, audit rows and facts (once the outbox is relayed: on the stream)."""
    pool = app.state.runtime.pool
    await eventually(outbox_relayed(app), what="the outbox to be relayed")
    info = await nc.jetstream().stream_info("VERIFICATION")
    return (
        await pool.fetchval("SELECT count(*) FROM account_requests"),
        await pool.fetchval("SELECT count(*) FROM account_history"),
        await pool.fetchval("SELECT count(*) FROM audit_log"),
        info.state.messages,
    )


def outbox_relayed(app: FastAPI) -> Callable[[], Awaitable[bool]]:
    async def relayed() -> bool:
        return bool(await app.state.runtime.pool.fetchval("SELECT count(*) = 0 FROM outbox"))

    return relayed


async def published(app: FastAPI, nc: Client, subject: str) -> dict[str, object]:
    await eventually(outbox_relayed(app), what="the outbox to be relayed")
    message = await nc.jetstream().get_last_msg("VERIFICATION", subject)
    fact: dict[str, object] = json.loads(message.data or b"{}")
    return fact


async def test_a_filing_commits_the_request_its_documents_and_its_facts(
    app: FastAPI, desk: uc.RequestDesk, nc: Client
) -> None:
    pid = await provider(app, "banjarmasin", "CVLANCAR", npwp="012345678901000", email="lama@lancar.co.id")
    reference = await uc.file(desk, pid, "npwp", form("npwp", new_npwp="09.876.543.2-101.000"), uploads(*BJM_DIRECT))
    assert isinstance(reference, str) and reference.startswith("PRM-BJM-")
    row = await app.state.runtime.pool.fetchrow("SELECT * FROM account_requests")
    assert (row["reference"], row["status"], row["service_id"], row["channel"]) == (
        reference,
        "menunggu_kunjungan",
        "BJM-4",
        "web",
    )
    assert json.loads(row["changes"]) == {"npwp": "098765432101000"}
    documents = json.loads(row["documents"])
    assert [d["code"] for d in documents] == [
        "ktp_direktur",
        "npwp",
        "surat_ijin_usaha",
        "akta_pendirian",
        "akta_perubahan_terakhir",
    ]
    assert {d["content_type"] for d in documents} == {"application/pdf"}
    assert await objects(desk) == sorted(d["object"] for d in documents)
    assert await desk.bucket.get(documents[0]["object"]) == PDF
    history = await app.state.runtime.pool.fetchrow("SELECT what, detail, actor FROM account_history")
    assert (history["what"], history["detail"], history["actor"]) == (
        f"Permohonan {reference} diajukan (Perubahan NPWP)",
        "NPWP baru 09.***.***.*-***.000",
        "Anda",
    )
    audit = await app.state.runtime.pool.fetchrow("SELECT actor_id, action, after FROM audit_log")
    assert tuple(audit) == ("CVLANCAR", "permohonan:ajukan", "menunggu_kunjungan")
    fact = await published(app, nc, "verification.banjarmasin.account.request_filed.v1")
    assert (fact["reference"], fact["kind"], fact["service_id"], fact["email"]) == (
        reference,
        "npwp",
        "BJM-4",
        "lama@lancar.co.id",
    )
    assert "098765432101000" not in json.dumps(fact), "the new NPWP travels in no fact of the filing"
    bring = cast(list[dict[str, object]], fact["bring"])
    assert next(b["code"] for b in bring) == "surat_permohonan"


async def test_each_refusal_stores_nothing(app: FastAPI, desk: uc.RequestDesk, nc: Client) -> None:
    pid = await provider(app, "banjarmasin", "CVSATU", npwp="011111111111000", email="satu@contoh.co.id")
    await provider(
        app, "depok", "PTDUA", npwp="022222222222000", email="dua@contoh.co.id", kind=ProviderType.BADAN_USAHA_PT
    )
    before = await stored(app, nc)
    cases = [
        (
            "npwp",
            form("npwp", new_npwp="02.222.222.2-222.000"),
            {"new_npwp": "NPWP ini sudah terdaftar di LPSE Kota Depok."},
        ),
        ("npwp", form("npwp", new_npwp="011111111111000"), {"new_npwp": "NPWP baru sama dengan data akun saat ini."}),
        (
            "email",
            form("email", new_email="dua@contoh.co.id"),
            {"new_email": "Alamat email ini sudah dipakai akun lain."},
        ),
        ("npwp", form("npwp", new_npwp="033333333333000"), {"doc_akta_pendirian": "Unggah Akta Pendirian."}),
    ]
    cases.append(
        (
            "agregasi",
            form("agregasi"),
            {"form": "Akun ini sudah berstatus 'Permohonan ADP dikirim ke LKPP' dalam agregasi."},
        )
    )
    await app.state.runtime.pool.execute("UPDATE providers SET aggregation_status = 'requested' WHERE id = $1", pid)
    for kind, filled, expected in cases:
        docs = (
            uploads(*BJM_DIRECT)
            if "doc_akta_pendirian" not in expected
            else uploads("ktp_direktur", "npwp", "surat_ijin_usaha", "akta_perubahan_terakhir")
        )
        refused = await uc.file(desk, pid, kind, filled, docs)  # type: ignore[arg-type]
        assert isinstance(refused, uc.Refused) and refused.errors == expected
    assert await stored(app, nc) == before == (0, 0, 0, 0)
    assert await objects(desk) == []


async def test_a_second_request_is_refused_naming_the_first(app: FastAPI, desk: uc.RequestDesk, nc: Client) -> None:
    pid = await provider(app, "banjarmasin", "CVDUA", npwp="044444444444000", email="dua@lancar.co.id")
    first = await uc.file(desk, pid, "nonaktif", form("nonaktif", reason="Perusahaan tutup"), uploads(*BJM_DIRECT))
    assert isinstance(first, str)
    before, kept = await stored(app, nc), await objects(desk)
    second = await uc.file(desk, pid, "email", form("email", new_email="baru@lancar.co.id"), uploads(*BJM_DIRECT))
    assert isinstance(second, uc.Refused) and second.status_code == 409
    assert second.errors == {
        "form": f"Masih ada permohonan yang diproses: {first} (Penonaktifan user ID). "
        "Batalkan atau tunggu sampai selesai sebelum mengajukan yang baru."
    }
    assert await stored(app, nc) == before and await objects(desk) == kept
    assert await uc.withdraw_request(desk, pid, first) is None
    third = await uc.file(desk, pid, "email", form("email", new_email="baru@lancar.co.id"), uploads(*BJM_DIRECT))
    assert isinstance(third, str), "a withdrawn request is no longer open"


async def test_an_email_link_proves_the_new_address_once(app: FastAPI, desk: uc.RequestDesk, nc: Client) -> None:
    pid = await provider(app, "banjarmasin", "CVSURAT", npwp="055555555555000", email="lama@surat.co.id")
    reference = await uc.file(desk, pid, "email", form("email", new_email="baru@surat.co.id"), uploads(*BJM_DIRECT))
    assert isinstance(reference, str)
    mailed = await published(app, nc, "verification.banjarmasin.account.email_proof_requested.v1")
    assert mailed["new_email"] == "baru@surat.co.id" and mailed["email"] == "lama@surat.co.id"
    link = link_box(app.state.runtime.settings).open(str(mailed["proof_url"]))
    token = link.rsplit("/akun/email/", 1)[1]
    pool = app.state.runtime.pool
    assert await pool.fetchval("SELECT token_hash FROM email_proofs") == token_digest(token), "only the digest kept"

    assert (await uc.proof_view(desk, "tidak-dikenal")).state is uc.ProofState.UNKNOWN
    assert (await uc.proof_view(desk, token)).state is uc.ProofState.VALID
    assert (await uc.prove(desk, token)).state is uc.ProofState.PROVEN
    assert await pool.fetchval("SELECT status FROM account_requests") == "menunggu_kunjungan"
    assert (await uc.prove(desk, token)).state is uc.ProofState.GONE, "a link proves once"
    assert await pool.fetchval("SELECT count(*) FROM audit_log WHERE action = 'permohonan:prove_email'") == 1
    proven = await published(app, nc, "verification.banjarmasin.account.email_proven.v1")
    assert (proven["reference"], proven["new_email"]) == (reference, "baru@surat.co.id")


async def test_an_expired_email_link_is_gone(app: FastAPI, desk: uc.RequestDesk, nc: Client) -> None:
    pid = await provider(app, "banjarmasin", "CVLAMA", npwp="066666666666000", email="lama@lama.co.id")
    reference = await uc.file(desk, pid, "email", form("email", new_email="baru@lama.co.id"), uploads(*BJM_DIRECT))
    assert isinstance(reference, str)
    mailed = await published(app, nc, "verification.banjarmasin.account.email_proof_requested.v1")
    token = link_box(app.state.runtime.settings).open(str(mailed["proof_url"])).rsplit("/", 1)[1]
    pool = app.state.runtime.pool
    await pool.execute("UPDATE email_proofs SET expires_at = $1", datetime.now(UTC) - timedelta(seconds=1))
    assert (await uc.prove(desk, token)).state is uc.ProofState.GONE
    assert await pool.fetchval("SELECT status FROM account_requests") == "menunggu_bukti_email"


async def test_a_depok_data_change_keeps_only_what_changed_and_a_cv_becomes_a_pt_at_banjarmasin(
    app: FastAPI, desk: uc.RequestDesk
) -> None:
    # DPK-1b asks a Badan Usaha CV for these documents (deploy/lpse/depok.yaml); the optional PKP may be left out.
    dpk_cv = (
        "formulir_perubahan_data_penyedia",
        "surat_pernyataan_kebenaran_dokumen",
        "ktp",
        "npwp_perusahaan",
        "nib",
        "akta_pendirian_perubahan",
        "surat_keterangan_terdaftar",
    )
    depok = await provider(app, "depok", "CVDEPOK", npwp="081111111111000", email="cv@depok.co.id")
    changed = form("data", address="Jl. Margonda 100", phone="", director_name="Uji")  # "Uji": the name it has
    filed = await uc.file(desk, depok, "data", changed, uploads(*dpk_cv))
    assert isinstance(filed, str) and filed.startswith("PRM-DPK-")
    row = await app.state.runtime.pool.fetchrow("SELECT service_id, changes FROM account_requests")
    assert (row["service_id"], json.loads(row["changes"])) == ("DPK-1b", {"address": "Jl. Margonda 100"})

    bjm = await provider(app, "banjarmasin", "CVNAIK", npwp="082222222222000", email="cv@naik.co.id")
    to_pt = form(
        "status_badan_usaha",
        new_company_name="PT Naik Kelas",
        deed_number="7",
        deed_date="2026-11-20",
        sk_number="AHU-9",
    )
    filed = await uc.file(desk, bjm, "status_badan_usaha", to_pt, uploads(*BJM_DIRECT))
    assert isinstance(filed, str)
    changes = await app.state.runtime.pool.fetchval("SELECT changes FROM account_requests WHERE reference = $1", filed)
    assert json.loads(changes) == {
        "company_name": "PT Naik Kelas",
        "provider_type": "badan_usaha_pt",
        "deed_number": "7",
        "deed_date": "2026-11-20",
        "sk_number": "AHU-9",
    }
