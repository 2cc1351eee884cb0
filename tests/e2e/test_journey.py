"""The provider's journey end to end: every service as a process, driven over HTTP through the front door."""

from __future__ import annotations

import json
import re

import asyncpg
import pytest

from devstack.stack import Stack
from tests.e2e.driver import (
    PDF,
    check_documents,
    mail_to,
    open_case_as,
    open_draft,
    random_digits,
    receive_at_counter,
    required_uploads,
    shows,
    sign_in_as,
    submit_application,
    wait_for_mail,
)
from tests.support import SiteClient, eventually, unique_email

pytestmark = pytest.mark.e2e


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]+)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


async def count_applications(stack: Stack, email: str) -> int:
    conn = await asyncpg.connect(stack.admin_database_url)
    try:
        return int(await conn.fetchval("SELECT count(*) FROM registration.applications WHERE email = $1", email))
    finally:
        await conn.close()


async def test_every_service_is_ready_behind_the_front_door(stack: Stack) -> None:
    async with SiteClient(base_url=stack.front_url) as client:
        landing = await client.get("/")
        for link in ("/daftar/", "/akun/masuk", "/staf/", "/mail/", "/helpdesk/", "/standar/", "/ops/"):
            assert f'href="{link}"' in landing.text
        for prefix in ("/daftar", "/staf", "/helpdesk", "/notifier", "/ops"):
            ready = await client.get(f"{prefix}/health/ready")
            assert ready.status_code == 200 and ready.json()["status"] == "ok", prefix
    # Metrics are scraped on the service's own port (README, "Internal endpoints").
    async with SiteClient(base_url=stack.service_urls["registration"]) as client:
        metrics = await client.get("/daftar/metrics")
        assert "outbox_published_events" in metrics.text


