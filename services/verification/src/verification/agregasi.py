"""Agregasi data penyedia (ADP), pure: the provider's aggregation state machine in each LPSE's mode.

Temanggung: the provider confirms the data and activates it (mandiri). Banjarmasin: the verifier sends the request
to LKPP, whose answer arrives by a signed callback or is entered by the verifier (via_lkpp).
"""

from __future__ import annotations

from enum import StrEnum

from lpse_runtime.machine import transition


class AggregationStatus(StrEnum):
    """Where a provider account stands in LKPP's aggregation."""

    NONE = "none"
    REQUESTED = "requested"
    AGGREGATED = "aggregated"
    REFUSED = "refused"


class AggregationTrigger(StrEnum):
    """What moves it."""

    SELF_ACTIVATE = "self_activate"  # the provider's "Lakukan Aktivasi" (mandiri)
    REQUEST = "request"  # the verifier sends the ADP request to LKPP (via_lkpp)
    LKPP_AGGREGATED = "lkpp_aggregated"
    LKPP_REFUSED = "lkpp_refused"


TRANSITIONS: dict[tuple[AggregationStatus, AggregationTrigger], AggregationStatus] = {
    (AggregationStatus.NONE, AggregationTrigger.SELF_ACTIVATE): AggregationStatus.AGGREGATED,
    (AggregationStatus.NONE, AggregationTrigger.REQUEST): AggregationStatus.REQUESTED,
    (AggregationStatus.REFUSED, AggregationTrigger.REQUEST): AggregationStatus.REQUESTED,
    (AggregationStatus.REQUESTED, AggregationTrigger.LKPP_AGGREGATED): AggregationStatus.AGGREGATED,
    (AggregationStatus.REQUESTED, AggregationTrigger.LKPP_REFUSED): AggregationStatus.REFUSED,
}

MODE_TRIGGERS: dict[str, frozenset[AggregationTrigger]] = {
    "mandiri": frozenset({AggregationTrigger.SELF_ACTIVATE}),
    "via_lkpp": frozenset(
        {AggregationTrigger.REQUEST, AggregationTrigger.LKPP_AGGREGATED, AggregationTrigger.LKPP_REFUSED}
    ),
    "implisit": frozenset(),
}

STATUS_LABEL: dict[AggregationStatus, str] = {
    AggregationStatus.NONE: "Belum diagregasi",
    AggregationStatus.REQUESTED: "Permohonan ADP dikirim ke LKPP",
    AggregationStatus.AGGREGATED: "Teragregasi: berlaku di seluruh LPSE",
    AggregationStatus.REFUSED: "Ditolak LKPP",
}


class AggregationRefused(Exception):
    """The step does not apply: the message says why, in Indonesian."""


def decide(mode: str, status: AggregationStatus, trigger: AggregationTrigger) -> AggregationStatus:
    """The next status, or AggregationRefused when the LPSE's mode or the table does not allow the step."""
    if trigger not in MODE_TRIGGERS.get(mode, frozenset()):
        raise AggregationRefused("Langkah agregasi ini tidak berlaku untuk LPSE ini.")
    try:
        return transition(TRANSITIONS, status, trigger)
    except Exception:
        raise AggregationRefused(f"Agregasi sudah berstatus '{STATUS_LABEL[status]}'.") from None
