"""State machines as tables: one lookup every service's `decide` uses."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TypeVar

S = TypeVar("S", bound=Enum)
T = TypeVar("T", bound=Enum)


class TransitionRefused(Exception):
    """The trigger does not apply to the current state: the table has no such pair."""


def transition(table: Mapping[tuple[S, T], S], state: S, trigger: T) -> S:
    """The next state from the table, or TransitionRefused."""
    try:
        return table[(state, trigger)]
    except KeyError:
        raise TransitionRefused(f"{trigger.value} does not apply in state {state.value}") from None
