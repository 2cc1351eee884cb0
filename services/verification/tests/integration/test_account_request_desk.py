"""The verifiers' desk on real PostgreSQL: each staff step on a provider's request, its guards, what an approval of
each kind changes on the account (in one transaction with its facts, history and audit), the LPSE's deactivation
and a reactivation recorded at the counter, agregasi sent to LKPP and closed by LKPP's answer, and the pages.

Expected values are written out from the plan of the account area and Banjarmasin's standard (BJM-2..6)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from nats.aio.client import Client

from contracts.registration import ProviderType
from lpse_runtime.objects import ObjectBucket
from lpse_runtime.sealing import link_box
from lpse_runtime.staff import SESSION_COOKIE, StaffPrincipal
from tests.provider_requests import (
    DEPOK,
    KEPALA,
    LOKET,
    RUDI,
    SITI,
    DeskEnv,
    desk_env,
    facts,
    seed_account,
    seed_request,
)
from tests.support import Infra, SiteClient
from verification import agregasi_usecases
from verification.account_requests import desk_usecases as desk
from verification.account_requests.desk_usecases import DONE, NOT_FOUND, Outcome
from verification.account_requests.domain import RequestTrigger as T
from verification.agregasi import LKPP, AggregationStep, AggregationTrigger
from verification.agregasi_db import account_by_id

pytestmark = pytest.mark.integration
WITA = ZoneInfo("Asia/Makassar")
MONDAY_1000 = datetime(2026, 11, 23, 10, 0, tzinfo=WITA)
BJM_DOCS = ("surat_permohonan", "ktp_direktur", "npwp", "akta_pendirian", "akta_perubahan_terakhir")
BJM_DOCS_WITH_PERMIT = (*BJM_DOCS, "surat_ijin_usaha")


@pytest.fixture
async def env(infra: Infra, nc: Client) -> AsyncIterator[DeskEnv]:
    """The verification service on fresh schemas and streams, Monday 10:00 WITA."""
    async with desk_env(infra, MONDAY_1000) as running:
        yield running


async def to_review(env: DeskEnv, request_id: uuid.UUID, codes: tuple[str, ...], by: StaffPrincipal = SITI) -> None:
    """The counter receives the file, the verifier claims it and finds every document in order."""
    assert await desk.act(env.desk, request_id, LOKET, "permohonan.datang", T.CHECK_IN) == DONE
    assert await desk.act(env.desk, request_id, LOKET, "permohonan.terima_berkas", T.HAND_OVER) == DONE
    assert await desk.act(env.desk, request_id, by, "permohonan.klaim", T.CLAIM) == DONE
    findings = {code: ("sesuai", "") for code in codes}
    assert await desk.check_documents(env.desk, request_id, by, findings) == DONE


async def status_of(env: DeskEnv, request_id: uuid.UUID) -> str:
    return str(await env.pool.fetchval("SELECT status FROM account_requests WHERE id = $1", request_id))


async def test_an_npwp_change_goes_through_the_counter_and_is_applied_with_its_facts_history_and_audit(
    env: DeskEnv,
) -> None:
    provider_id = await seed_account(env, npwp="012345678901234", aggregation_status="aggregated")
    request_id = await seed_request(
        env, provider_id, kind="npwp", service_id="BJM-4", changes={"new_npwp": "998877665544332"}
    )
    await to_review(env, request_id, BJM_DOCS_WITH_PERMIT)
    assert await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.APPROVE) == DONE

    account = await env.pool.fetchrow("SELECT * FROM providers WHERE id = $1", provider_id)
    assert account["npwp"] == "998877665544332"
    assert await status_of(env, request_id) == "disetujui"
    seen = await facts(env.pool)
    assert [what for what, _ in seen] == [
        "request_checked_in",
        "request_handed_over",
        "request_claimed",
        "request_approved",
        "changed",
    ]
    changed = seen[-1][1]
    assert (changed["npwp"], changed["aggregated"], changed["kind"]) == ("998877665544332", True, "npwp")
    reference = await env.pool.fetchval("SELECT reference FROM account_requests WHERE id = $1", request_id)
    sealed = seen[-2][1]["status_url"]
    assert reference not in sealed, "a private link travels sealed"
    opened = link_box(env.app.state.runtime.settings).open(sealed)
    assert opened == f"{env.app.state.runtime.settings.public_base_url}/akun/permohonan/{reference}"
    assert changed["changes"] == [
        {"field": "npwp", "label": "NPWP", "before": "01.***.***.*-***.234", "after": "99.***.***.*-***.332"}
    ]
    history = await env.pool.fetch(
        "SELECT what, detail, actor FROM account_history WHERE provider_id = $1", provider_id
    )
    assert [tuple(h) for h in history] == [
        ("NPWP diubah", "NPWP: 01.***.***.*-***.234 → 99.***.***.*-***.332", "Verifikator LPSE Kota Banjarmasin")
    ]
    actions = [
        r["action"]
        for r in await env.pool.fetch(
            "SELECT action FROM audit_log WHERE entity = 'account_request' AND entity_id = $1 ORDER BY id",
            str(request_id),
        )
    ]
    assert actions == [
        "permohonan:check_in",
        "permohonan:hand_over",
        "permohonan:claim",
        "permohonan:periksa",
        "permohonan:approve",
    ]
    clock = await env.pool.fetchrow(
        "SELECT status, stopped_at FROM account_request_clocks WHERE request_id = $1", request_id
    )
    assert (clock["status"], clock["stopped_at"]) == ("stopped", MONDAY_1000)


async def test_the_guards_refuse_and_store_nothing(env: DeskEnv) -> None:
    provider_id = await seed_account(env)
    request_id = await seed_request(
        env, provider_id, kind="npwp", service_id="BJM-4", changes={"new_npwp": "998877665544332"}
    )
    assert await desk.act(env.desk, request_id, LOKET, "permohonan.datang", T.CHECK_IN) == DONE
    assert await desk.act(env.desk, request_id, LOKET, "permohonan.terima_berkas", T.HAND_OVER) == DONE
    assert await desk.act(env.desk, request_id, SITI, "permohonan.klaim", T.CLAIM) == DONE
    before = await env.pool.fetchval("SELECT count(*) FROM outbox")

    refused = await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.APPROVE)
    assert refused.refusal is not None and refused.refusal.startswith(
        "Setiap dokumen wajib harus ditemukan sesuai sebelum diputuskan. Belum: Surat permohonan"
    )
    assert await desk.act(env.desk, request_id, RUDI, "permohonan.klaim", T.CLAIM) == Outcome(
        refusal="Permohonan ini sedang dipegang oleh siti.banjarmasin."
    )
    assert await desk.act(env.desk, request_id, SITI, "permohonan.periksa", T.RETURN, "  ") == Outcome(
        refusal="Tuliskan alasan pengembalian."
    )
    assert await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.REJECT, "") == Outcome(
        refusal="Tuliskan alasan penolakan."
    )
    assert await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.SEND_TO_LKPP) == Outcome(
        refusal="Tindakan ini tidak berlaku untuk perubahan npwp."
    )
    assert await desk.act(env.desk, request_id, DEPOK, "permohonan.putuskan", T.REJECT, "x") == NOT_FOUND
    assert await env.pool.fetchval("SELECT count(*) FROM outbox") == before
    assert await status_of(env, request_id) == "diperiksa"
    assert await env.pool.fetchval("SELECT npwp FROM providers WHERE id = $1", provider_id) != "998877665544332"

    assert await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.REJECT, "Akta tidak cocok") == DONE
    what, rejected = (await facts(env.pool))[-1]
    assert (what, rejected["reason"], rejected["verifier_id"]) == (
        "request_rejected",
        "Akta tidak cocok",
        "siti.banjarmasin",
    )
    assert await env.pool.fetchval("SELECT npwp FROM providers WHERE id = $1", provider_id) != "998877665544332"


async def test_an_approved_email_change_sends_mail_to_the_new_address_from_now_on(env: DeskEnv) -> None:
    provider_id = await seed_account(env, email="lama@contoh.co.id")
    request_id = await seed_request(
        env, provider_id, kind="email", service_id="BJM-2", changes={"new_email": "baru@contoh.co.id"}
    )
    await to_review(env, request_id, BJM_DOCS)
    assert await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.APPROVE) == DONE
    assert await env.pool.fetchval("SELECT email FROM providers WHERE id = $1", provider_id) == "baru@contoh.co.id"
    (_, approved), (_, changed) = (await facts(env.pool))[-2:]
    assert approved["email"] == "lama@contoh.co.id"
    assert (changed["email"], changed["previous_email"]) == ("baru@contoh.co.id", "lama@contoh.co.id")


async def test_a_npwp_taken_meanwhile_in_another_lpse_is_refused_at_approval(env: DeskEnv) -> None:
    provider_id = await seed_account(env, npwp="012345678901234")
    request_id = await seed_request(
        env, provider_id, kind="npwp", service_id="BJM-4", changes={"new_npwp": "998877665544332"}
    )
    await to_review(env, request_id, BJM_DOCS_WITH_PERMIT)
    await seed_account(
        env, "depok", company="PT Lain", provider_type=ProviderType.BADAN_USAHA_PT, npwp="998877665544332"
    )
    refused = await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.APPROVE)
    assert refused == Outcome(refusal="NPWP ini sudah terdaftar di LPSE Kota Depok.")
    assert await env.pool.fetchval("SELECT npwp FROM providers WHERE id = $1", provider_id) == "012345678901234"
    assert await status_of(env, request_id) == "diperiksa"


async def test_cv_to_pt_changes_type_and_name_and_keeps_the_user_id(env: DeskEnv) -> None:
    provider_id = await seed_account(env, company="CV Maju Jaya")
    user_id = await env.pool.fetchval("SELECT user_id FROM providers WHERE id = $1", provider_id)
    request_id = await seed_request(
        env,
        provider_id,
        kind="status_badan_usaha",
        service_id="BJM-3",
        changes={"new_company_name": "PT Maju Jaya", "deed_number": "12", "sk_number": "AHU-0001"},
    )
    await to_review(env, request_id, BJM_DOCS_WITH_PERMIT)
    assert await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.APPROVE) == DONE
    row = await env.pool.fetchrow(
        "SELECT user_id, provider_type, company_name FROM providers WHERE id = $1", provider_id
    )
    assert tuple(row) == (user_id, "badan_usaha_pt", "PT Maju Jaya")
    changed = (await facts(env.pool))[-1][1]
    assert (changed["provider_type"], changed["company_name"], changed["aggregated"]) == (
        "badan_usaha_pt",
        "PT Maju Jaya",
        False,
    )


async def test_an_approved_deactivation_ends_the_sessions_and_a_counter_reactivation_brings_the_account_back(
    env: DeskEnv,
) -> None:
    provider_id = await seed_account(env)
    await env.pool.execute(
        """INSERT INTO provider_sessions (token_hash, provider_id, created_at, last_seen_at)
           VALUES ('sesi-uji', $1, $2, $2)""",
        provider_id,
        MONDAY_1000,
    )
    request_id = await seed_request(env, provider_id, kind="nonaktif", service_id="BJM-5", reason="Perusahaan tutup")
    await to_review(env, request_id, BJM_DOCS_WITH_PERMIT)
    assert await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.APPROVE) == DONE
    row = await env.pool.fetchrow("SELECT * FROM providers WHERE id = $1", provider_id)
    assert (row["status"], row["deactivated_by"], row["deactivation_reason"]) == (
        "nonaktif",
        "permohonan",
        "Perusahaan tutup",
    )
    assert await env.pool.fetchval("SELECT ended_at FROM provider_sessions") == MONDAY_1000
    deactivated = (await facts(env.pool))[-1]
    assert deactivated[0] == "deactivated" and deactivated[1]["by"] == "permohonan"

    outcome, again = await desk.record_reactivation_request(env.desk, provider_id, LOKET, "Usaha berjalan lagi")
    assert outcome == DONE and again is not None
    assert await status_of(env, again) == "antre"
    assert await env.pool.fetchval("SELECT channel FROM account_requests WHERE id = $1", again) == "loket"
    # BJM-5 "30 menit" in working minutes from the recording, Monday 10:00 WITA → 10:30 WITA.
    assert await env.pool.fetchval(
        "SELECT due_at FROM account_request_clocks WHERE request_id = $1", again
    ) == datetime(2026, 11, 23, 10, 30, tzinfo=WITA)
    filed, handed = (await facts(env.pool))[-2:]
    assert (filed[0], filed[1]["channel"], filed[1]["kind"]) == ("request_filed", "loket", "aktif_kembali")
    assert handed[0] == "request_handed_over"
    assert datetime.fromisoformat(handed[1]["due_at"]) == datetime(2026, 11, 23, 10, 30, tzinfo=WITA)
    assert await desk.act(env.desk, again, SITI, "permohonan.klaim", T.CLAIM) == DONE
    assert await desk.check_documents(env.desk, again, SITI, {c: ("sesuai", "") for c in BJM_DOCS_WITH_PERMIT}) == DONE
    assert await desk.act(env.desk, again, SITI, "permohonan.putuskan", T.APPROVE) == DONE
    row = await env.pool.fetchrow("SELECT * FROM providers WHERE id = $1", provider_id)
    assert (row["status"], row["deactivated_at"], row["deactivated_by"]) == ("active", None, None)
    assert [what for what, _ in (await facts(env.pool))[-2:]] == ["request_approved", "reactivated"]


async def test_agregasi_is_sent_to_lkpp_and_closed_by_lkpps_answer_in_the_same_transaction(env: DeskEnv) -> None:
    provider_id = await seed_account(env)
    request_id = await seed_request(env, provider_id, kind="agregasi", service_id="BJM-6")
    await to_review(env, request_id, BJM_DOCS_WITH_PERMIT)
    assert await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.APPROVE) == Outcome(
        refusal="Tindakan ini tidak berlaku untuk agregasi data penyedia (adp)."
    )
    assert await desk.act(env.desk, request_id, SITI, "permohonan.putuskan", T.SEND_TO_LKPP) == DONE
    assert await status_of(env, request_id) == "dikirim_ke_lkpp"
    provider = await env.pool.fetchrow(
        "SELECT aggregation_status, aggregation_ref FROM providers WHERE id = $1", provider_id
    )
    stored_ref = await env.pool.fetchval("SELECT lkpp_request_ref FROM account_requests WHERE id = $1", request_id)
    assert provider["aggregation_status"] == "requested" and provider["aggregation_ref"] == stored_ref
    requested = await env.pool.fetchval(
        "SELECT payload FROM outbox WHERE subject = 'verification.banjarmasin.aggregation.requested.v1'"
    )
    assert requested is not None and json.loads(requested)["request_ref"] == stored_ref
    sent = (await facts(env.pool))[-1]
    assert sent[0] == "request_sent_to_lkpp" and sent[1]["request_ref"] == stored_ref
    assert (
        await env.pool.fetchval("SELECT status FROM account_request_clocks WHERE request_id = $1", request_id)
        == "stopped"
    )

    async with env.pool.acquire() as conn, conn.transaction():
        account = await account_by_id(conn, provider_id)
        assert account is not None
        step = AggregationStep(AggregationTrigger.LKPP_AGGREGATED, LKPP, lkpp_ref="LKPP-77")
        await agregasi_usecases.apply(conn, env.desk.profiles, account, step, MONDAY_1000)
    assert await status_of(env, request_id) == "teragregasi"
    assert (
        await env.pool.fetchval("SELECT aggregation_status FROM providers WHERE id = $1", provider_id) == "aggregated"
    )


async def test_the_head_deactivates_with_a_reason_and_the_pages_show_only_the_own_lpses_records(
    env: DeskEnv, nc: Client
) -> None:
    provider_id = await seed_account(env, npwp="012345678901234")
    await ObjectBucket(nc.jetstream(), desk.BUCKET).put("uji/ktp", b"%PDF-1.4 ktp")
    document = {
        "code": "ktp_direktur",
        "name": "KTP Direktur",
        "object": "uji/ktp",
        "filename": "ktp.pdf",
        "content_type": "application/pdf",
        "sha256": "0" * 64,
        "size": 12,
    }
    request_id = await seed_request(
        env, provider_id, kind="npwp", service_id="BJM-4", changes={"new_npwp": "998877665544332"}, documents=[document]
    )
    transport = httpx.ASGITransport(app=env.app)

    async def client(staff: StaffPrincipal) -> SiteClient:
        return SiteClient(
            transport=transport, base_url="http://verification", cookies={SESSION_COOKIE: await env.cookie(staff)}
        )

    async with await client(SITI) as siti:
        queue = await siti.get("/staf/permohonan/")
        assert queue.status_code == 200 and "Antrean permohonan akun penyedia" in queue.text
        assert f"/staf/permohonan/{request_id}" in queue.text and "Perubahan NPWP" in queue.text
        page = await siti.get(f"/staf/permohonan/{request_id}")
        assert page.status_code == 200 and "012345678901234" in page.text and "998877665544332" in page.text
        assert "Catat kedatangan" in page.text
        download = await siti.get(f"/staf/permohonan/{request_id}/dokumen/ktp_direktur")
        assert download.status_code == 200 and download.content == b"%PDF-1.4 ktp"
        assert download.headers["content-disposition"] == 'attachment; filename="ktp.pdf"'
        provider_page = await siti.get(f"/staf/penyedia/{provider_id}")
        assert provider_page.status_code == 200 and "Akun penyedia UJI" in provider_page.text
        assert "Belum diagregasi" in provider_page.text
        assert "Nonaktifkan akun" not in provider_page.text, "only the head of the LPSE deactivates"
        assert (await siti.post(f"/staf/penyedia/{provider_id}/nonaktifkan", data={"reason": "x"})).status_code == 403
        for button in ("datang", "terima-berkas", "klaim"):
            pressed = await siti.post(f"/staf/permohonan/{request_id}/{button}")
            assert (pressed.status_code, pressed.headers["location"]) == (303, f"/staf/permohonan/{request_id}")
        assert await status_of(env, request_id) == "diperiksa"
        no_reason = await siti.post(
            f"/staf/permohonan/{request_id}/kembalikan", data={"reason": ""}, follow_redirects=True
        )
        assert "Tuliskan alasan pengembalian." in no_reason.text and await status_of(env, request_id) == "diperiksa"
        bogus = await siti.post(
            f"/staf/permohonan/{request_id}/periksa", data={"finding_npwp": "asal", "finding_x": "1"}
        )
        assert bogus.status_code == 303 and "galat=" in bogus.headers["location"]
        assert (
            json.loads(await env.pool.fetchval("SELECT checklist FROM account_requests WHERE id = $1", request_id))
            == {}
        )
        for path in ("/staf/permohonan/bukan-uuid", "/staf/penyedia/bukan-uuid", "/staf/permohonan/?status=%00"):
            hostile = await siti.get(path)
            assert hostile.status_code < 500 and "text/html" in hostile.headers["content-type"], path
        checked = await siti.post(
            f"/staf/permohonan/{request_id}/periksa", data={"finding_npwp": "tidak_valid", "note_npwp": "kabur"}
        )
        assert checked.status_code == 303
        returned = await siti.post(f"/staf/permohonan/{request_id}/kembalikan", data={"reason": "Dokumen kabur"})
        assert returned.status_code == 303 and await status_of(env, request_id) == "dikembalikan"
        items = json.loads(
            await env.pool.fetchval("SELECT returned_items FROM account_requests WHERE id = $1", request_id)
        )
        assert {"code": "npwp", "name": "NPWP", "note": "kabur"} in items
    async with await client(LOKET) as counter:
        waiting = await counter.get(f"/staf/permohonan/{request_id}")
        assert "Dikembalikan: berkas perlu dilengkapi" in waiting.text
        assert "Berkas lengkap diterima di loket" not in waiting.text, "resuming is a verifier's step (periksa)"
    async with await client(DEPOK) as rina:
        assert (await rina.get(f"/staf/permohonan/{request_id}")).status_code == 404
        assert (await rina.get(f"/staf/permohonan/{request_id}/dokumen/ktp_direktur")).status_code == 404
        assert (await rina.get(f"/staf/penyedia/{provider_id}")).status_code == 404
        assert (await rina.get(f"/staf/permohonan/{uuid.uuid4()}")).status_code == 404
    async with await client(KEPALA) as head:
        empty = await head.post(
            f"/staf/penyedia/{provider_id}/nonaktifkan", data={"reason": " "}, follow_redirects=True
        )
        assert "Tuliskan alasan penonaktifan." in empty.text
        assert await env.pool.fetchval("SELECT status FROM providers WHERE id = $1", provider_id) == "active"
        done = await head.post(f"/staf/penyedia/{provider_id}/nonaktifkan", data={"reason": "Masuk daftar hitam"})
        assert done.status_code == 303
    row = await env.pool.fetchrow("SELECT * FROM providers WHERE id = $1", provider_id)
    assert (row["status"], row["deactivated_by"], row["deactivation_reason"]) == (
        "nonaktif",
        "lpse",
        "Masuk daftar hitam",
    )
    what, fact = (await facts(env.pool))[-1]
    assert (what, fact["by"], fact["officer_id"]) == ("deactivated", "lpse", "kepala.banjarmasin")
    history = await env.pool.fetchval("SELECT what FROM account_history WHERE provider_id = $1", provider_id)
    assert history == "Akun dinonaktifkan oleh LPSE"