async def test_provider_journey_from_form_to_active_account(stack: Stack) -> None:
    email = unique_email()
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as verifier,
    ):
        # 1. The email first: a bad address is refused, a good one gets the private link to the form.
        refused = await applicant.post("/daftar/depok/", data={"email": "siti@"})
        assert refused.status_code == 422 and "Alamat email tidak valid" in refused.text
        draft_path = await open_draft(applicant, "depok", email)
        form = await applicant.get(draft_path)
        assert form.status_code == 200 and email in form.text and "Formulir pendaftaran penyedia" in form.text
        npwp, nib = random_digits(15), random_digits(13)
        fields = {
            "provider_type": "badan_usaha_pt",
            "company_name": "PT Uji Jalur Lengkap",
            "npwp": f"{npwp[:2]}.{npwp[2:5]}.{npwp[5:8]}.{npwp[8]}-{npwp[9:12]}.{npwp[12:]}",
            "nib": nib,
            "director_name": "Siti Rahma",
            "director_nik": random_digits(16),
        }

        # A draft keeps what was typed and is resumed from the same link.
        saved = await applicant.post(draft_path, data={"action": "simpan", **fields, "director_name": ""})
        assert 'id="draft-saved"' in saved.text
        assert 'value="PT Uji Jalur Lengkap"' in (await applicant.get(draft_path)).text

        # Bad input: a message next to each field, no application; missing documents are named.
        bad = await applicant.post(draft_path, data={"action": "kirim", **fields, "npwp": "123", "nib": "12"})
        assert bad.status_code == 422
        assert "NPWP harus 15 atau 16 digit" in bad.text and "NIB harus tepat 13 digit" in bad.text
        assert "Unggah KTP Direktur/Pemilik Usaha." in bad.text
        assert await count_applications(stack, email) == 0

        # Uploads are recognised by content: a program named .pdf is refused and nothing of it is kept.
        fake = await applicant.post(
            draft_path,
            data={"action": "simpan", **fields},
            files={"doc_ktp": ("ktp.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")},
        )
        assert fake.status_code == 422 and "KTP Direktur/Pemilik Usaha: berkas harus PDF, JPEG atau PNG" in fake.text
        assert 'id="uploaded-ktp"' not in fake.text
        uploads = required_uploads("depok", "badan_usaha_pt")
        stored = await applicant.post(draft_path, data={"action": "simpan", **fields}, files=uploads)
        assert 'id="uploaded-ktp"' in stored.text
        own = await applicant.get(f"{draft_path}/dokumen/ktp")
        assert own.status_code == 200 and own.content == PDF

        # A valid submission commits and shows a reference; posting the form again creates nothing more.
        submitted = await applicant.post(draft_path, data={"action": "kirim", **fields})
        assert submitted.status_code == 303
        status_path = submitted.headers["location"].split("?")[0]
        status_page = await applicant.get(submitted.headers["location"])
        reference = re.search(r"Nomor pendaftaran:\s*<strong>([A-Z0-9-]+)</strong>", status_page.text)
        assert reference, status_page.text
        ref = reference.group(1)
        again = await applicant.post(draft_path, data={"action": "kirim", **fields})
        assert again.status_code == 303 and again.headers["location"] == status_path, "a second click sees the case"
        assert await count_applications(stack, email) == 1
        used = await applicant.get(draft_path)
        assert used.status_code == 303 and used.headers["location"] == status_path, "the used draft link leads on"
        assert ref in (await applicant.get(draft_path, follow_redirects=True)).text

        # The same NPWP, in another LPSE, is refused with the reason.
        other_email = unique_email("kembar")
        twin_path = await open_draft(applicant, "banjarmasin", other_email)
        twin = await applicant.post(
            twin_path, data={"action": "kirim", **fields, "provider_type": "badan_usaha_cv", "nib": random_digits(13)}
        )
        assert (
            twin.status_code == 422 and "NPWP ini sudah terdaftar atau sedang diajukan di LPSE Kota Depok" in twin.text
        )
        assert await count_applications(stack, other_email) == 0

        # 2. The applicant's email carries the reference and the private status link.
        received = await wait_for_mail(applicant, email, "diterima")
        assert ref in received["text"] and f"{stack.front_url}{status_path}" in received["text"]

        # 3. A Depok verifier sees the case, claims and approves it; a Banjarmasin verifier never sees it.
        other = SiteClient(base_url=stack.front_url)
        await other.post("/staf/masuk", data={"username": "verifikator.banjarmasin", "password": "banjarmasin-2026"})
        assert ref not in (await other.get("/staf/")).text
        await other.aclose()

        denied = await verifier.post("/staf/masuk", data={"username": "verifikator.depok", "password": "salah"})
        assert denied.status_code == 401 and "salah" in denied.text
        signed_in = await verifier.post("/staf/masuk", data={"username": "verifikator.depok", "password": "depok-2026"})
        assert signed_in.status_code == 303
        case_url: dict[str, str] = {}

        async def case_in_queue() -> bool:
            queue = await verifier.get("/staf/")
            match = re.search(rf'<a href="(/staf/kasus/[0-9a-f-]+)">{ref}</a>', queue.text)
            if match:
                case_url["path"] = match.group(1)
            return match is not None

        await eventually(case_in_queue, timeout=30, what="the case in Depok's queue")
        # Depok checks the originals at its office: the applicant is invited and the clock waits for the file.
        invitation = await wait_for_mail(applicant, email, "silakan datang ke loket")
        assert "Jalan Margonda Raya Nomor 54" in invitation["text"] and "09.00–14.00 WIB" in invitation["text"]
        await eventually(
            lambda: shows(applicant, status_path, "Menunggu kedatangan Anda di loket LPSE Kota Depok"),
            what="the status page to say the case waits for the visit",
        )
        assert 'id="deadline"' not in (await applicant.get(status_path)).text, "no deadline before the hand-over"
        await receive_at_counter(verifier, case_url["path"])
        handed_over = await wait_for_mail(applicant, email, "terima di loket")
        assert "± 15 menit" in handed_over["text"] and "WIB" in handed_over["text"]
        claim = await verifier.post(f"{case_url['path']}/klaim")
        assert claim.status_code == 303
        claimed_mail = await wait_for_mail(applicant, email, "sedang diverifikasi")
        assert ref in claimed_mail["text"]

        async def status_is(text: str) -> bool:
            return text in (await applicant.get(status_path)).text

        await eventually(lambda: status_is("Sedang diverifikasi oleh verifikator"), what="status page: in verification")

        case_view = await verifier.get(case_url["path"])
        nib_row = re.search(r'<tr data-item="nib".*?</tr>', case_view.text, re.S)
        assert nib_row and "asli dilihat" not in nib_row.group(0), "DPK-1a asks the NIB of a badan usaha in copy"
        assert "asli dilihat, salinan sesuai" in case_view.text, "the KTP's original is seen at the counter"
        upload_link = re.search(r'href="(/daftar/dokumen/[0-9a-f-]+/ktp)" class="upload-link"', case_view.text)
        assert upload_link, "the verifier sees the applicant's upload beside the checklist item"
        seen = await verifier.get(upload_link.group(1))
        assert seen.status_code == 200 and seen.content == PDF
        outsider = SiteClient(base_url=stack.front_url)
        await outsider.post("/staf/masuk", data={"username": "verifikator.banjarmasin", "password": "banjarmasin-2026"})
        assert (await outsider.get(upload_link.group(1))).status_code == 404, "staff of another LPSE see nothing"
        await outsider.aclose()
        too_early = await verifier.post(f"{case_url['path']}/setujui", follow_redirects=True)
        assert "Belum semua dokumen wajib terverifikasi" in too_early.text
        await check_documents(verifier, case_url["path"])
        approve = await verifier.post(f"{case_url['path']}/setujui")
        assert approve.status_code == 303
        case_page = await verifier.get(case_url["path"])
        assert "Disetujui, akun aktif" in case_page.text and "<td>Disetujui</td>" in case_page.text

        # 4. The activation email: user ID and a one-time set-password link; the status page says active.
        activated = await wait_for_mail(applicant, email, "Akun penyedia aktif")
        assert activated["attachments"] == [f"Lembar-Bukti-Verifikasi-dan-penerimaan-berkas-{ref}.pdf"]
        receipt = await verifier.get(f"{case_url['path']}/tanda-terima.pdf")
        assert receipt.status_code == 200 and receipt.content.startswith(b"%PDF")
        assert (await applicant.get(f"{case_url['path']}/tanda-terima.pdf")).status_code in {303, 401}
        user_id = re.search(r"User ID: (\S+)", activated["text"])
        link = re.search(r"(http://\S+/akun/sandi/\S+)", activated["text"])
        assert user_id and link
        await eventually(lambda: status_is("Akun aktif"), what="status page: active")
        final = await applicant.get(status_path)
        assert f'<code id="user-id">{user_id.group(1)}</code>' in final.text

        set_path = link.group(1).removeprefix(stack.front_url)
        short = await applicant.post(set_path, data={"password": "pendek", "repeat": "pendek"})
        assert short.status_code == 422 and "minimal 10 karakter" in short.text
        done = await applicant.post(set_path, data={"password": "sandi-rahasia-2026", "repeat": "sandi-rahasia-2026"})
        assert done.status_code == 200 and "telah dibuat" in done.text
        reused = await applicant.post(set_path, data={"password": "sandi-lain-2026!", "repeat": "sandi-lain-2026!"})
        assert reused.status_code == 410

        # Each step's email went out exactly once.
        for subject in (
            "diterima",
            "silakan datang ke loket",
            "terima di loket",
            "sedang diverifikasi",
            "Akun penyedia aktif",
        ):
            assert await mail_to(applicant, email, subject) is not None

        # Staff see the case's emails with their status and resend the activation email.
        link = re.search(r'href="(/notifier/kasus/[0-9a-f-]+)" id="deliveries-link"', case_page.text)
        assert link
        deliveries = await verifier.get(link.group(1))
        assert deliveries.text.count('data-status="delivered"') == 5
        activation_row = next(r for r in deliveries.text.split("<tr ") if 'data-template="account_activated"' in r)
        resend = re.search(r'action="(/notifier/pengiriman/[0-9a-f-]+/kirim-ulang)"', activation_row)
        assert resend
        resent = await verifier.post(resend.group(1), follow_redirects=True)
        assert f"Dikirim ulang ke {email}" in resent.text

        async def activation_sent_twice() -> bool:
            messages = (await applicant.get("/mail/api/messages")).json()
            return len([m for m in messages if m["to"] == email and "Akun penyedia aktif" in m["subject"]]) == 2

        await eventually(activation_sent_twice, what="the resent activation email")


