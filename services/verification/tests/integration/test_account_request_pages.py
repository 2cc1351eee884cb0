"""The provider's request pages on real PostgreSQL and JetStream, through the service's own routes.

The README (*Requests and the verifier's desk*, **Filing a request.**) and the agreed labels: a signed-in provider
files at /akun/permohonan/baru?jenis=<kind> ("Kirim permohonan"), lands on /akun/permohonan/<reference>, prints
the letter ("Cetak surat permohonan"), withdraws ("Batalkan permohonan"), uploads again what was returned ("Unggah
ulang dokumen"); another provider's request is not found; the email link proves once ("Konfirmasi alamat email").
"""

from __future__ import annotations

import contextlib
import io
import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client
from pypdf import PdfReader

from contracts.registration import ProviderType
from lpse_runtime.sealing import link_box
from lpse_runtime.staff import hash_password
from tests.support import Infra, SiteClient, application_submitted, eventually, reset_identity, reset_schema
from verification import activation_db, db
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration
PASSWORD = "kata-sandi-penyedia-1"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
BJM_DIRECT = ("ktp_direktur", "npwp", "surat_ijin_usaha", "akta_pendirian", "akta_perubahan_terakhir")


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    service = create_app(Settings(database_url=url, nats_url=infra.nats_url))
    async with service.router.lifespan_context(service):
        yield service


async def provider(app: FastAPI, lpse: str, user_id: str, npwp: str, email: str) -> uuid.UUID:
    event = application_submitted(
        lpse,
        f"CV {user_id.title()}",
        npwp=npwp,
        email=email,
        provider_type=ProviderType.BADAN_USAHA_CV,
        reference=f"X-{user_id}",
    )
    case_id, provider_id = uuid.uuid4(), uuid.uuid4()
    async with app.state.runtime.pool.acquire() as conn, conn.transaction():
        await db.open_case(conn, case_id, event, event.occurred_at, "uji")
        await conn.execute("UPDATE cases SET status = 'activated' WHERE id = $1", case_id)
        case = await db.get_case(conn, case_id)
        await activation_db.insert_provider(
            conn, provider_id=provider_id, user_id=user_id, case=case, now=event.occurred_at
        )
        await conn.execute(
            "UPDATE providers SET password_hash = $2 WHERE id = $1", provider_id, hash_password(PASSWORD)
        )
    return provider_id


@contextlib.asynccontextmanager
async def signed_in(app: FastAPI, user_id: str) -> AsyncIterator[SiteClient]:
    async with SiteClient(transport=httpx.ASGITransport(app=app), base_url="http://verification") as client:
        answer = await client.post("/akun/masuk", data={"user_id": user_id, "password": PASSWORD})
        assert answer.status_code == 303, answer.text
        yield client


def files(*codes: str) -> dict[str, tuple[str, bytes, str]]:
    return {f"doc_{code}": (f"{code}.pdf", PDF, "application/pdf") for code in codes}


