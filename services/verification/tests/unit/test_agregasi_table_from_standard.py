"""Agregasi data penyedia (ADP): each LPSE mode's steps, written out by hand from the standard and the README.

The oracle is the standard (§4.3 step d, §5.1-5.3) and README.md ("Agregasi"), never `verification.agregasi`'s
TRANSITIONS or MODE_TRIGGERS: every mode × status × step below is typed literally.
"""

from __future__ import annotations

import itertools
import re

import pytest

from verification.agregasi import AggregationRefused, AggregationStatus, AggregationTrigger, decide

S, T = AggregationStatus, AggregationTrigger

# The steps each profile's `agregasi` mode offers.
MODE_STEPS: dict[str, frozenset[AggregationTrigger]] = {
    # Standard §5.2 / TMG-1 d: the provider activates aggregation itself ("Lakukan Aktivasi"); README "Agregasi":
    # Temanggung (`mandiri`). No officer step and no LKPP request.
    "mandiri": frozenset({T.SELF_ACTIVATE}),
    # Standard §5.1 / BJM-6 step 6: the verifier files the request with LKPP, which answers aggregated or refused;
    # README "Agregasi": Banjarmasin (`via_lkpp`) "the account is aggregated or refused with the reason".
    "via_lkpp": frozenset({T.REQUEST, T.LKPP_AGGREGATED, T.LKPP_REFUSED}),
    # Standard §5.3: Depok has no ADP service, aggregation is implicit: no step at all.
    "implisit": frozenset(),
}

ALLOWED: dict[tuple[AggregationStatus, AggregationTrigger], AggregationStatus] = {
    # Standard §4.3 TMG-1: ACTIVE —"Lakukan Aktivasi"→ ACTIVE_AGGREGATED.
    (S.NONE, T.SELF_ACTIVATE): S.AGGREGATED,
    # Standard §5.1 BJM-6: WITH_VERIFIER —Verifikator submits to LKPP→ REQUESTED_TO_LKPP.
    (S.NONE, T.REQUEST): S.REQUESTED,
    # Standard §5.1 BJM-6: REQUESTED_TO_LKPP → AGGREGATED / LKPP_REJECTED.
    (S.REQUESTED, T.LKPP_AGGREGATED): S.AGGREGATED,
    (S.REQUESTED, T.LKPP_REFUSED): S.REFUSED,
    # Standard §5.1 BJM-6: each request is a new visit to the counter (steps 1-6) and nothing there makes LKPP's
    # refusal final, so a refused provider may file again once the data is corrected.
    (S.REFUSED, T.REQUEST): S.REQUESTED,
}

OTHER_LPSE = "Langkah agregasi ini tidak berlaku untuk LPSE ini."
NOT_NOW = re.compile(r"^Agregasi sudah berstatus '[^']+'\.$")
CASES = list(itertools.product(MODE_STEPS, S, T))


@pytest.mark.parametrize(("mode", "status", "step"), CASES)
def test_each_mode_takes_its_own_steps_from_the_statuses_the_standard_allows(
    mode: str, status: AggregationStatus, step: AggregationTrigger
) -> None:
    if step not in MODE_STEPS[mode]:
        with pytest.raises(AggregationRefused) as refused:
            decide(mode, status, step)
        assert str(refused.value) == OTHER_LPSE
    elif (status, step) in ALLOWED:
        assert decide(mode, status, step) is ALLOWED[(status, step)]
    else:
        with pytest.raises(AggregationRefused) as refused:
            decide(mode, status, step)
        assert NOT_NOW.match(str(refused.value)), str(refused.value)


@pytest.mark.parametrize("step", list(T))
def test_an_aggregated_account_stays_aggregated(step: AggregationTrigger) -> None:
    for mode in MODE_STEPS:
        with pytest.raises(AggregationRefused):
            decide(mode, S.AGGREGATED, step)


@pytest.mark.parametrize("status", [S.NONE, S.AGGREGATED, S.REFUSED])
@pytest.mark.parametrize("answer", [T.LKPP_AGGREGATED, T.LKPP_REFUSED])
def test_lkpp_answers_only_a_request_it_was_sent(status: AggregationStatus, answer: AggregationTrigger) -> None:
    with pytest.raises(AggregationRefused, match=NOT_NOW):
        decide("via_lkpp", status, answer)


def test_the_refusal_names_the_status_as_people_read_it() -> None:
    with pytest.raises(AggregationRefused) as refused:
        decide("via_lkpp", S.AGGREGATED, T.REQUEST)
    assert str(refused.value) == "Agregasi sudah berstatus 'Teragregasi: berlaku di seluruh LPSE'."


@pytest.mark.parametrize("step", list(T))
def test_an_unknown_mode_takes_no_step(step: AggregationTrigger) -> None:
    with pytest.raises(AggregationRefused) as refused:
        decide("otomatis", S.NONE, step)
    assert str(refused.value) == OTHER_LPSE