async def test_helpdesk_ticket_reaches_the_reporter(stack: Stack) -> None:
    email = unique_email("pelapor")
    async with SiteClient(base_url=stack.front_url) as client:
        form = await client.get("/helpdesk/banjarmasin/")
        key = hidden(form.text, "submission_key")
        page = await client.post(
            "/helpdesk/banjarmasin/",
            data={
                "submission_key": key,
                "category": "masalah_spse",
                "reporter_role": "penyedia",
                "name": "Pelapor Uji",
                "summary": "Tidak bisa unggah penawaran",
                "description": "Setiap unggah dokumen penawaran gagal dengan pesan galat.",
                "email": email,
            },
        )
        reference = re.search(r'id="ticket-reference">([A-Z0-9-]+)<', page.text)
        assert page.status_code == 200 and reference
        mail = await wait_for_mail(client, email, "diterima helpdesk")
        assert reference.group(1) in mail["text"]


async def test_operators_see_streams_and_consumers(stack: Stack) -> None:
    async with SiteClient(base_url=stack.front_url) as client:
        anonymous = await client.get("/ops/api/streams")
        assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/staf/masuk")
        await sign_in_as(client, "operator.platform", "operator-2026")
        streams = {s["name"]: s for s in (await client.get("/ops/api/streams")).json()}
        assert {"REGISTRATION", "VERIFICATION", "HELPDESK", "NOTIFIER", "DEADLETTER"} <= set(streams)
        consumers = {c["name"] for c in streams["REGISTRATION"]["consumers"]}
        assert {"verification-from-registration", "notifier-from-registration"} <= consumers
        page = await client.get("/ops/")
        assert page.status_code == 200 and "Aliran event langsung" in page.text
        spec = await client.get("/ops/asyncapi")
        assert "registration.{lpse}.application.submitted.v1" in spec.text and "cdn" not in spec.text.lower()
        assert (await client.get("/ops/asyncapi.json")).json()["asyncapi"] == "3.0.0"


