"""The ticket's table, written out by hand from the README and the standard it cites, never read
from `helpdesk.domain.TRANSITIONS`: each allowed step leads where the standard says, every other (status, step) pair
is refused with its message, Depok refuses a local escalation, Magelang refuses both, a note publishes nothing."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from contracts.envelope import Actor
from helpdesk.domain import Ticket, TicketRefused, TicketStatus, Trigger, decide
from services.helpdesk.tests.unit.ticket_kit import ADMIN, KEPALA, actor_for, attempt, ticket

S, T = TicketStatus, Trigger
ACTIVE_FOR_NOTE = (S.QUEUED, S.IN_PROGRESS, S.INFO_REQUESTED, S.AT_LKPP, S.LKPP_ANSWERED, S.RESOLVED)

ALLOWED: dict[tuple[TicketStatus, Trigger], TicketStatus] = {
    # 2. TMG-9 b "Helpdesk menganalisa" (std §7.3); §7.4 OPEN → TRIAGED.
    (S.QUEUED, T.CLAIM): S.IN_PROGRESS,
    # 3. Claim after the 30-minute lease ran out (the verifiers' desk, README).
    (S.IN_PROGRESS, T.CLAIM): S.IN_PROGRESS,
    # 4. The holder releases it back to the queue.
    (S.IN_PROGRESS, T.RELEASE): S.QUEUED,
    # 5. TMG-9 b.1/c.1 "→ PENGGUNA" (std §7.3).
    (S.IN_PROGRESS, T.REPLY): S.IN_PROGRESS,
    # 6. Internal notes stay internal (issue 11): at any open status and on a resolved ticket.
    **{(s, T.NOTE): s for s in ACTIVE_FOR_NOTE},
    # 7. BJM-7 step 5 "apabila tidak lengkap … dikembalikan" (std §7.2); §7.4 OPEN → RETURNED_INCOMPLETE.
    (S.IN_PROGRESS, T.REQUEST_INFO): S.INFO_REQUESTED,
    # 8. §6.7 "RETURNED_INCOMPLETE → resubmits", applied to tickets (INFERENCE).
    (S.INFO_REQUESTED, T.REPORTER_REPLY): S.IN_PROGRESS,
    # 9. The reporter may write while the desk or LKPP has the ticket (platform).
    (S.QUEUED, T.REPORTER_REPLY): S.QUEUED,
    (S.IN_PROGRESS, T.REPORTER_REPLY): S.IN_PROGRESS,
    (S.AT_LKPP, T.REPORTER_REPLY): S.AT_LKPP,
    (S.LKPP_ANSWERED, T.REPORTER_REPLY): S.LKPP_ANSWERED,
    # 10. TMG-9 b.2 Helpdesk → Admin PPE (std §7.3); BJM-7 step 4 (std §7.2).
    (S.IN_PROGRESS, T.ESCALATE): S.QUEUED,
    # 11. DPK-1c "AKAN DIESKALASI KE LKPP" (std §7.1); TMG-9 c.2 (std §7.3).
    (S.IN_PROGRESS, T.FORWARD_TO_LKPP): S.AT_LKPP,
    # 12. TMG-9 d "Helpdesk LKPP menyelesaikan" (std §7.3).
    (S.AT_LKPP, T.LKPP_ANSWER): S.LKPP_ANSWERED,
    # 13. The level that forwarded it takes LKPP's answer up.
    (S.LKPP_ANSWERED, T.CLAIM): S.IN_PROGRESS,
    # 14. TMG-9 b.1/c.1/d; DPK-1c product "Terselesaikannya Penanganan Permasalahan"; BJM-7 step 6.
    (S.IN_PROGRESS, T.RESOLVE): S.RESOLVED,
    # 15. Reopen within the window (INFERENCE: the standard is silent, std §19 items 2–3).
    (S.RESOLVED, T.REOPEN): S.QUEUED,
    # 16. §7.4 RESOLVED → CLOSED.
    (S.RESOLVED, T.CLOSE): S.CLOSED,
    # 17. Staff close an unsolved ticket with a reason (INFERENCE).
    (S.QUEUED, T.CLOSE): S.CLOSED,
    (S.IN_PROGRESS, T.CLOSE): S.CLOSED,
    (S.INFO_REQUESTED, T.CLOSE): S.CLOSED,
    (S.LKPP_ANSWERED, T.CLOSE): S.CLOSED,
    # 18. The reporter rates a closed ticket once (issue 11).
    (S.CLOSED, T.RATE): S.RATED,
}
LABEL_STATUS = {
    S.QUEUED: "Menunggu ditangani",
    S.IN_PROGRESS: "Sedang ditangani",
    S.INFO_REQUESTED: "Menunggu informasi dari pelapor",
    S.AT_LKPP: "Di Helpdesk LKPP",
    S.LKPP_ANSWERED: "Jawaban LKPP diterima, menunggu helpdesk",
    S.RESOLVED: "Selesai",
    S.CLOSED: "Ditutup",
    S.RATED: "Ditutup dan dinilai",
}
LABEL_TRIGGER = {
    T.OPEN: "Buat laporan",
    T.CLAIM: "Klaim",
    T.RELEASE: "Lepas",
    T.REPLY: "Balas pelapor",
    T.NOTE: "Tambah catatan internal",
    T.REQUEST_INFO: "Minta informasi tambahan",
    T.REPORTER_REPLY: "Kirim balasan",
    T.ESCALATE: "Eskalasi",
    T.FORWARD_TO_LKPP: "Eskalasi ke LKPP",
    T.LKPP_ANSWER: "Catat jawaban LKPP",
    T.RESOLVE: "Tandai selesai",
    T.REOPEN: "Buka kembali laporan",
    T.CLOSE: "Tutup tiket",
    T.RATE: "Beri penilaian",
}


def at_level_for(status: TicketStatus, trigger: Trigger) -> tuple[Ticket, Actor]:
    """The ticket where the step's guards are met: forwarding happens from Admin PPE (TMG-9 c.2)."""
    if trigger is T.FORWARD_TO_LKPP:
        return ticket(status, level="admin_ppe", level_label="Admin PPE", holder=ADMIN.id), ADMIN
    if status is S.LKPP_ANSWERED and trigger is T.CLAIM:
        return ticket(status, level="admin_ppe", level_label="Admin PPE", forwarded_from="admin_ppe"), ADMIN
    return ticket(status), actor_for(status, trigger)


