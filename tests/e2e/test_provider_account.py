"""The provider's account after activation, end to end on the whole stack (Banjarmasin BJM-2..6): an email change
proven by the new address and told to the old one, an NPWP change refused as a duplicate and one approved and
forwarded to LKPP for an aggregated account, CV → PT keeping the user ID, one open request at a time, and an
account deactivated (on its request, and by the LPSE) that cannot sign in until its reactivation is approved."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.e2e.account_driver import (
    Provider,
    activated_provider,
    approve_at_counter,
    at_counter,
    check_all,
    decide,
    file_request,
    filed,
    messages_to,
    page_shows,
    press,
    prove_email,
    provider_page_path,
    request_in_queue,
    row_link,
    section,
    sign_in_provider,
    sign_in_staff,
    signed_in,
    subjects_to,
    wait_for_subject,
)
from tests.e2e.driver import random_digits, wait_for_mail
from tests.support import SiteClient, eventually, unique_email

pytestmark = pytest.mark.e2e
BJM = "LPSE Kota Banjarmasin"


def formatted_npwp(digits: str) -> str:
    """A 15-digit NPWP as it is usually written: 01.234.567.8-901.000."""
    d = digits
    return f"{d[:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:]}"


async def test_an_email_change_is_proven_by_the_new_address_and_mail_moves_to_it_only_when_approved(
    stack: Stack,
) -> None:
    front = stack.front_url
    old = unique_email("lama")
    new = unique_email("baru")
    provider = await activated_provider(front, "banjarmasin", old, "CV Ganti Surel")
    uid = provider.user_id
    async with SiteClient(base_url=front) as me, SiteClient(base_url=front) as verifier:
        await signed_in(me, provider)
        home = (await me.get("/akun/")).text
        for heading in ("Data akun", "Dokumen", "Agregasi", "Permohonan", "Riwayat perubahan"):
            section(home, heading)
        assert 'href="/akun/permohonan/baru?jenis=email"' in home and "Ajukan perubahan email" in home
        assert "Ajukan perubahan status CV ke PT" in home, "a CV may become a PT (BJM-3)"
        assert "Ajukan agregasi data penyedia" in home, "Banjarmasin aggregates through LKPP (BJM-6)"
        assert "Ajukan perubahan data lainnya" not in home, "Banjarmasin's standard has no general data change"

        form = await me.get("/akun/permohonan/baru?jenis=email")
        assert form.status_code == 200 and "Alamat email baru" in form.text and "Kirim permohonan" in form.text
        same = await file_request(me, provider, "email", {"new_email": old})
        assert same.status_code == 422 and "sama dengan data akun saat ini." in same.text

        reference = await filed(me, provider, "email", {"new_email": new})
        assert reference.startswith("PRM-BJM-")
        page = (await me.get(f"/akun/permohonan/{reference}")).text
        assert f"Permohonan {reference}" in page
        assert "Menunggu konfirmasi alamat email baru" in page
        assert (
            "1 hari kerja" in page and "Jika tidak ada gangguan internet, perubahan e-mail paling lama 30 menit" in page
        )
        assert "Cetak surat permohonan" in page

        # One open request at a time: a second one is refused naming the open one, and nothing is stored.
        second = await file_request(me, provider, "npwp", {"new_npwp": random_digits(15)})
        assert second.status_code == 409, second.status_code
        assert (
            f"Masih ada permohonan yang diproses: {reference} (Perubahan email). Batalkan atau tunggu sampai selesai "
            "sebelum mengajukan yang baru." in second.text
        )
        listed = section((await me.get("/akun/")).text, "Permohonan")
        assert set(re.findall(r"PRM-BJM-\d{4}-[A-Z0-9]{6}", listed)) == {reference}

        # Until the new address proves itself the counter cannot take the request: listed, but not checked in.
        await sign_in_staff(verifier, "verifikator", "banjarmasin")
        queue = (await verifier.get("/staf/permohonan/")).text
        assert "Antrean permohonan akun penyedia" in queue
        staff_path = row_link(queue, reference, "Menunggu konfirmasi alamat email baru")
        assert staff_path, f"{reference} waiting for its proof in the queue"
        await verifier.post(f"{staff_path}/datang")
        desk_page = (await verifier.get(staff_path)).text
        assert "Menunggu konfirmasi alamat email baru" in desk_page
        assert "Pemohon di loket, berkas belum diserahkan" not in desk_page
        assert "Menunggu konfirmasi alamat email baru" in (await me.get(f"/akun/permohonan/{reference}")).text

        proof_path = await prove_email(me, front, new, uid)
        again = await me.post(proof_path)
        assert again.status_code == 410, "the proof link works once"
        await page_shows(me, f"/akun/permohonan/{reference}", "Menunggu kedatangan pemohon di loket")
        await wait_for_subject(me, old, f"Alamat email baru dikonfirmasi ({reference})")

        # At the counter; every email of the open request goes to the old address.
        approve_path = await request_in_queue(verifier, reference, "Menunggu kedatangan pemohon di loket")
        assert approve_path == staff_path
        async with SiteClient(base_url=front) as helpdesk:
            await sign_in_staff(helpdesk, "helpdesk", "banjarmasin")
            await at_counter(helpdesk, approve_path)
        await press(verifier, f"{approve_path}/klaim")
        await wait_for_subject(me, old, f"Permohonan {reference} sedang diperiksa")
        await wait_for_subject(me, old, f"Kedatangan Anda untuk permohonan {reference} tercatat di loket")
        await wait_for_subject(me, old, f"Berkas permohonan {reference} diterima di loket")
        assert await subjects_to(me, new) == [f"Konfirmasi alamat email baru untuk akun {uid}"], (
            "before the approval the new address got only its proof link"
        )
        old_subjects = await subjects_to(me, old)
        assert f"Permohonan {reference} diterima" in old_subjects

        # Approved: the old address is told, the new one is now the account's.
        await check_all(verifier, approve_path)
        approved = await press(verifier, f"{approve_path}/setujui")
        assert "Disetujui, perubahan sudah diterapkan" in approved.text
        await wait_for_subject(me, old, f"Alamat email akun {uid} telah diubah")
        await wait_for_subject(me, new, f"Alamat email baru akun {uid} aktif")
        assert f"Alamat email baru akun {uid} aktif" not in await subjects_to(me, old)
        assert f"Alamat email akun {uid} telah diubah" not in await subjects_to(me, new)
        await page_shows(me, f"/akun/permohonan/{reference}", "Disetujui, perubahan sudah diterapkan")
        assert new in section((await me.get("/akun/")).text, "Data akun")

        # "Lupa kata sandi" for the account now writes to the new address only.
        asked = await me.post("/akun/lupa-sandi", data={"identifier": uid})
        assert asked.status_code == 200
        await wait_for_mail(me, new, f"Atur ulang kata sandi User ID {uid}")
        assert not [s for s in await subjects_to(me, old) if "Atur ulang kata sandi" in s]


async def test_an_npwp_of_another_lpse_is_refused_and_an_approved_one_reaches_lkpp_for_an_aggregated_account(
    stack: Stack,
) -> None:
    front = stack.front_url
    taken = random_digits(15)
    await activated_provider(
        front, "depok", unique_email("depok"), "PT Pemilik NPWP", provider_type="badan_usaha_pt", npwp=taken
    )
    provider = await activated_provider(
        front, "banjarmasin", unique_email("adp"), "CV Agregasi Berubah", aggregate=True
    )
    new_npwp = random_digits(15)
    async with SiteClient(base_url=front) as me, SiteClient(base_url=front) as staff:
        await signed_in(me, provider)
        home = (await me.get("/akun/")).text
        assert "Ajukan agregasi data penyedia" not in home, "already aggregated"

        # The NPWP of an activated provider of Depok: refused beside the field, nothing stored.
        for typed in (taken, formatted_npwp(taken)):
            duplicate = await file_request(me, provider, "npwp", {"new_npwp": typed})
            assert duplicate.status_code == 422, duplicate.status_code
            assert "NPWP ini sudah terdaftar di LPSE Kota Depok." in duplicate.text
        assert "PRM-" not in section((await me.get("/akun/")).text, "Permohonan"), "no request was stored"

        reference = await filed(me, provider, "npwp", {"new_npwp": new_npwp})
        page = (await me.get(f"/akun/permohonan/{reference}")).text
        assert "Menunggu kedatangan pemohon di loket" in page and "30 menit" in page
        await approve_at_counter(front, "banjarmasin", reference)
        await wait_for_subject(me, provider.email, f"Permohonan {reference} disetujui")
        await wait_for_subject(me, provider.email, f"Data akun {provider.user_id} telah diubah")

        # The provider sees the new NPWP masked; the staff see it in full.
        data = section((await me.get("/akun/")).text, "Data akun")
        assert new_npwp not in data and formatted_npwp(new_npwp) not in data, "the provider's page masks the NPWP"
        assert re.search(rf"[*•xX]{{2,}}[^<]*{new_npwp[-3:]}", data), f"no masked NPWP in: {data}"
        assert provider.npwp not in data and formatted_npwp(provider.npwp) not in data
        await sign_in_staff(staff, "verifikator", "banjarmasin")
        staff_page = (await staff.get(await provider_page_path(staff, provider))).text
        assert f"Akun penyedia {provider.user_id}" in staff_page
        assert new_npwp in staff_page or formatted_npwp(new_npwp) in staff_page

        # Aggregated: the change reaches LKPP (the simulator holds it) and the account's history says so.
        async with httpx.AsyncClient(base_url=stack.lkpp_url) as lkpp:
            held: dict[str, Any] = {}

            async def lkpp_has_it() -> bool:
                answer = await lkpp.get(f"/api/penyedia/{provider.user_id}")
                held.update(answer.json() if answer.status_code == 200 else {})
                return held.get("npwp") == new_npwp

            await eventually(lkpp_has_it, timeout=30, what="the new NPWP at the LKPP simulator")
        assert held["user_id"] == provider.user_id and held["lpse"] == "banjarmasin"
        lkpp_ref = held["perubahan"][-1]["lkpp_ref"]
        assert re.fullmatch(r"LKPP-PRB-[A-Z0-9]{8}", lkpp_ref), lkpp_ref
        # The history's row: what happened, LKPP's number and the request that made the change.
        history = await page_shows(me, "/akun/", lkpp_ref)
        rows = re.findall(r"<tr>.*?</tr>", section(history, "Riwayat perubahan"), re.S)
        forwarded = [r for r in rows if "Perubahan diteruskan ke LKPP" in r]
        assert len(forwarded) == 1 and lkpp_ref in forwarded[0] and reference in forwarded[0], forwarded
        assert new_npwp not in history, "the history masks the NPWP too"


async def test_a_cv_becomes_a_pt_and_keeps_its_user_id(stack: Stack) -> None:
    front = stack.front_url
    provider = await activated_provider(front, "banjarmasin", unique_email("cvpt"), "CV Tumbuh Besar")
    async with SiteClient(base_url=front) as me:
        await signed_in(me, provider)
        form = await me.get("/akun/permohonan/baru?jenis=status_badan_usaha")
        for label in (
            "Nama perusahaan baru (PT)",
            "Nomor akta perubahan",
            "Tanggal akta perubahan",
            "Nomor SK Kemenkumham",
        ):
            assert label in form.text, label
        fields = {
            "new_company_name": "PT Tumbuh Besar",
            "deed_number": "17",
            "deed_date": "2026-11-20",
            "sk_number": "AHU-0071234.AH.01.01.TAHUN 2026",
        }
        reference = await filed(me, provider, "status_badan_usaha", fields)
        await approve_at_counter(front, "banjarmasin", reference)
        await wait_for_subject(me, provider.email, f"Data akun {provider.user_id} telah diubah")

        # The same user ID and password sign in; the account is a PT now and may not ask it again.
        assert (await me.post("/akun/keluar")).status_code in {200, 303}
        assert (await me.get("/akun/")).status_code == 303, "signed out"
        await signed_in(me, provider)
        home = (await me.get("/akun/")).text
        data = section(home, "Data akun")
        assert provider.user_id in data and "PT Tumbuh Besar" in data and "Perusahaan (PT)" in data
        assert "Perusahaan (CV)" not in data
        assert "Ajukan perubahan status CV ke PT" not in home
        history = section(home, "Riwayat perubahan")
        assert "PT Tumbuh Besar" in history or "Perubahan status perusahaan dari CV ke PT" in history, history


async def test_a_deactivated_account_cannot_sign_in_until_its_reactivation_is_approved(stack: Stack) -> None:
    front = stack.front_url
    provider: Provider = await activated_provider(front, "banjarmasin", unique_email("nonaktif"), "CV Berhenti Dulu")
    uid = provider.user_id
    refused_text = re.compile(
        r"Akun ini telah dinonaktifkan sejak [^<]+ WITA\. Hubungi LPSE Kota Banjarmasin untuk aktivasi kembali\."
    )
    async with (
        SiteClient(base_url=front) as me,
        SiteClient(base_url=front) as helpdesk,
        SiteClient(base_url=front) as verifier,
        SiteClient(base_url=front) as head,
    ):
        await signed_in(me, provider)
        form = await me.get("/akun/permohonan/baru?jenis=nonaktif")
        assert "Alasan penonaktifan" in form.text
        reference = await filed(me, provider, "nonaktif", {"reason": "Perusahaan berhenti beroperasi sementara"})
        await approve_at_counter(front, "banjarmasin", reference)
        await wait_for_subject(me, provider.email, f"Akun {uid} dinonaktifkan")

        # Its session ended; the password is right but the account is deactivated.
        assert (await me.get("/akun/")).status_code == 303, "the open session ended with the deactivation"
        refused = await sign_in_provider(me, uid, provider.password)
        assert refused.status_code == 403 and refused_text.search(refused.text), refused.text[:1500]
        wrong = await sign_in_provider(me, uid, "bukan-sandinya-2026")
        assert wrong.status_code == 401 and "User ID atau kata sandi tidak sesuai." in wrong.text

        # Reactivation (in no standard): staff record it at the counter, a verifier approves it on the same flow.
        await sign_in_staff(helpdesk, "helpdesk", "banjarmasin")
        account_path = await provider_page_path(helpdesk, provider)
        account = (await helpdesk.get(account_path)).text
        assert f"Akun penyedia {uid}" in account and "Catat permohonan aktivasi kembali" in account
        await press(helpdesk, f"{account_path}/aktif-kembali", {"reason": "Perusahaan beroperasi kembali"})
        await sign_in_staff(verifier, "verifikator", "banjarmasin")
        request_path = await request_in_queue(verifier, provider.company, "Aktivasi kembali")
        await decide(verifier, request_path)
        await wait_for_subject(me, provider.email, f"Akun {uid} aktif kembali")
        await signed_in(me, provider)
        history = section((await me.get("/akun/")).text, "Riwayat perubahan")
        assert "Akun dinonaktifkan atas permohonan penyedia" in history, history
        assert "Akun diaktifkan kembali" in history and "Perusahaan beroperasi kembali" in history, history

        # The LPSE deactivates it itself, with a reason: only the head may, and the reason is required.
        denied = await verifier.post(f"{account_path}/nonaktifkan", data={"reason": "Masuk daftar hitam"})
        assert denied.status_code == 403 or "galat" in denied.headers.get("location", "")
        await sign_in_staff(head, "kepala", "banjarmasin")
        blank = await head.post(f"{account_path}/nonaktifkan", data={"reason": " "}, follow_redirects=True)
        assert "Alasan penonaktifan oleh LPSE" in blank.text
        async with SiteClient(base_url=front) as still:
            assert (await sign_in_provider(still, uid, provider.password)).status_code == 303, "not deactivated yet"
        done = await press(head, f"{account_path}/nonaktifkan", {"reason": "Masuk daftar hitam LKPP"})
        assert "Masuk daftar hitam LKPP" in done.text
        await eventually(lambda: _deactivation_mails(me, provider.email, uid, 2), what="the second deactivation email")
        refused = await sign_in_provider(me, uid, provider.password)
        assert refused.status_code == 403 and refused_text.search(refused.text)


async def _deactivation_mails(client: httpx.AsyncClient, email: str, uid: str, count: int) -> bool:
    return [m["subject"] for m in await messages_to(client, email)].count(f"Akun {uid} dinonaktifkan") >= count
