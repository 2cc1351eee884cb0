"""The steps the reporter's status page lists, with their times: from the ticket's trail, in the ladder's words.
Pure: the route hands in the trail as the reading use case loaded it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from contracts.lpse import LadderStep

CLOSED = ("closed", "rated")
FINISHED = ("resolved", *CLOSED)


@dataclass(frozen=True)
class StepView:
    """One step of the ticket on the reporter's page."""

    label: str
    at: datetime | None
    done: bool
    current: bool = False


def _label(ladder: Sequence[LadderStep], level: str) -> str:
    return next((s.label for s in ladder if s.level == level), level)


def _reached(trail: Sequence[tuple[str, datetime]], ladder: Sequence[LadderStep]) -> list[tuple[str, datetime]]:
    """The steps the trail shows, in words: received, handled at each level, forwarded up, answered, solved."""
    levels: list[str] = [s.level for s in ladder]
    level, back_to, claimed = (levels[0] if levels else "helpdesk"), "helpdesk", False
    reached: list[tuple[str, datetime]] = []
    for action, at in trail:
        if action == "open":
            reached.append(("Laporan diterima", at))
        elif action == "claim" and not claimed:
            claimed = True
            reached.append((f"Ditangani {_label(ladder, level)}", at))
        elif action in ("escalate", "forward_to_lkpp"):
            back_to = level
            level = "lkpp" if action == "forward_to_lkpp" else levels[min(levels.index(level) + 1, len(levels) - 1)]
            claimed = False
            reached.append((f"Diteruskan ke {_label(ladder, level)}", at))
        elif action == "lkpp_answer":
            reached.append((f"Jawaban {_label(ladder, 'lkpp')} diterima", at))
            level, claimed = back_to, False
        elif action == "request_info":
            reached.append(("Petugas meminta informasi tambahan", at))
        elif action == "resolve":
            reached.append(("Selesai ditangani", at))
        elif action == "reopen":
            reached.append(("Dibuka kembali", at))
            claimed = False
        elif action == "close":
            reached.append(("Ditutup", at))
    return reached


def reporter_steps(status: str, trail: Sequence[tuple[str, datetime]], ladder: Sequence[LadderStep]) -> list[StepView]:
    """The steps reached (the last one current while the ticket is open), then the ones still ahead."""
    reached = _reached(trail, ladder)
    ahead = [label for label, wanted in (("Selesai ditangani", FINISHED), ("Ditutup", CLOSED)) if status not in wanted]
    steps = [StepView(label, at, done=True) for label, at in reached]
    if steps and status not in CLOSED:
        steps[-1] = StepView(steps[-1].label, steps[-1].at, done=True, current=True)
    return steps + [StepView(label, None, done=False) for label in ahead]
