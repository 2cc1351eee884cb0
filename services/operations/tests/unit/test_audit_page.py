"""The operators' audit-chain page in words: intact, broken at a row, or a service that did not answer."""

from __future__ import annotations

import httpx

from operations.audit_web import ChainStatus, chain_status


def client(handler: httpx.MockTransport) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=handler, base_url="http://front")


async def test_an_intact_broken_and_silent_service_each_read_as_such() -> None:
    answers = {
        "/daftar/health/audit": httpx.Response(
            200, json={"table": "registration.audit_log", "rows": 12, "intact": True, "broken_at": None}
        ),
        "/staf/health/audit": httpx.Response(
            409,
            json={
                "table": "verification.audit_log",
                "rows": 16,
                "intact": False,
                "broken_at": {"row_id": 17, "column": "hash"},
            },
        ),
        "/helpdesk/health/audit": httpx.Response(502, text="Bad Gateway"),
    }
    transport = httpx.MockTransport(lambda request: answers[request.url.path])
    async with client(transport) as front:
        assert await chain_status(front, "registration", "/daftar") == ChainStatus(
            "registration", "registration.audit_log", 12, True, "Utuh"
        )
        assert await chain_status(front, "verification", "/staf") == ChainStatus(
            "verification", "verification.audit_log", 16, False, "Terputus pada baris id 17 (kolom hash tidak cocok)"
        )
        assert await chain_status(front, "helpdesk", "/helpdesk") == ChainStatus(
            "helpdesk", "—", None, False, "Tidak dapat diperiksa: layanan menjawab 502"
        )


async def test_a_service_that_cannot_be_reached_is_named() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async with client(httpx.MockTransport(refuse)) as front:
        status = await chain_status(front, "notifier", "/notifier")
    assert not status.intact and status.result == "Tidak dapat diperiksa: layanan tidak menjawab (ConnectError)"


async def test_the_last_anchor_and_a_rewrite_found_through_it_are_shown() -> None:
    anchor = {"anchors": 4, "last_id": 40, "last_rows": 40, "last_at": "2026-12-02T03:15:00+00:00"}
    answers = {
        "/daftar/health/audit": httpx.Response(
            200,
            json={
                "table": "registration.audit_log",
                "rows": 41,
                "intact": True,
                "broken_at": None,
                "anchor": {**anchor, "rewritten_after": None},
            },
        ),
        "/staf/health/audit": httpx.Response(
            409,
            json={
                "table": "verification.audit_log",
                "rows": 41,
                "intact": False,
                "broken_at": None,
                "anchor": {**anchor, "rewritten_after": {"anchor_id": 40, "held_up_to": 31}},
            },
        ),
    }
    transport = httpx.MockTransport(lambda request: answers[request.url.path])
    async with client(transport) as front:
        assert await chain_status(front, "registration", "/daftar") == ChainStatus(
            "registration",
            "registration.audit_log",
            41,
            True,
            "Utuh",
            "id 40 (40 baris), 2 Des 2026 03.15.00 UTC; 4 jangkar disimpan",
        )
        assert await chain_status(front, "verification", "/staf") == ChainStatus(
            "verification",
            "verification.audit_log",
            41,
            False,
            "Ditulis ulang setelah jangkar pada id 40 (perubahan di antara baris id 32 dan 40)",
            "id 40 (40 baris), 2 Des 2026 03.15.00 UTC; 4 jangkar disimpan",
        )
