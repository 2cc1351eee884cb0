"""Who may open which page of the desk, over HTTP (README, the access table): every route × each role of
the LPSE × staff of another LPSE × nobody signed in. The expected table is written out here from the access table,
not read from `lpse_runtime.authz`."""

from __future__ import annotations

import uuid

import pytest

from services.helpdesk.tests.integration.desk_site import PNG, STAFF, Site, site

pytestmark = pytest.mark.integration
__all__ = ["site"]

READERS = {"helpdesk", "admin_ppe", "kepala_lpse", "auditor"}
DESK = {"helpdesk", "admin_ppe"}
# (method, path under /helpdesk/staf, who may) — the access table's rows for the ticket desk.
ROUTES: list[tuple[str, str, set[str]]] = [
    ("GET", "/", READERS),
    ("GET", "/tiket/{id}", READERS),
    ("GET", "/tiket/{id}/lampiran/1", READERS),
    ("GET", "/tiket/baru", {"helpdesk", "kepala_lpse"}),
    ("POST", "/tiket/baru", {"helpdesk", "kepala_lpse"}),
    ("POST", "/tiket/{id}/klaim", DESK),
    ("POST", "/tiket/{id}/lepas", DESK),
    ("POST", "/tiket/{id}/balas", DESK),
    ("POST", "/tiket/{id}/minta-info", DESK),
    ("POST", "/tiket/{id}/eskalasi", DESK),
    ("POST", "/tiket/{id}/jawaban-lkpp", DESK),
    ("POST", "/tiket/{id}/selesaikan", DESK),
    ("POST", "/tiket/{id}/catatan", DESK | {"kepala_lpse"}),
    ("POST", "/tiket/{id}/tutup", DESK | {"kepala_lpse"}),
]
LIST_PAGES = {"/", "/tiket/baru"}  # pages of the staff member's own LPSE: no other LPSE's record is named


def expected(path: str, allowed: set[str], who: str | None, own_lpse: str) -> str:
    """What the access table says this person gets."""
    if who is None:
        return "sign-in"
    role, lpse = STAFF[who]
    if role not in allowed:
        return "forbidden"
    return "served" if lpse == own_lpse or path in LIST_PAGES else "not found"


def outcome(status: int, location: str) -> str:
    """What a response means to a person."""
    if status == 303 and location.startswith("/staf/masuk"):
        return "sign-in"
    return {403: "forbidden", 404: "not found"}.get(status, "served" if status in (200, 303, 409, 422) else str(status))


async def test_every_route_answers_each_role_own_and_other_lpse_and_nobody_as_the_access_table_says(
    site: Site,
) -> None:
    _, ticket = await site.report("temanggung", files=(("layar.png", PNG, "image/png"),))
    people: list[str | None] = [*STAFF, None]
    seen, wanted = {}, {}
    for method, path, allowed in ROUTES:
        for who in people:
            async with site.client(who) as client:
                answer = await client.request(method, "/helpdesk/staf" + path.replace("{id}", str(ticket)))
            seen[(method, path, who)] = outcome(answer.status_code, answer.headers.get("location", ""))
            wanted[(method, path, who)] = expected(path, allowed, who, "temanggung")
    assert seen == wanted


async def test_an_attachment_is_served_as_a_download_to_staff_and_the_reporter(site: Site) -> None:
    token, ticket = await site.report("temanggung", files=(("Layar galat.png", PNG, "image/png"),))
    async with site.client("auditor.temanggung") as auditor:
        page = (await auditor.get(f"/helpdesk/staf/tiket/{ticket}")).text
        staff_copy = await auditor.get(f"/helpdesk/staf/tiket/{ticket}/lampiran/1")
    async with site.client() as reporter:
        own_copy = await reporter.get(f"/helpdesk/tiket/{token}/lampiran/1")
        other = await reporter.get(f"/helpdesk/tiket/{uuid.uuid4()}/lampiran/1")
    assert "Unduh lampiran 1: Layar galat.png" in page
    for copy in (staff_copy, own_copy):
        assert copy.status_code == 200 and copy.content == PNG
        assert copy.headers["content-type"] == "image/png"
        assert copy.headers["content-disposition"].startswith("attachment;")
    assert other.status_code == 404
    async with site.client("auditor.temanggung") as auditor:
        beyond = await auditor.get(f"/helpdesk/staf/tiket/{ticket}/lampiran/99999999999")
    async with site.client() as reporter:
        too_far = await reporter.get(f"/helpdesk/tiket/{token}/lampiran/99999999999")
    assert (beyond.status_code, too_far.status_code) == (404, 404)  # beyond the database's integer: not found
