"""`/staf/`, where signing in lands: a verifier reads its queue, anyone else signed in goes to its own first desk,
and a role that works no desk here gets the Indonesian refusal page."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from nats.aio.client import Client

from lpse_runtime.staff import SESSION_COOKIE
from tests.support import Infra, SiteClient, reset_identity, reset_schema, staff_session
from verification.app import create_app
from verification.settings import Settings

pytestmark = pytest.mark.integration


async def test_staff_who_cannot_read_the_queue_are_sent_to_their_own_desk(infra: Infra, nc: Client) -> None:
    url = await reset_schema(infra, "verification")
    await reset_identity(infra, "verification")
    app = create_app(Settings(database_url=url, nats_url=infra.nats_url))
    now = datetime.now(UTC)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        expected = {
            ("rina.depok", "verifikator"): (200, None),
            ("andi.depok", "pokja"): (303, "/helpdesk/staf/jadwal/saya"),
            ("bpk.depok", "auditor_paket"): (303, "/helpdesk/staf/audit/"),
            ("lestari.depok", "admin_agency"): (303, "/helpdesk/staf/akun/"),
            ("budi.depok", "ppk"): (403, None),
        }
        for (username, role), (status, location) in expected.items():
            cookie = await staff_session(infra, username, [(role, "depok")], now=now)
            async with SiteClient(
                transport=transport, base_url="http://verification", cookies={SESSION_COOKIE: cookie}
            ) as client:
                page = await client.get("/staf/", follow_redirects=False)
            assert page.status_code == status, username
            assert page.headers.get("location") == location, username
            if status == 403:
                assert "Akses ditolak" in page.text and "text/html" in page.headers["content-type"]
