"""`/ops/` lists the last 50 missed deadlines of verification and the helpdesk, newest first, each with its
reference, LPSE, clock and due instant in the LPSE's zone, and reads them without touching any service's durable
(real JetStream)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from nats.aio.client import Client

from lpse_runtime.staff import SESSION_COOKIE
from operations.app import create_app
from operations.settings import Settings
from tests.support import Infra, SiteClient, staff_session

from .test_console_on_the_kit import operations_schema

pytestmark = pytest.mark.integration
START = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def fact(n: int, **fields: object) -> bytes:
    """A breach fact's payload, the n-th in time."""
    moment = START + timedelta(hours=n)
    return json.dumps({"occurred_at": moment.isoformat(), "due_at": moment.isoformat(), **fields}).encode()


async def test_the_console_lists_the_newest_fifty_breaches_in_their_lpse_zone(infra: Infra, nc: Client) -> None:
    js = nc.jetstream()
    for n in range(53):  # 53 verification breaches in Depok: the three oldest fall off the list
        await js.publish(
            "verification.depok.case.deadline_breached.v1",
            fact(n, reference=f"DPK-2612-{n:06d}", clock_label="Verifikasi berkas"),
        )
    await js.publish(
        "helpdesk.banjarmasin.ticket.deadline_breached.v1",
        fact(60, reference="HD-BJM-0001", clock_label="Penanganan helpdesk"),
    )
    await js.publish(
        "helpdesk.temanggung.complaint.deadline_breached.v1", fact(61, reference="PGD-TMG-0001", clock_label="Respon")
    )
    # neither a reminder nor another fact is a breach
    await js.publish("verification.depok.case.deadline_approaching.v1", fact(70, reference="DPK-PENGINGAT"))
    await js.publish("helpdesk.depok.ticket.opened.v1", fact(71, reference="HD-DPK-BUKAN"))
    consumers_before = {c.name for c in await js.consumers_info("VERIFICATION")}

    app = create_app(Settings(database_url=await operations_schema(infra), nats_url=infra.nats_url))
    cookie = await staff_session(infra, "yoga.operator", [("operator", "*")], now=datetime.now(UTC))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with SiteClient(transport=transport, base_url="http://ops", cookies={SESSION_COOKIE: cookie}) as yoga:
            page = (await yoga.get("/ops/")).text

    assert '<h2 id="breaches-heading">Tenggat terlewati</h2>' in page
    references = re.findall(r'<td data-label="Nomor">([^<]+)</td>', page)
    assert len(references) == 50
    assert references[:3] == ["PGD-TMG-0001", "HD-BJM-0001", "DPK-2612-000052"], "newest first, both streams"
    assert references[-1] == "DPK-2612-000005"
    assert "DPK-2612-000002" not in page and "DPK-PENGINGAT" not in page and "HD-DPK-BUKAN" not in page
    # 1 Dec 01:00 UTC + 60 h = 3 Dec 13:00 UTC: 21.00 WITA in Banjarmasin; + 61 h in Temanggung: 21.00 WIB
    assert (
        '<td data-label="Nomor">HD-BJM-0001</td><td data-label="Jenis">Tiket helpdesk</td>'
        '<td data-label="LPSE">LPSE Kota Banjarmasin</td><td data-label="Tenggat">Penanganan helpdesk</td>'
        '<td data-label="Jatuh tempo">3 Des 2026 21.00 WITA</td>'
    ) in page
    assert '<td data-label="Jatuh tempo">3 Des 2026 21.00 WIB</td>' in page
    assert {c.name for c in await js.consumers_info("VERIFICATION")} == consumers_before, (
        "the reader leaves no consumer"
    )


async def test_no_breach_is_said_in_words(infra: Infra, nc: Client) -> None:
    app = create_app(Settings(database_url=await operations_schema(infra), nats_url=infra.nats_url))
    cookie = await staff_session(infra, "yoga.operator", [("operator", "*")], now=datetime.now(UTC))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with SiteClient(transport=transport, base_url="http://ops", cookies={SESSION_COOKIE: cookie}) as yoga:
            page = (await yoga.get("/ops/")).text
    assert "Tidak ada tenggat yang terlewati." in page
