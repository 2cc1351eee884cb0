"""Agregasi and the provider's password on real PostgreSQL and JetStream, through the service's own routes.

The README ("Agregasi"): Banjarmasin's verifier sends the ADP request to LKPP, whose answer arrives on the signed
callback or is recorded by the verifier, aggregated or refused with the reason; Temanggung's provider signs in at
/akun/agregasi with user ID, password and LPSE and activates it. A set-password link works once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote

import httpx
import pytest
from fastapi import FastAPI
from nats.aio.client import Client

from contracts.digests import LKPP_SIGNATURE_HEADER, lkpp_signature, token_digest
from lpse_runtime.staff import SESSION_COOKIE, dummy_hash, hash_password, password_matches, password_matches_off_loop
from tests.support import (
    Infra,
    SiteClient,
    application_submitted,
    eventually,
    reset_identity,
    reset_schema,
    staff_session,
)
from verification import activation_db, agregasi_usecases, db
from verification.agregasi_forms import AggregationSignInForm
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration
SECRET = "rahasia-lkpp-uji"


@pytest.fixture
async def app(infra: Infra, nc: Client) -> AsyncIterator[FastAPI]:
    """The service on a fresh schema, its streams declared (by `nc`)."""
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    settings = Settings(database_url=url, nats_url=infra.nats_url, lkpp_callback_secret=SECRET)
    service = create_app(settings)
    async with service.router.lifespan_context(service):
        yield service


async def activated_provider(app: FastAPI, lpse: str, user_id: str) -> tuple[uuid.UUID, uuid.UUID]:
    """A case of the LPSE and the provider account its activation left: (case id, provider id)."""
    event = application_submitted(lpse, f"CV {user_id.title()}")
    case_id, provider_id, now = uuid.uuid4(), uuid.uuid4(), datetime.now(UTC)
    async with app.state.runtime.pool.acquire() as conn, conn.transaction():
        await db.open_case(conn, case_id, event, now, "uji")
        case = await db.get_case(conn, case_id)
        await activation_db.insert_provider(conn, provider_id=provider_id, user_id=user_id, case=case, now=now)
    return case_id, provider_id


async def staff(infra: Infra, app: FastAPI, username: str, lpse: str) -> SiteClient:
    cookie = await staff_session(infra, username, [("verifikator", lpse)], now=datetime.now(UTC))
    transport = httpx.ASGITransport(app=app)
    return SiteClient(transport=transport, base_url="http://verification", cookies={SESSION_COOKIE: cookie})


def galat(answer: httpx.Response) -> str:
    """The message a redirect back to the case page carries."""
    assert answer.status_code == 303, answer.text
    location = unquote(answer.headers["location"])
    return location.split("?galat=", 1)[1] if "?galat=" in location else ""


async def callback(app: FastAPI, body: bytes, secret: str = SECRET) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://verification") as lkpp:
        return await lkpp.post(
            "/akun/lkpp/adp/callback",
            content=body,
            headers={"content-type": "application/json", LKPP_SIGNATURE_HEADER: lkpp_signature(secret, body)},
        )


async def test_lkpp_answers_once_by_signed_callback_and_a_bad_callback_changes_nothing(
    infra: Infra, app: FastAPI, nc: Client
) -> None:
    pool = app.state.runtime.pool
    case_id, provider_id = await activated_provider(app, "banjarmasin", "CVLANCAR")
    async with await staff(infra, app, "verifikator.banjarmasin", "banjarmasin") as verifier:
        assert galat(await verifier.post(f"/staf/kasus/{case_id}/adp")) == ""
    request_ref = await pool.fetchval("SELECT aggregation_ref FROM providers WHERE id = $1", provider_id)
    assert request_ref.startswith("ADP-DPK-2611-ABCDEF-")

    answer = {"request_ref": request_ref, "result": "aggregated", "lkpp_ref": "LKPP-0A1B2C3D"}
    body = json.dumps(answer).encode()
    forged = await callback(app, body, secret="rahasia-lain")
    assert (forged.status_code, forged.json()) == (401, {"error": "invalid signature"})
    for not_an_answer in (b"[]", b"bukan json", json.dumps({"request_ref": request_ref, "result": "lain"}).encode()):
        malformed = await callback(app, not_an_answer)
        assert (malformed.status_code, malformed.json()) == (422, {"error": "body must carry request_ref and result"})
    too_long = await callback(app, json.dumps(answer | {"lkpp_ref": "L" * 121}).encode())
    assert (too_long.status_code, too_long.json()) == (422, {"error": "invalid lkpp_ref"})
    unknown = await callback(app, json.dumps(answer | {"request_ref": "ADP-TIDAK-ADA"}).encode())
    assert (unknown.status_code, unknown.json()) == (404, {"error": "unknown request_ref"})
    assert await pool.fetchval("SELECT aggregation_status FROM providers") == "requested"

    first, repeated = await callback(app, body), await callback(app, body)
    assert (first.status_code, first.json()) == (200, {"status": "aggregated"})
    assert (repeated.status_code, repeated.json()) == (200, {"status": "aggregated"}), "LKPP may retry"
    row = await pool.fetchrow("SELECT * FROM providers WHERE id = $1", provider_id)
    assert (row["aggregation_status"], row["lkpp_ref"]) == ("aggregated", "LKPP-0A1B2C3D")
    audit = await pool.fetch("SELECT actor_id, action, before, after FROM audit_log ORDER BY id")
    assert [tuple(r) for r in audit] == [
        ("verifikator.banjarmasin", "agregasi:request", "none", "requested"),
        ("lkpp", "agregasi:lkpp_aggregated", "requested", "aggregated"),
    ]

    async def published() -> bool:
        return bool(await pool.fetchval("SELECT count(*) = 0 FROM outbox"))

    await eventually(published, what="the aggregation facts to be published")
    done = await nc.jetstream().get_last_msg("VERIFICATION", "verification.banjarmasin.aggregation.completed.v1")
    fact = json.loads(done.data or b"{}")
    assert (fact["provider_id"], fact["mode"], fact["lkpp_ref"]) == (str(provider_id), "via_lkpp", "LKPP-0A1B2C3D")


async def test_the_verifier_records_a_refusal_by_hand_with_its_reason_and_asks_again(
    infra: Infra, app: FastAPI
) -> None:
    pool = app.state.runtime.pool
    case_id, _ = await activated_provider(app, "banjarmasin", "CVTOLAK")

    async def status() -> tuple[str, str | None]:
        row = await pool.fetchrow("SELECT aggregation_status, aggregation_reason FROM providers")
        return row["aggregation_status"], row["aggregation_reason"]

    async with await staff(infra, app, "verifikator.depok", "depok") as other:
        elsewhere = await other.post(f"/staf/kasus/{case_id}/adp/jawaban", data={"result": "refused"})
        assert elsewhere.status_code == 404, "another LPSE's verifier learns nothing, not even the form's fault"
    async with await staff(infra, app, "verifikator.banjarmasin", "banjarmasin") as verifier:
        answer_path = f"/staf/kasus/{case_id}/adp/jawaban"
        early = await verifier.post(answer_path, data={"result": "aggregated"})
        assert galat(early) == "Agregasi sudah berstatus 'Belum diagregasi'."
        await verifier.post(f"/staf/kasus/{case_id}/adp")
        first_ref = await pool.fetchval("SELECT aggregation_ref FROM providers")

        no_reason = await verifier.post(answer_path, data={"result": "refused", "reason": " "})
        assert galat(no_reason) == "Sebutkan alasan penolakan LKPP."
        long_ref = await verifier.post(answer_path, data={"result": "refused", "reason": "x", "lkpp_ref": "L" * 121})
        assert galat(long_ref) == "Nomor referensi LKPP paling banyak 120 karakter."
        assert await status() == ("requested", None), "a refused form stores nothing"

        reason = "NPWP tidak ditemukan pada data DJP"
        refused = await verifier.post(answer_path, data={"result": "refused", "reason": reason, "lkpp_ref": "LKPP-9"})
        assert galat(refused) == ""
        assert await status() == ("refused", reason)
        again = await verifier.post(f"/staf/kasus/{case_id}/adp")
        assert galat(again) == ""
    assert await status() == ("requested", None)
    assert await pool.fetchval("SELECT aggregation_ref FROM providers") != first_ref, "a new request, a new number"
    actions = [r["action"] for r in await pool.fetch("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["agregasi:request", "agregasi:lkpp_refused", "agregasi:request"]
    refused_audit = await pool.fetchval("SELECT reason FROM audit_log WHERE action = 'agregasi:lkpp_refused'")
    assert refused_audit == reason


async def test_a_temanggung_provider_sets_a_password_once_signs_in_and_activates_aggregation(app: FastAPI) -> None:
    pool = app.state.runtime.pool
    _, provider_id = await activated_provider(app, "temanggung", "CVMANDIRI")
    tokens = ["tautan-aktivasi-satu", "tautan-aktivasi-dua"]
    async with pool.acquire() as conn:
        for token in tokens:
            expires = datetime.now(UTC) + timedelta(hours=72)
            await db.insert_password_token(conn, token_digest(token), provider_id, expires)
    password = "  sandi mandiri 2026 "  # spaces included: a password is kept exactly as typed
    transport = httpx.ASGITransport(app=app)
    async with SiteClient(transport=transport, base_url="http://verification") as provider:
        path = f"/akun/sandi/{tokens[0]}"
        assert "Buat kata sandi akun penyedia" in (await provider.get(path)).text
        mismatch = await provider.post(path, data={"password": password, "repeat": password.strip()})
        assert mismatch.status_code == 422
        assert '<div class="error" id="repeat-error">Kedua kata sandi tidak sama.</div>' in mismatch.text
        assert await pool.fetchval("SELECT password_hash FROM providers") is None
        done = await provider.post(path, data={"password": password, "repeat": password})
        assert done.status_code == 200 and "telah dibuat" in done.text
        assert (await provider.post(path, data={"password": password, "repeat": password})).status_code == 410
        other_link = await provider.get(f"/akun/sandi/{tokens[1]}")
        assert "sudah dipakai" in other_link.text, "setting the password spends every link still open"
        assert password_matches(await pool.fetchval("SELECT password_hash FROM providers"), password)

        sign_in = {"user_id": "cvmandiri", "password": password, "lpse": "temanggung"}
        trimmed = await provider.post("/akun/agregasi", data=sign_in | {"password": password.strip()})
        assert trimmed.status_code == 401
        assert "User ID, kata sandi atau LPSE tempat mendaftar tidak sesuai." in trimmed.text
        wrong_lpse = await provider.post("/akun/agregasi", data=sign_in | {"lpse": "banjarmasin"})
        assert wrong_lpse.status_code == 401
        shown = await provider.post("/akun/agregasi", data=sign_in)
        assert shown.status_code == 200 and "Belum diagregasi" in shown.text and "CV Cvmandiri" in shown.text
        token = shown.text.split('name="token" value="', 1)[1].split('"', 1)[0]

        tampered = await provider.post("/akun/agregasi/aktivasi", data={"token": token[:-2] + "xx"})
        assert tampered.status_code == 403 and "Sesi aktivasi kedaluwarsa; masuk kembali." in tampered.text
        activated = await provider.post("/akun/agregasi/aktivasi", data={"token": token})
        assert activated.status_code == 200 and 'id="aggregated"' in activated.text
        twice = await provider.post("/akun/agregasi/aktivasi", data={"token": token})
        assert twice.status_code == 409 and "Agregasi sudah berstatus" in twice.text
    assert await pool.fetchval("SELECT aggregation_status FROM providers") == "aggregated"
    actions = [r["action"] for r in await pool.fetch("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["set_password", "agregasi:self_activate"]


async def test_an_unknown_user_id_costs_the_same_argon2_check_as_a_wrong_password(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []

    async def counted(stored: str, password: str) -> bool:
        checked.append(stored)
        return await password_matches_off_loop(stored, password)

    monkeypatch.setattr(agregasi_usecases, "password_matches_off_loop", counted)
    _, provider_id = await activated_provider(app, "temanggung", "DIKENAL")
    pool = app.state.runtime.pool
    known = hash_password("benar-sekali-123")
    await pool.execute("UPDATE providers SET password_hash = $2 WHERE id = $1", provider_id, known)
    for user_id in ("TIDAKADA", "DIKENAL"):
        form = AggregationSignInForm(user_id=user_id, password="salah-sekali-123", lpse="temanggung")
        assert await agregasi_usecases.sign_in(pool, form) is None
    assert checked == [dummy_hash(), known], "one argon2 check each: the unknown one against a hash of the same cost"