async def test_a_provider_files_an_email_change_follows_it_prints_the_letter_and_proves_the_address(
    app: FastAPI, nc: Client
) -> None:
    await provider(app, "banjarmasin", "CVSURYA", "071111111111000", "lama@surya.co.id")
    await provider(app, "banjarmasin", "CVLAIN", "072222222222000", "lain@lain.co.id")
    pool = app.state.runtime.pool
    async with signed_in(app, "cvsurya") as client:
        form = await client.get("/akun/permohonan/baru?jenis=email")
        assert form.status_code == 200 and "<h1>Ajukan perubahan email</h1>" in form.text
        for label in ("Alamat email baru", "Berkas dibawa oleh kuasa", "KTP Direktur", "Kirim permohonan"):
            assert label in form.text
        assert "1 hari kerja (Jika tidak ada gangguan internet, perubahan e-mail paling lama 30 menit)" in form.text

        bad = await client.post(
            "/akun/permohonan/baru?jenis=email", data={"new_email": "bukan"}, files=files(*BJM_DIRECT[:1])
        )
        assert bad.status_code == 422
        assert '<div class="error" id="new_email-error">Alamat email tidak valid' in bad.text
        assert '<div class="error" id="doc_npwp-error">Unggah NPWP.</div>' in bad.text
        not_a_pdf = files(*BJM_DIRECT) | {"doc_npwp": ("npwp.pdf", b"MZ bukan pdf", "application/pdf")}
        refused = await client.post("/akun/permohonan/baru?jenis=email", data={"new_email": "baru@surya.co.id"},
                                    files=not_a_pdf)  # fmt: skip
        assert refused.status_code == 422 and "Berkas harus PDF, JPEG atau PNG" in refused.text
        assert await pool.fetchval("SELECT count(*) FROM account_requests") == 0

        filed = await client.post(
            "/akun/permohonan/baru?jenis=email", data={"new_email": "baru@surya.co.id"}, files=files(*BJM_DIRECT)
        )
        assert filed.status_code == 303, filed.text
        reference = await pool.fetchval("SELECT reference FROM account_requests")
        assert filed.headers["location"] == f"/akun/permohonan/{reference}?diajukan=1"
        shown = await client.get(filed.headers["location"])
        assert f"<h1>Permohonan {reference}</h1>" in shown.text
        assert "Menunggu konfirmasi alamat email baru" in shown.text
        assert "Cetak surat permohonan" in shown.text and "Batalkan permohonan" in shown.text
        assert "WITA" in shown.text, "Banjarmasin's times are shown in its zone"

        second = await client.get("/akun/permohonan/baru?jenis=nonaktif")
        assert second.status_code == 409 and f"Masih ada permohonan yang diproses: {reference}" in second.text

        letter = await client.get(f"/akun/permohonan/{reference}/surat.pdf")
        assert letter.headers["content-type"] == "application/pdf"
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.content)).pages)
        assert "SURAT PERMOHONAN PERUBAHAN EMAIL" in text and "baru@surya.co.id" in text and "CVSURYA" in text

    async with signed_in(app, "cvlain") as other:
        for hostile in ("%00", "PRM-BJM-2612-%00AAAA", "x" * 3000):
            assert (await other.get(f"/akun/permohonan/{hostile}")).status_code == 404
        assert (await other.get(f"/akun/permohonan/{reference}")).status_code == 404
        assert (await other.get(f"/akun/permohonan/{reference}/surat.pdf")).status_code == 404
        assert (await other.post(f"/akun/permohonan/{reference}/batalkan")).status_code == 404

    async def relayed() -> bool:
        return bool(await pool.fetchval("SELECT count(*) = 0 FROM outbox"))

    await eventually(relayed, what="the outbox to be relayed")
    mailed = await nc.jetstream().get_last_msg(
        "VERIFICATION", "verification.banjarmasin.account.email_proof_requested.v1"
    )
    path = link_box(app.state.runtime.settings).open(json.loads(mailed.data or b"{}")["proof_url"]).split("://", 1)[1]
    path = path[path.index("/") :]
    async with SiteClient(transport=httpx.ASGITransport(app=app), base_url="http://verification") as anyone:
        page = await anyone.get(path)
        assert page.status_code == 200 and "Konfirmasi alamat email baru" in page.text
        assert "Konfirmasi alamat email</button>" in page.text
        proven = await anyone.post(path)
        assert proven.status_code == 200 and "telah dikonfirmasi" in proven.text
        again = await anyone.post(path)
        assert again.status_code == 410
        assert (await anyone.get("/akun/email/tidak-dikenal")).status_code == 404
    assert await pool.fetchval("SELECT status FROM account_requests") == "menunggu_kunjungan"


async def test_a_returned_request_is_uploaded_again_and_a_withdrawn_one_is_gone(app: FastAPI) -> None:
    await provider(app, "banjarmasin", "CVBALIK", "073333333333000", "balik@balik.co.id")
    pool = app.state.runtime.pool
    async with signed_in(app, "cvbalik") as client:
        filed = await client.post(
            "/akun/permohonan/baru?jenis=data", data={"address": "Jl. Baru 9"}, files=files(*BJM_DIRECT)
        )
        assert filed.status_code == 404, "Banjarmasin's standard has no service for other data changes"
        assert (
            "Standar pelayanan LPSE Kota Banjarmasin tidak memuat layanan perubahan data penyedia lainnya."
            in filed.text
        )
        assert 'href="/akun/"' in filed.text

        filed = await client.post("/akun/permohonan/baru?jenis=npwp", data={"new_npwp": "07.444.444.4-444.000"},
                                  files=files(*BJM_DIRECT))  # fmt: skip
        assert filed.status_code == 303
        reference = await pool.fetchval("SELECT reference FROM account_requests")
        returned = [{"code": "npwp", "name": "NPWP", "note": "Fotokopi tidak terbaca"}]
        await pool.execute(
            "UPDATE account_requests SET status = 'dikembalikan', returned_items = $1::jsonb", json.dumps(returned)
        )
        shown = await client.get(f"/akun/permohonan/{reference}")
        assert "Fotokopi tidak terbaca" in shown.text and "Unggah ulang dokumen" in shown.text
        missing = await client.post(f"/akun/permohonan/{reference}/unggah-ulang", files={})
        assert missing.status_code == 422 and "Unggah NPWP." in missing.text
        again = await client.post(f"/akun/permohonan/{reference}/unggah-ulang", files=files("npwp"))
        assert again.status_code == 303
        assert await pool.fetchval("SELECT status FROM account_requests") == "diperiksa"
        late = await client.post(f"/akun/permohonan/{reference}/batalkan")
        assert late.status_code == 409 and "Tindakan ini tidak berlaku" in late.text
        await pool.execute("UPDATE account_requests SET status = 'menunggu_kunjungan'")
        withdrawn = await client.post(f"/akun/permohonan/{reference}/batalkan")
        assert withdrawn.status_code == 303
        assert await pool.fetchval("SELECT status FROM account_requests") == "dibatalkan"
        assert "Batalkan permohonan" not in (await client.get(f"/akun/permohonan/{reference}")).text