@pytest.mark.parametrize(("pair", "target"), list(ALLOWED.items()), ids=lambda v: str(v))
def test_each_step_the_standard_allows_leads_where_it_says(
    pair: tuple[TicketStatus, Trigger], target: TicketStatus
) -> None:
    status, trigger = pair
    before, actor = at_level_for(status, trigger)
    if status is S.IN_PROGRESS and trigger is T.CLAIM:
        before = replace(before, holder="helpdesk.lain", lease_until=before.opened_at)  # the lease ran out
    step = decide(before, attempt(trigger, actor))
    assert step.decided.state.status is target
    assert step.decided.audit is not None and (step.decided.audit.before, step.decided.audit.after) == (status, target)


@pytest.mark.parametrize("pair", [p for p in itertools.product(S, T) if p not in ALLOWED], ids=lambda v: str(v))
def test_every_other_step_is_refused_naming_the_step_and_the_status(pair: tuple[TicketStatus, Trigger]) -> None:
    status, trigger = pair
    with pytest.raises(TicketRefused) as refused:
        decide(ticket(status), attempt(trigger, actor_for(status, trigger)))
    assert str(refused.value) == (
        f"Tindakan '{LABEL_TRIGGER[trigger]}' tidak berlaku untuk tiket berstatus '{LABEL_STATUS[status]}'."
    )


def test_depok_refuses_a_local_escalation_it_forwards_straight_to_lkpp() -> None:
    depok = ticket(S.IN_PROGRESS, lpse="depok", service_id="DPK-1c", holder="helpdesk.depok")
    helpdesk = Actor(id="helpdesk.depok", role="helpdesk")
    with pytest.raises(TicketRefused) as refused:
        decide(depok, attempt(T.ESCALATE, helpdesk, "depok"))
    assert str(refused.value) == (
        "Standar LPSE Kota Depok meneruskan langsung ke LKPP (DPK-1c); gunakan eskalasi ke LKPP."
    )
    forwarded = decide(depok, attempt(T.FORWARD_TO_LKPP, helpdesk, "depok")).decided.state
    assert (forwarded.status, forwarded.level, forwarded.forwarded_from) == (S.AT_LKPP, "lkpp", "helpdesk")


def test_magelang_refuses_both_escalations_it_has_no_ladder() -> None:
    magelang = ticket(S.IN_PROGRESS, lpse="magelang", service_id=None, holder="helpdesk.magelang")
    helpdesk = Actor(id="helpdesk.magelang", role="helpdesk")
    messages = []
    for trigger in (T.ESCALATE, T.FORWARD_TO_LKPP):
        with pytest.raises(TicketRefused) as refused:
            decide(magelang, attempt(trigger, helpdesk, "magelang"))
        messages.append(str(refused.value))
    assert messages == [
        "Standar LPSE Kota Magelang tidak menetapkan tingkat di atas Petugas LPSE; tiket diselesaikan di sini.",
        "Standar LPSE Kota Magelang tidak menetapkan eskalasi ke LKPP dari Petugas LPSE.",
    ]


@pytest.mark.parametrize("status", ACTIVE_FOR_NOTE)
def test_a_note_publishes_nothing_and_leaves_its_audit_row(status: TicketStatus) -> None:
    step = decide(ticket(status), attempt(T.NOTE, KEPALA))
    assert step.decided.facts == ()
    assert step.decided.audit is not None and step.decided.audit.action == "note"
    assert step.decided.audit.reason is None  # the note's text is never in the audit row either
