"""The ladder a ticket climbs: the LPSE's Helpdesk, then (where the standard has one) the Admin PPE, then LKPP."""

from __future__ import annotations

from contracts.helpdesk import TicketLevel
from contracts.lpse import LadderStep
from helpdesk.domain.ticket import Trigger


def next_step(ladder: tuple[LadderStep, ...], level: TicketLevel) -> LadderStep | None:
    """The step above `level` on this ladder, or None at its top (or when the level is not on it)."""
    levels = [s.level for s in ladder]
    if level not in levels:
        return None
    index = levels.index(level)
    return ladder[index + 1] if index + 1 < len(ladder) else None


def escalation_trigger(ladder: tuple[LadderStep, ...], level: TicketLevel) -> Trigger:
    """The one staff button 'Eskalasi ke …' means: to the next local level, or forward to LKPP."""
    step = next_step(ladder, level)
    return Trigger.FORWARD_TO_LKPP if step is not None and step.level == "lkpp" else Trigger.ESCALATE


def escalation_label(ladder: tuple[LadderStep, ...], level: TicketLevel) -> str | None:
    """'Eskalasi ke Admin PPE', or None where the ladder ends."""
    step = next_step(ladder, level)
    return None if step is None else f"Eskalasi ke {step.label}"


def no_local_step_message(ladder: tuple[LadderStep, ...], level: TicketLevel, lpse_name: str, service: str) -> str:
    """Why a local escalation is refused: the standard sends this level straight to LKPP, or names nothing above."""
    step = next_step(ladder, level)
    if step is not None and step.level == "lkpp":
        return f"Standar {lpse_name} meneruskan langsung ke LKPP ({service}); gunakan eskalasi ke {step.label}."
    return f"Standar {lpse_name} tidak menetapkan tingkat di atas {_label(ladder, level)}; tiket diselesaikan di sini."


def no_lkpp_step_message(ladder: tuple[LadderStep, ...], level: TicketLevel, lpse_name: str) -> str:
    """Why forwarding to LKPP is refused from this level."""
    step = next_step(ladder, level)
    if step is not None:
        return f"Tiket dari {_label(ladder, level)} dieskalasi dahulu ke {step.label}."
    return f"Standar {lpse_name} tidak menetapkan eskalasi ke LKPP dari {_label(ladder, level)}."


def _label(ladder: tuple[LadderStep, ...], level: TicketLevel) -> str:
    return next((s.label for s in ladder if s.level == level), level)