async def test_live_feed_shows_facts_as_they_happen_filtered_by_lpse_and_type(stack: Stack) -> None:
    async with SiteClient(base_url=stack.front_url, timeout=30) as client:
        params = {"lpse": "temanggung", "type": "ticket.opened"}
        await sign_in_as(client, "operator.platform", "operator-2026")
        async with client.stream("GET", "/ops/api/feed", params=params) as feed:
            assert feed.status_code == 200
            lines = feed.aiter_lines()
            while (await anext(lines)) != "event: ready":
                pass
            for lpse in ("depok", "temanggung"):
                form = await client.get(f"/helpdesk/{lpse}/")
                await client.post(
                    f"/helpdesk/{lpse}/",
                    data={
                        "submission_key": hidden(form.text, "submission_key"),
                        "category": "akun_penyedia",
                        "reporter_role": "penyedia",
                        "name": "Pelapor Uji",
                        "summary": f"Lupa kata sandi {lpse}",
                        "description": "Tidak bisa masuk ke akun penyedia.",
                        "email": unique_email("feed"),
                    },
                )
            event = ""
            async for line in lines:
                if line.startswith("event:"):
                    event = line.removeprefix("event:").strip()
                elif line.startswith("data:") and event == "fact":
                    fact = json.loads(line.removeprefix("data:").strip())
                    break
        assert fact["subject"] == "helpdesk.temanggung.ticket.opened.v1"
        assert fact["lpse"] == "temanggung" and fact["event_type"] == "ticket.opened"


async def clock_of(stack: Stack, reference: str) -> asyncpg.Record:
    conn = await asyncpg.connect(stack.admin_database_url)
    try:
        row = await conn.fetchrow(
            """SELECT k.* FROM verification.case_clocks k JOIN verification.cases c ON c.id = k.case_id
               WHERE c.reference = $1""",
            reference,
        )
        assert row is not None
        return row
    finally:
        await conn.close()


