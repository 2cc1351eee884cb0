"""Agregasi's decisions: each step's stored state, the one fact it publishes and its audit row (README "Agregasi")."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from contracts.envelope import Actor
from contracts.verification import AggregationRefusedV1, AggregationRequestedV1, ProviderAggregatedV1
from verification.agregasi import (
    AggregationRefused,
    AggregationStatus,
    AggregationStep,
    AggregationTrigger,
    ProviderAccount,
    decide_step,
)

NOW = datetime(2026, 12, 2, 2, 0, tzinfo=UTC)
VERIFIER = Actor(id="verifikator.banjarmasin", role="verifikator")
LKPP = Actor(id="lkpp", role="system")


def account(status: AggregationStatus, lpse: str = "banjarmasin") -> ProviderAccount:
    return ProviderAccount(
        provider_id=uuid.UUID(int=7),
        user_id="CVMAJU",
        lpse=lpse,
        status=status,
        company_name="CV Maju",
        npwp="012345678901000",
        nib="1234567890123",
        email="direktur@maju.co.id",
        case_id=uuid.UUID(int=2),
        application_id=uuid.UUID(int=1),
        reference="BJM-2612-ABCDEF",
        applicant_email="direktur@maju.co.id",
        status_url="http://lpse.test/daftar/status/t",
        language="id",
        director_name="Ahmad",
    )


def test_the_verifier_sends_the_request_to_lkpp_with_npwp_company_and_its_number() -> None:
    step = AggregationStep(AggregationTrigger.REQUEST, VERIFIER, request_ref="ADP-BJM-2612-ABCDEF-1A2B3C")
    decided = decide_step(account(AggregationStatus.NONE), "via_lkpp", step, now=NOW)
    assert decided.state.status is AggregationStatus.REQUESTED
    assert decided.state.request_ref == "ADP-BJM-2612-ABCDEF-1A2B3C" and decided.state.aggregated_at is None
    (fact,) = decided.facts
    assert isinstance(fact, AggregationRequestedV1)
    assert fact.subject == "verification.banjarmasin.aggregation.requested.v1"
    assert (fact.request_ref, fact.npwp, fact.company_name) == (
        "ADP-BJM-2612-ABCDEF-1A2B3C",
        "012345678901000",
        "CV Maju",
    )
    assert fact.correlation_id == uuid.UUID(int=1) and fact.actor == VERIFIER
    assert decided.audit is not None
    assert (decided.audit.action, decided.audit.before, decided.audit.after, decided.audit.reason) == (
        "agregasi:request",
        "none",
        "requested",
        "ADP-BJM-2612-ABCDEF-1A2B3C",
    )


def test_lkpp_aggregating_the_account_is_stamped_and_announced_as_via_lkpp() -> None:
    step = AggregationStep(AggregationTrigger.LKPP_AGGREGATED, LKPP, lkpp_ref="LKPP-1234ABCD")
    decided = decide_step(account(AggregationStatus.REQUESTED), "via_lkpp", step, now=NOW)
    assert decided.state.status is AggregationStatus.AGGREGATED and decided.state.aggregated_at == NOW
    assert decided.state.request_ref is None, "an answer keeps the stored request number"
    (fact,) = decided.facts
    assert isinstance(fact, ProviderAggregatedV1)
    assert (fact.mode, fact.lkpp_ref, fact.actor) == ("via_lkpp", "LKPP-1234ABCD", LKPP)
    assert decided.audit is not None and (decided.audit.before, decided.audit.after) == ("requested", "aggregated")


def test_a_refusal_carries_lkpp_reason_to_the_provider() -> None:
    reason = "NPWP tidak ditemukan pada data DJP"
    step = AggregationStep(AggregationTrigger.LKPP_REFUSED, VERIFIER, reason=reason, lkpp_ref="LKPP-9")
    decided = decide_step(account(AggregationStatus.REQUESTED), "via_lkpp", step, now=NOW)
    assert decided.state.status is AggregationStatus.REFUSED and decided.state.reason == reason
    (fact,) = decided.facts
    assert isinstance(fact, AggregationRefusedV1) and fact.reason == reason
    assert decided.audit is not None and decided.audit.reason == reason


def test_the_provider_activates_aggregation_itself_in_a_mandiri_lpse() -> None:
    provider = Actor(id="CVMAJU", role="penyedia")
    step = AggregationStep(AggregationTrigger.SELF_ACTIVATE, provider)
    decided = decide_step(account(AggregationStatus.NONE, "temanggung"), "mandiri", step, now=NOW)
    (fact,) = decided.facts
    assert isinstance(fact, ProviderAggregatedV1)
    assert (fact.mode, fact.lpse, fact.actor) == ("mandiri", "temanggung", provider)
    assert decided.audit is not None and decided.audit.action == "agregasi:self_activate"


def test_a_step_that_does_not_apply_decides_nothing() -> None:
    step = AggregationStep(AggregationTrigger.LKPP_AGGREGATED, LKPP)
    with pytest.raises(AggregationRefused) as refused:
        decide_step(account(AggregationStatus.AGGREGATED), "via_lkpp", step, now=NOW)
    assert str(refused.value) == "Agregasi sudah berstatus 'Teragregasi: berlaku di seluruh LPSE'."
