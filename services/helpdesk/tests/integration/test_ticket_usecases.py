"""The ticket desk's use cases over real PostgreSQL: each step stores its state, facts and audit row in one commit,
a refused step stores nothing, another LPSE's ticket is not found, and an internal note never leaves the desk."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from helpdesk.domain import EscalateForm, NoteForm, ReplyForm, RequestInfoForm, Trigger
from helpdesk.usecases import desk, following, intake, reading
from lpse_runtime.sealing import LinkBox
from services.helpdesk.tests.fixtures_b import PROFILES, SETTINGS, open_ticket, report_form, staff

pytestmark = pytest.mark.integration
AT = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)  # Wednesday 09:00 WIB
TMG = PROFILES["temanggung"]
HELPDESK = staff("helpdesk.temanggung", "helpdesk")
ADMIN = staff("adminppe.temanggung", "admin_ppe")
NOTE = "Pelapor pernah melapor hal serupa; cek log server tanggal 1."


async def snapshot(pool: asyncpg.Pool) -> tuple[object, ...]:
    async with pool.acquire() as conn:
        return (
            tuple(await conn.fetch("SELECT * FROM tickets ORDER BY id")),
            await conn.fetchval("SELECT count(*) FROM outbox"),
            await conn.fetchval("SELECT count(*) FROM audit_log"),
            await conn.fetchval("SELECT count(*) FROM ticket_messages"),
        )


async def test_the_same_form_sent_twice_at_once_opens_one_ticket(pool: asyncpg.Pool) -> None:
    form, key = report_form(), uuid.uuid4()
    first, second = await asyncio.gather(
        intake.report(pool, TMG, form, key, AT, settings=SETTINGS),
        intake.report(pool, TMG, form, key, AT, settings=SETTINGS),
    )
    assert first == second and first.reference.startswith("TIK-TMG-")
    async with pool.acquire() as conn:
        assert await conn.fetchval("SELECT status FROM tickets") == "queued"
        assert await conn.fetchval("SELECT array_agg(subject) FROM outbox") == ["helpdesk.temanggung.ticket.opened.v1"]
        audit = [
            tuple(r) for r in await conn.fetch("SELECT actor_id, actor_role, action, before, after FROM audit_log")
        ]
        payload = json.loads(await conn.fetchval("SELECT payload FROM outbox"))
    assert audit == [(f"pelapor:{first.reference}", "pelapor", "open", None, "queued")]
    assert payload["actor"] == {"id": f"pelapor:{first.reference}", "role": "pelapor"}  # never the email
    assert payload["level"] == "helpdesk" and payload["service_id"] == "TMG-9"
    # TMG-9: 5 hari kerja from Wed 2 Dec 2026 09:00 WIB → Wed 9 Dec 2026 09:00 WIB.
    assert payload["due_at"] == "2026-12-09T02:00:00Z"
    sealed = LinkBox(SETTINGS.link_secret).open(payload["status_url"])
    assert sealed == f"{SETTINGS.public_base_url}{first.status_path}"


async def test_each_step_commits_state_fact_and_audit_together(pool: asyncpg.Pool) -> None:
    receipt = await open_ticket(pool, "temanggung", AT)
    tid = receipt.ticket_id
    await desk.act(pool, TMG, tid, Trigger.CLAIM, actor=HELPDESK, form=None, now=AT, settings=SETTINGS)
    reply = ReplyForm(text="Mohon bersihkan cache peramban lalu coba lagi.")
    await desk.act(pool, TMG, tid, Trigger.REPLY, actor=HELPDESK, form=reply, now=AT, settings=SETTINGS)
    async with pool.acquire() as conn:
        row = await conn.fetchrow("SELECT status, holder, lease_until FROM tickets")
        subjects = [r["subject"] for r in await conn.fetch("SELECT subject FROM outbox ORDER BY id")]
        actions = [r["action"] for r in await conn.fetch("SELECT action FROM audit_log ORDER BY id")]
    assert (row["status"], row["holder"], row["lease_until"]) == (
        "in_progress",
        HELPDESK.id,
        AT + timedelta(minutes=30),
    )
    assert subjects == [
        "helpdesk.temanggung.ticket.opened.v1",
        "helpdesk.temanggung.ticket.claimed.v1",
        "helpdesk.temanggung.ticket.replied.v1",
    ]
    assert actions == ["open", "claim", "reply"]


async def test_a_refused_step_stores_nothing(pool: asyncpg.Pool) -> None:
    receipt = await open_ticket(pool, "temanggung", AT)
    before = await snapshot(pool)
    # Admin PPE may not claim a ticket still at the Helpdesk's level.
    with pytest.raises(desk.TicketRefused, match=r"^Tiket ini di antrean Helpdesk LPSE\.$"):
        await desk.act(pool, TMG, receipt.ticket_id, Trigger.CLAIM, actor=ADMIN, form=None, now=AT, settings=SETTINGS)
    # Nobody resolves an unclaimed ticket: the table has no (queued, resolve).
    with pytest.raises(desk.TicketRefused, match="Tindakan 'Tandai selesai' tidak berlaku untuk tiket berstatus"):
        await desk.act(
            pool, TMG, receipt.ticket_id, Trigger.RESOLVE, actor=HELPDESK, form=None, now=AT, settings=SETTINGS
        )
    assert await snapshot(pool) == before


async def test_another_lpses_ticket_is_not_found(pool: asyncpg.Pool) -> None:
    receipt = await open_ticket(pool, "temanggung", AT)
    depok = staff("helpdesk.depok", "helpdesk")
    with pytest.raises(desk.TicketNotFound):
        await desk.act(
            pool, PROFILES["depok"], receipt.ticket_id, "claim", actor=depok, form=None, now=AT, settings=SETTINGS
        )
    assert await reading.ticket_for_staff(pool, "depok", receipt.ticket_id, now=AT, profile=PROFILES["depok"]) is None


async def test_an_internal_note_is_never_a_fact_nor_on_the_reporters_view(pool: asyncpg.Pool) -> None:
    receipt = await open_ticket(pool, "temanggung", AT)
    tid = receipt.ticket_id
    await desk.act(pool, TMG, tid, Trigger.NOTE, actor=HELPDESK, form=NoteForm(text=NOTE), now=AT, settings=SETTINGS)
    async with pool.acquire() as conn:
        payloads = [r["payload"] for r in await conn.fetch("SELECT payload::text AS payload FROM outbox")]
        audit = [tuple(r) for r in await conn.fetch("SELECT action, reason FROM audit_log ORDER BY id")]
    assert len(payloads) == 1 and all(NOTE not in p for p in payloads)  # only the opening fact
    assert audit == [("open", None), ("note", None)]
    token = receipt.status_path.rsplit("/", 1)[-1]
    view = await reading.ticket_for_reporter(pool, token, now=AT, profiles=PROFILES)
    staff_view = await reading.ticket_for_staff(pool, "temanggung", tid, now=AT, profile=TMG, viewer=HELPDESK)
    assert view is not None and staff_view is not None
    assert NOTE not in repr(view) and all(m.kind != "catatan_internal" for m in view.messages)
    assert [(m.kind, m.body, m.internal) for m in staff_view.messages] == [("catatan_internal", NOTE, True)]


async def test_the_ladder_helpdesk_admin_ppe_lkpp_with_the_reporter_in_between(pool: asyncpg.Pool) -> None:
    receipt = await open_ticket(pool, "temanggung", AT)
    tid, token = receipt.ticket_id, receipt.status_path.rsplit("/", 1)[-1]
    act = desk.act
    await act(pool, TMG, tid, "claim", actor=HELPDESK, form=None, now=AT, settings=SETTINGS)
    ask = RequestInfoForm(text="Lampirkan tangkapan layar pesan galat.")
    await act(pool, TMG, tid, "request_info", actor=HELPDESK, form=ask, now=AT, settings=SETTINGS)
    later = AT + timedelta(hours=2)
    await following.act_as_reporter(
        pool,
        TMG,
        token,
        "reporter_reply",
        form=ReplyForm(text="Sudah saya kirim lewat email."),
        now=later,
        settings=SETTINGS,
    )
    why = EscalateForm(reason="Perlu pengecekan konfigurasi SPSE oleh Admin PPE.")
    await act(pool, TMG, tid, "escalate", actor=HELPDESK, form=why, now=later, settings=SETTINGS)
    await act(pool, TMG, tid, "claim", actor=ADMIN, form=None, now=later, settings=SETTINGS)
    view = await reading.ticket_for_staff(pool, "temanggung", tid, now=later, profile=TMG, viewer=ADMIN)
    assert view is not None and view.next_step_label == "Eskalasi ke Helpdesk LKPP"
    with pytest.raises(desk.TicketRefused, match=r"^Catatan untuk LKPP 20 sampai 2000 karakter\.$"):
        await act(pool, TMG, tid, "escalate", actor=ADMIN, form=why, now=later, settings=SETTINGS)
    to_lkpp = EscalateForm(
        reason="Galat dari aplikasi pusat.", lkpp_note="Galat 500 saat unggah penawaran tender 10034567000."
    )
    await act(pool, TMG, tid, "escalate", actor=ADMIN, form=to_lkpp, now=later, settings=SETTINGS)
    async with pool.acquire() as conn:
        row = await conn.fetchrow("SELECT status, level, forwarded_from, holder FROM tickets")
        facts = [
            (r["subject"].split(".", 2)[2], json.loads(r["payload"]))
            for r in await conn.fetch("SELECT subject, payload FROM outbox ORDER BY id")
        ]
    assert tuple(row) == ("at_lkpp", "lkpp", "admin_ppe", None)
    assert [name for name, _ in facts] == [
        "ticket.opened.v1", "ticket.claimed.v1", "ticket.info_requested.v1", "ticket.replied.v1",
        "ticket.escalated.v1", "ticket.claimed.v1", "ticket.escalated.v1",
    ]  # fmt: skip
    escalated = facts[-1][1]
    assert (escalated["from_level"], escalated["to_level"], escalated["to_label"]) == (
        "admin_ppe",
        "lkpp",
        "Helpdesk LKPP",
    )
    assert escalated["lkpp_note"] == "Galat 500 saat unggah penawaran tender 10034567000."
    assert escalated["clock_note"] == TMG.helpdesk.lkpp_note
    assert facts[3][1]["by"] == "pelapor"