async def test_returned_file_pauses_the_clock_and_the_applicant_is_told_what_is_missing(stack: Stack) -> None:
    email = unique_email("banjar")
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as verifier,
    ):
        reference, status_path = await submit_application(applicant, "banjarmasin", email, "CV Kembali Lengkap")
        case_path = await open_case_as(verifier, "verifikator.banjarmasin", "banjarmasin-2026", reference)
        await receive_at_counter(verifier, case_path)
        queue = await verifier.get("/staf/")
        assert "(30 menit)" in queue.text and "WITA" in queue.text
        started = await clock_of(stack, reference)
        assert started["status"] == "running" and started["due_at"] is not None

        await verifier.post(f"{case_path}/klaim")
        await check_documents(verifier, case_path)
        refused = await verifier.post(f"{case_path}/kembalikan", data={"reason": "  "}, follow_redirects=True)
        assert "Sebutkan dokumen yang kurang" in refused.text, "nothing is wrong, so there is nothing to return"
        await check_documents(verifier, case_path, akta_perubahan_terakhir=("invalid", "belum dibawa"))
        await verifier.post(f"{case_path}/kembalikan", data={"reason": "SIUP sudah tidak berlaku"})
        missing = "Akta Perubahan terakhir: belum dibawa; SIUP sudah tidak berlaku"

        paused = await clock_of(stack, reference)
        assert paused["status"] == "paused" and paused["due_at"] is None and paused["remaining_seconds"] > 0
        assert "dijeda" in (await verifier.get(case_path)).text
        mail = await wait_for_mail(applicant, email, "perlu dilengkapi")
        assert missing in mail["text"] and reference in mail["text"]

        async def status_says_returned() -> bool:
            page = (await applicant.get(status_path)).text
            return "Berkas perlu dilengkapi" in page and missing in page

        await eventually(status_says_returned, what="the status page to list what is missing")

        await verifier.post(f"{case_path}/lanjutkan")
        resumed = await clock_of(stack, reference)
        assert resumed["status"] == "running" and resumed["due_at"] >= started["due_at"]

        async def status_in_verification() -> bool:
            return "Sedang diverifikasi oleh verifikator" in (await applicant.get(status_path)).text

        await eventually(status_in_verification, what="the status page to show verification again")
        await check_documents(verifier, case_path)
        await verifier.post(f"{case_path}/setujui")
        await wait_for_mail(applicant, email, "Akun penyedia aktif")
        assert (await clock_of(stack, reference))["status"] == "stopped"


async def test_rejection_reaches_the_applicant_and_the_head_reassigns(stack: Stack) -> None:
    email = unique_email("tolak")
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as rina,
        SiteClient(base_url=stack.front_url) as dewi,
        SiteClient(base_url=stack.front_url) as head,
    ):
        reference, status_path = await submit_application(applicant, "depok", email, "CV Ditolak Jaya")
        case_path = await open_case_as(rina, "verifikator.depok", "depok-2026", reference)
        await receive_at_counter(rina, case_path)
        await rina.post(f"{case_path}/klaim")
        await open_case_as(dewi, "verifikator2.depok", "depok2-2026", reference)
        taken = await dewi.post(f"{case_path}/klaim", follow_redirects=True)
        assert "sedang dikerjakan verifikator.depok" in taken.text, "a live claim cannot be taken"

        await open_case_as(head, "kepala.depok", "kepala-depok-2026", reference)
        moved = await head.post(f"{case_path}/alihkan", data={"verifier": "verifikator2.depok"}, follow_redirects=True)
        assert "dikerjakan oleh <strong>verifikator2.depok</strong>" in moved.text
        stale = await rina.post(f"{case_path}/tolak", data={"reason": "x"}, follow_redirects=True)
        assert "sedang dikerjakan verifikator lain" in stale.text

        no_reason = await dewi.post(f"{case_path}/tolak", data={"reason": " "}, follow_redirects=True)
        assert "Penolakan memerlukan alasan" in no_reason.text
        await dewi.post(f"{case_path}/tolak", data={"reason": "NIB tidak terdaftar di OSS"})
        mail = await wait_for_mail(applicant, email, "ditolak")
        assert "NIB tidak terdaftar di OSS" in mail["text"]

        async def status_rejected() -> bool:
            page = (await applicant.get(status_path)).text
            return "Permohonan ditolak" in page and "NIB tidak terdaftar di OSS" in page

        await eventually(status_rejected, what="the status page to show the rejection")
        filtered = await dewi.get("/staf/", params={"status": "rejected", "cari": "ditolak jaya"})
        assert reference in filtered.text
        assert reference not in (await dewi.get("/staf/", params={"status": "queued"})).text
        assert (await clock_of(stack, reference))["status"] == "stopped"


