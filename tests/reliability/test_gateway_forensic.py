"""The gateway on the real stack with BSSN gone: the BSSN simulator's process killed by its PID while a forensic test
is escalated to LKPP and BSSN, started again later; LKPP is forwarded at once, BSSN once when it is back, and both
answers come back through the front door as facts (README, "Forensic tests: LKPP and BSSN")."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

import asyncpg
import httpx
import nats
import pytest

from contracts.envelope import Actor
from contracts.forensic import ForensicEscalatedExternalV1, ForensicFile
from devstack.stack import Stack
from tests.e2e.helpdesk_driver import facts
from tests.support import eventually

pytestmark = [pytest.mark.e2e, pytest.mark.reliability]


def escalation() -> ForensicEscalatedExternalV1:
    """Depok's Admin PPE sends a forensic test its encryption trial could not settle to LKPP and BSSN."""
    case_id = uuid.uuid4()
    return ForensicEscalatedExternalV1(
        occurred_at=datetime.now(UTC),
        lpse="depok",
        correlation_id=case_id,
        actor=Actor(id="adminppe.depok", role="admin_ppe"),
        case_id=case_id,
        reference="DPK-UF-2612-0042",
        service_id="DPK-2d",
        status_url="http://127.0.0.1/helpdesk/status/segel",
        tender_id="10022026",
        tender_name="Pembangunan Gedung Puskesmas Cilodong",
        parties=("lkpp", "bssn"),
        files=(ForensicFile(name="penawaran_pt_maju.rhs", sha256="c" * 64, size=524_288),),
        trial_outcome="tidak_terbuka",
        note="Berkas penawaran tidak terbuka saat uji coba dekripsi.",
    )


async def test_bssn_simulator_killed_during_a_forensic_escalation_then_restarted_forwards_once(stack: Stack) -> None:
    bssn = stack.children.get("bssn")
    bssn.kill()  # SIGKILL to its PID: BSSN is gone, mid-flow, without a word
    assert not bssn.alive()
    event = escalation()
    nc = await nats.connect(stack.nats_url)
    db = await asyncpg.connect(stack.admin_database_url)
    try:
        await nc.jetstream().publish(
            event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": str(event.event_id)}
        )

        async def state(party: str) -> tuple[str, int, str | None] | None:
            row = await db.fetchrow(
                """SELECT status, attempts, finding FROM gateway.forwards
                   WHERE escalation_event_id = $1 AND party = $2""",
                event.event_id,
                party,
            )
            return None if row is None else (row["status"], row["attempts"], row["finding"])

        async def lkpp_answered_bssn_retrying() -> bool:
            lkpp, gone = await state("lkpp"), await state("bssn")
            return (
                lkpp is not None
                and lkpp[:2] == ("forwarded", 1)
                and lkpp[2] is not None
                and gone is not None
                and gone[0] == "pending"
                and gone[1] >= 2
            )

        await eventually(lkpp_answered_bssn_retrying, timeout=30, what="LKPP forwarded and answered, BSSN retried")
        await asyncio.to_thread(stack.restart, "bssn")  # waits until the simulator answers again

        async def bssn_answered() -> bool:
            found = await state("bssn")
            return found is not None and found[0] == "forwarded" and found[2] is not None

        await eventually(bssn_answered, timeout=60, what="BSSN's forward accepted and its answer recorded")
        async with httpx.AsyncClient() as client:
            by_bssn = (await client.get(f"{stack.bssn_url}/api/diterima")).json()
            by_lkpp = (await client.get(f"{stack.lkpp_url}/api/diterima")).json()
        assert {k: v["permintaan"] for k, v in by_bssn.items()} == {f"{event.event_id}:bssn": 1}
        assert by_lkpp[f"{event.event_id}:lkpp"]["permintaan"] == 1

        async def four_facts() -> bool:
            return len(await facts(stack.nats_url, "GATEWAY", event.case_id)) == 4

        await eventually(four_facts, timeout=30, what="forwarded and answered, for each party, on GATEWAY")
        found = await facts(stack.nats_url, "GATEWAY", event.case_id)
        assert sorted((f["subject"], f["party"]) for f in found) == [
            ("gateway.depok.forensic.answered.v1", "bssn"),
            ("gateway.depok.forensic.answered.v1", "lkpp"),
            ("gateway.depok.forensic.forwarded.v1", "bssn"),
            ("gateway.depok.forensic.forwarded.v1", "lkpp"),
        ]
        bssn_ref = by_bssn[f"{event.event_id}:bssn"]["ref"]
        assert {f["external_ref"] for f in found if f["party"] == "bssn"} == {bssn_ref}
    finally:
        await db.close()
        await nc.close()
