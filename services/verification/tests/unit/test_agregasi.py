"""Agregasi (ADP): the table per LPSE mode (the callback signature is tested in contracts)."""

from __future__ import annotations

import itertools

import pytest

from verification.agregasi import (
    MODE_TRIGGERS,
    TRANSITIONS,
    AggregationRefused,
    AggregationStatus,
    AggregationTrigger,
    decide,
)


def mode_for(trigger: AggregationTrigger) -> str:
    return "mandiri" if trigger is AggregationTrigger.SELF_ACTIVATE else "via_lkpp"


@pytest.mark.parametrize(("pair", "target"), TRANSITIONS.items())
def test_transitions(pair: tuple[AggregationStatus, AggregationTrigger], target: AggregationStatus) -> None:
    status, trigger = pair
    assert decide(mode_for(trigger), status, trigger) is target


@pytest.mark.parametrize(
    "pair", [p for p in itertools.product(AggregationStatus, AggregationTrigger) if p not in TRANSITIONS]
)
def test_pairs_outside_the_table_are_refused(pair: tuple[AggregationStatus, AggregationTrigger]) -> None:
    status, trigger = pair
    with pytest.raises(AggregationRefused):
        decide(mode_for(trigger), status, trigger)


@pytest.mark.parametrize(
    ("mode", "trigger"),
    [("implisit", t) for t in AggregationTrigger]
    + [("mandiri", AggregationTrigger.REQUEST), ("via_lkpp", AggregationTrigger.SELF_ACTIVATE)],
)
def test_each_lpse_mode_allows_only_its_own_steps(mode: str, trigger: AggregationTrigger) -> None:
    assert trigger not in MODE_TRIGGERS[mode]
    with pytest.raises(AggregationRefused, match="tidak berlaku"):
        decide(mode, AggregationStatus.NONE, trigger)
