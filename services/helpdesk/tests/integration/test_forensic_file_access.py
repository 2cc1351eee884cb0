"""Who reads a forensic test's file bytes (the issue): the requesting Pokja, the Admin PPE of that LPSE and an
auditor_paket whose access covers the tender; the Helpdesk and the head see the case but never the bytes; the
email-linked status page lists the files and digests but serves none. Every read re-hashes the bytes, a mismatch is
refused, and each read is a row of the case's chain of custody ("Rantai pengawasan berkas", in WIB)."""

from __future__ import annotations

import re
import uuid

import pytest

from lpse_runtime.sealing import LinkBox
from services.helpdesk.tests.integration.forensic_site import BID_A, BID_B, LINK_SECRET, Site, sha, site

pytestmark = pytest.mark.integration
__all__ = ["site"]
STAFF_FILE = "/helpdesk/staf/forensik/{id}/berkas/2"
OWN_FILE = "/helpdesk/staf/forensik/saya/{id}/berkas/2"
AUDIT_FILE = "/helpdesk/staf/audit/forensik/{id}/berkas/2"


async def get(site: Site, who: str | None, path: str) -> tuple[int, bytes]:
    async with site.client(who) as client:
        answer = await client.get(path)
    return answer.status_code, answer.content


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("pokja.depok", OWN_FILE, 200),  # the Pokja who filed
        ("pokja2.depok", OWN_FILE, 404),  # another Pokja of the same LPSE
        ("adminppe.depok", STAFF_FILE, 200),
        ("adminppe.temanggung", STAFF_FILE, 404),  # another LPSE's Admin PPE
        ("helpdesk.depok", STAFF_FILE, 403),  # sees the case, not the bytes
        ("kepala.depok", STAFF_FILE, 403),
        ("pokja.depok", STAFF_FILE, 403),
        ("audit.bpkp", AUDIT_FILE, 200),  # its access covers the tender
        ("audit.lain", AUDIT_FILE, 404),  # its access covers another tender
        ("helpdesk.depok", AUDIT_FILE, 403),
        (None, OWN_FILE, 303),  # nobody signed in: the sign-in page
    ],
)
async def test_the_file_bytes_reach_only_the_pokja_the_admin_ppe_and_a_scoped_auditor(
    site: Site, who: str | None, path: str, status: int
) -> None:
    await site.grant_auditor("audit.bpkp", ["10023456"])
    await site.grant_auditor("audit.lain", ["99999999"])
    case_id = await site.file()
    code, body = await get(site, who, path.format(id=case_id))
    assert code == status
    if status == 200:
        assert body == BID_A
        assert (who, "unduh", f"penawaran-0.rhs sha256={sha(BID_A)} cocok") in await site.custody(case_id)


async def test_the_helpdesk_and_the_head_see_the_case_and_its_digests_without_a_download(site: Site) -> None:
    case_id = await site.file()
    for who in ("helpdesk.depok", "kepala.depok"):
        code, body = await get(site, who, f"/helpdesk/staf/forensik/{case_id}")
        page = body.decode()
        assert code == 200 and sha(BID_A) in page and sha(BID_B) in page
        assert "/berkas/" not in page
    code, body = await get(site, "adminppe.depok", f"/helpdesk/staf/forensik/{case_id}")
    assert code == 200 and f"/helpdesk/staf/forensik/{case_id}/berkas/2" in body.decode()


async def test_the_status_page_lists_files_and_digests_but_serves_none(site: Site) -> None:
    case_id = await site.file()
    url = await site.pool.fetchval("SELECT payload::jsonb->>'status_url' FROM outbox LIMIT 1")
    path = re.sub(r"^https?://[^/]+", "", LinkBox(LINK_SECRET).open(url))
    code, body = await get(site, None, path)
    page = body.decode()
    assert code == 200 and "penawaran-0.rhs" in page and sha(BID_A) in page and sha(BID_B) in page
    assert "/berkas/" not in page and "Rantai pengawasan berkas" in page
    assert (await get(site, None, f"{path}/berkas/2"))[0] == 404
    assert str(case_id) not in page


async def test_the_auditors_reads_are_recorded_and_its_list_holds_only_its_tenders(site: Site) -> None:
    await site.grant_auditor("audit.bpkp", ["10023456"])
    await site.grant_auditor("audit.lain", ["99999999"])
    case_id = await site.file()
    code, body = await get(site, "audit.bpkp", "/helpdesk/staf/audit/forensik/")
    assert code == 200 and f"/helpdesk/staf/audit/forensik/{case_id}" in body.decode()
    code, body = await get(site, "audit.lain", "/helpdesk/staf/audit/forensik/")
    assert code == 200 and str(case_id) not in body.decode()
    assert (await get(site, "audit.lain", f"/helpdesk/staf/audit/forensik/{case_id}"))[0] == 404
    code, body = await get(site, "audit.bpkp", f"/helpdesk/staf/audit/forensik/{case_id}")
    assert code == 200 and "Rantai pengawasan berkas" in body.decode()
    await get(site, "audit.bpkp", AUDIT_FILE.format(id=case_id))
    reads = [(who, what) for who, action, what in await site.custody(case_id) if action == "dibaca_auditor"]
    assert [who for who, _ in reads] == ["audit.bpkp", "audit.bpkp"]
    assert str(reads[0][1]).startswith("halaman UF-") and str(reads[1][1]).startswith("berkas 2 UF-")


async def test_bytes_that_no_longer_match_their_digest_are_refused_and_the_refusal_recorded(site: Site) -> None:
    case_id = await site.file()
    name = await site.pool.fetchval("SELECT object_name FROM forensic_files WHERE test_id = $1 AND seq = 2", case_id)
    store = await site.app.state.runtime.broker.config.connection_state.stream.object_store("HELPDESK_FORENSIC")
    await store.put(name, BID_A + b"tampered")
    code, body = await get(site, "adminppe.depok", STAFF_FILE.format(id=case_id))
    assert code == 409 and b"tidak sesuai dengan digest" in body
    assert ("adminppe.depok", "unduh_ditolak", "penawaran-0.rhs: digest berbeda") in await site.custody(case_id)


async def test_the_chain_of_custody_shows_each_hand_over_in_wib(site: Site) -> None:
    case_id = await site.file()
    assert await site.step("helpdesk.depok", case_id, "klaim") is None
    assert await site.step("helpdesk.depok", case_id, "eskalasi") is None
    code, body = await get(site, "pokja.depok", f"/helpdesk/staf/forensik/saya/{case_id}")
    page = body.decode()
    chain = page[page.index("Rantai pengawasan berkas") :]
    assert code == 200
    assert "14 Desember 2026 09.10 WIB" in chain and "Berkas diterima dan di-hash" in chain
    assert "Diserahkan ke Admin PPE" in chain and "helpdesk.depok" in chain


async def test_an_unknown_case_id_is_not_found_rather_than_an_error(site: Site) -> None:
    for path in ("/helpdesk/staf/forensik/bukan-uuid", f"/helpdesk/staf/forensik/{uuid.uuid4()}"):
        assert (await get(site, "helpdesk.depok", path))[0] == 404
    assert (await get(site, "pokja.depok", "/helpdesk/staf/forensik/saya/bukan-uuid"))[0] == 404
    assert (await get(site, None, "/helpdesk/forensik/berita-acara/palsu"))[0] == 404