async def test_applicant_uploads_again_only_what_was_returned_and_the_case_resumes(stack: Stack) -> None:
    email = unique_email("ulang")
    async with (
        SiteClient(base_url=stack.front_url) as applicant,
        SiteClient(base_url=stack.front_url) as verifier,
    ):
        reference, status_path = await submit_application(applicant, "magelang", email, "CV Unggah Ulang")
        await eventually(lambda: shows(applicant, status_path, 'id="deadline"'), what="the deadline on the status page")
        case_path = await open_case_as(verifier, "verifikator.magelang", "magelang-2026", reference)
        await verifier.post(f"{case_path}/klaim")
        await check_documents(verifier, case_path, ktp=("invalid", "foto tidak terbaca"))
        await verifier.post(f"{case_path}/kembalikan", data={"reason": ""})
        await wait_for_mail(applicant, email, "perlu dilengkapi")

        async def upload_offered() -> bool:
            page = (await applicant.get(status_path)).text
            return 'id="reupload"' in page and 'name="doc_ktp"' in page and "berhenti" in page

        await eventually(upload_offered, what="the status page to offer the returned document again")
        page = (await applicant.get(status_path)).text
        assert 'name="doc_npwp"' not in page, "only what was returned is asked again"
        token = status_path.rsplit("/", 1)[1]
        nothing = await applicant.post(f"/daftar/status/{token}/lengkapi", follow_redirects=True)
        assert "Dokumen belum diterima. KTP: belum diunggah ulang.</div>" in nothing.text
        program = await applicant.post(
            f"/daftar/status/{token}/lengkapi",
            files={"doc_ktp": ("ktp.pdf", b"MZ\x90\x00 not a scan", "application/pdf")},
            follow_redirects=True,
        )
        assert (
            "Dokumen belum diterima. KTP: berkas harus PDF, JPEG atau PNG (dikenali dari isinya, bukan dari nama "
            "berkas).</div>" in program.text
        )
        sent = await applicant.post(
            f"/daftar/status/{token}/lengkapi",
            files={"doc_ktp": ("ktp-baru.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")},
            follow_redirects=True,
        )
        assert 'id="resubmitted"' in sent.text and 'id="returned"' not in sent.text
        badge = re.search(r'id="status">([^<]+)<', sent.text)
        assert badge and badge.group(1) in {  # what is true now, without a reload
            "Dokumen yang diminta sudah diterima, verifikasi dilanjutkan",
            "Sedang diverifikasi oleh verifikator",  # verification already took the file up again
        }

        async def case_resumed() -> bool:
            view = (await verifier.get(case_path)).text
            return "Sedang diverifikasi" in view and 'data-item="ktp" data-result="pending"' in view

        await eventually(case_resumed, what="the case to resume with the KTP to check again")
        assert "ktp-baru.png" in (await verifier.get(case_path)).text
        await eventually(
            lambda: shows(applicant, status_path, "Sedang diverifikasi oleh verifikator"),
            what="the status page to follow",
        )
        await check_documents(verifier, case_path)
        approved = await verifier.post(f"{case_path}/setujui", follow_redirects=True)
        assert "Disetujui, akun aktif" in approved.text


async def test_an_applicant_who_chose_english_gets_every_email_of_the_journey_in_english(stack: Stack) -> None:
    email = unique_email("english")
    async with SiteClient(base_url=stack.front_url) as applicant, SiteClient(base_url=stack.front_url) as verifier:
        # Magelang verifies online, so the whole journey runs without a counter visit.
        ref, _ = await submit_application(applicant, "magelang", email, "CV Bahasa Inggris", language="en")
        received = await wait_for_mail(applicant, email, f"Application {ref} received")
        assert "We have received the provider registration application of CV Bahasa Inggris" in received["text"]

        case_path = await open_case_as(verifier, "verifikator.magelang", "magelang-2026", ref)
        assert (await verifier.post(f"{case_path}/klaim")).status_code == 303
        claimed = await wait_for_mail(applicant, email, f"Application {ref} is being verified")
        assert "is now being verified by a verifier" in claimed["text"]
        await check_documents(verifier, case_path)
        approved = await verifier.post(f"{case_path}/setujui", follow_redirects=True)
        assert "Disetujui, akun aktif" in approved.text, "staff keep working in Bahasa Indonesia"
        active = await wait_for_mail(applicant, email, "Provider account active: user ID")
        assert "your provider account at" in active["text"] and "Set your password" in active["text"]

        # Nothing after the email proof (sent before the language was chosen) reached them in Bahasa Indonesia.
        messages = (await applicant.get("/mail/api/messages")).json()
        subjects = sorted(m["subject"] for m in messages if m["to"] == email)
        assert subjects == sorted(
            [
                "Tautan formulir pendaftaran penyedia",
                f"Application {ref} received",
                f"Application {ref} is being verified",
                active["subject"],
            ]
        )
