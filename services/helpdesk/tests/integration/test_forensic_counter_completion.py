"""A forensic test recorded at the counter and returned as incomplete comes back through the requester's status
link (there is no signed-in Pokja to complete it): the files are hashed like the first, the 30 minutes start afresh,
and the chain of custody names the requester. The link completes nothing but a returned request."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from lpse_runtime.sealing import LinkBox
from services.helpdesk.tests.integration.forensic_site import (
    AT,
    BID_A,
    BID_B,
    FORM_PDF,
    LINK_SECRET,
    REQUEST,
    Site,
    sha,
    site,
)

pytestmark = pytest.mark.integration
__all__ = ["site"]


async def record_at_the_counter(site: Site) -> str:
    """The Helpdesk records the Pokja's request; the status page's path from the sealed link of its fact."""
    uploads = [
        ("formulir", ("formulir.pdf", FORM_PDF, "application/pdf")),
        ("berkas", ("penawaran-0.rhs", BID_A, "application/octet-stream")),
    ]
    async with site.client("helpdesk.depok") as desk:
        sent = await desk.post(
            "/helpdesk/staf/forensik/catat", data={**REQUEST, "requester_name": "Siti Pokja"}, files=uploads
        )
    assert sent.status_code == 303, sent.text
    url = await site.pool.fetchval("SELECT payload::jsonb->>'status_url' FROM outbox ORDER BY id LIMIT 1")
    return re.sub(r"^https?://[^/]+", "", LinkBox(LINK_SECRET).open(url))


async def complete(site: Site, path: str, content: bytes) -> str:
    """The requester sends a file from the status page; where it leads back."""
    async with site.client() as requester:
        sent = await requester.post(
            f"{path}/lengkapi", files=[("berkas", ("penawaran-1.rhs", content, "application/octet-stream"))]
        )
    assert sent.status_code == 303, sent.text
    return str(sent.headers["location"])


async def test_a_returned_counter_request_is_completed_from_its_status_link(site: Site) -> None:
    path = await record_at_the_counter(site)
    case_id = await site.pool.fetchval("SELECT id FROM forensic_tests")
    assert (await complete(site, path, BID_B)).startswith(f"{path}?galat=")  # not returned: nothing to complete
    assert await site.pool.fetchval("SELECT status FROM forensic_tests") == "diajukan"
    assert await site.pool.fetchval("SELECT count(*) FROM forensic_files") == 2, "the form and one file: nothing kept"

    assert await site.step("helpdesk.depok", case_id, "klaim") is None
    returned = await site.step(
        "helpdesk.depok", case_id, "kembalikan", kurang="file_uji_forensik", text="Berkas peserta kedua belum ada."
    )
    assert returned is None
    async with site.client() as requester:
        page = (await requester.get(path)).text
    assert "Lengkapi permohonan" in page and 'id="berkas-lengkap"' in page

    site.clock.set(AT + timedelta(minutes=20))
    assert await complete(site, path, BID_B) == path
    assert await site.pool.fetchval("SELECT status FROM forensic_tests") == "diajukan"
    (resubmitted,) = await site.facts("resubmitted")
    assert [f["sha256"] for f in resubmitted["files"]] == [sha(BID_A), sha(BID_B)]
    assert resubmitted["due_at"] == "2026-12-14T03:00:00Z"  # 20 minutes on + a fresh 30, not the first due
    assert any(who == "pelapor" for who, _, _ in await site.custody(case_id))


async def test_a_forged_status_link_completes_nothing(site: Site) -> None:
    await record_at_the_counter(site)
    async with site.client() as stranger:
        sent = await stranger.post(
            "/helpdesk/forensik/palsu/lengkapi", files=[("berkas", ("x.rhs", BID_B, "application/octet-stream"))]
        )
    assert sent.status_code == 404 and "text/html" in sent.headers["content-type"]
    assert await site.pool.fetchval("SELECT count(*) FROM forensic_files") == 2  # the form and the one file
