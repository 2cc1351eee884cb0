"""A change of an aggregated provider account on its way to LKPP, written out from the README's "Changes reaching
LKPP": only aggregated accounts' facts become a forward, one per fact under `<event id>:lkpp`, to
`…/penyedia/perubahan`, the new NPWP in full in the request and nowhere else, and the facts each outcome publishes."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import httpx

from contracts.envelope import Actor
from contracts.gateway import ProviderChangeForwardedV1, ProviderChangeForwardRefusedV1
from contracts.provider_account import (
    FieldChange,
    ProviderAccountChangedV1,
    ProviderAccountDeactivatedV1,
    ProviderAccountReactivatedV1,
)
from gateway.domain import Answer, Forward, ForwardKind, ForwardStatus, decide
from gateway.forwarder import answer_of, headers
from gateway.provider_change import provider_change_forward
from gateway.settings import PartyApi

NOW = datetime(2026, 12, 30, 2, 0, tzinfo=UTC)  # Wed 30 Dec 2026 10:00 WITA
CHANGED_AT = datetime(2026, 12, 30, 1, 30, tzinfo=UTC)
PROVIDER = uuid.UUID("b1a00000-0000-4000-8000-000000000001")
REQUEST = uuid.UUID("b1a00000-0000-4000-8000-0000000000a1")
EVENT = uuid.UUID("b1a00000-0000-4000-8000-0000000000e1")
VERIFIER = Actor(id="verifikator.banjarmasin", role="verifikator")
NEW_NPWP = "0123456789012345"


def account(**fields: object) -> dict[str, object]:
    return {
        "event_id": EVENT,
        "occurred_at": CHANGED_AT,
        "lpse": "banjarmasin",
        "correlation_id": REQUEST,
        "actor": VERIFIER,
        "provider_id": PROVIDER,
        "user_id": "CVMAJUJAYA01",
        "company_name": "CV Maju Jaya",
        "email": "admin@majujaya.co.id",
        "director_name": "Siti Aminah",
        **fields,
    }


def npwp_changed(aggregated: bool = True) -> ProviderAccountChangedV1:
    change = FieldChange(field="npwp", label="NPWP", before="01.***.***.*-***.000", after="01.***.***.*-***.345")
    return ProviderAccountChangedV1.model_validate(
        account(
            request_id=REQUEST,
            reference="PRM-BJM-2612-000042",
            kind="npwp",
            changes=(change,),
            npwp=NEW_NPWP,
            aggregated=aggregated,
        )
    )


def deactivated(aggregated: bool = True) -> ProviderAccountDeactivatedV1:
    return ProviderAccountDeactivatedV1.model_validate(
        account(by="lpse", reason="Masuk daftar hitam", officer_id="kepala.banjarmasin", aggregated=aggregated)
    )


def reactivated(aggregated: bool = True) -> ProviderAccountReactivatedV1:
    return ProviderAccountReactivatedV1.model_validate(
        account(officer_id="verifikator.banjarmasin", request_id=REQUEST, aggregated=aggregated)
    )


def test_facts_of_an_account_that_is_not_aggregated_become_no_forward() -> None:
    assert provider_change_forward(npwp_changed(aggregated=False), now=NOW) is None
    assert provider_change_forward(deactivated(aggregated=False), now=NOW) is None
    assert provider_change_forward(reactivated(aggregated=False), now=NOW) is None


def test_an_aggregated_accounts_change_is_one_forward_to_lkpp_under_its_event_key_due_at_once() -> None:
    forward = provider_change_forward(npwp_changed(), now=NOW)
    assert forward is not None
    assert (
        forward.escalation_event_id,
        forward.case_id,
        forward.reference,
        forward.lpse,
        forward.party,
        forward.kind,
        forward.target,
        forward.idempotency_key,
        forward.status,
        forward.attempts,
        forward.next_attempt_at,
    ) == (
        EVENT,
        PROVIDER,
        "CVMAJUJAYA01",
        "banjarmasin",
        "lkpp",
        ForwardKind.PROVIDER_CHANGE,
        "penyedia/perubahan",
        "b1a00000-0000-4000-8000-0000000000e1:lkpp",
        ForwardStatus.PENDING,
        0,
        NOW,
    )


def test_a_npwp_change_sends_the_new_npwp_in_full_with_the_account_as_lkpp_reads_it() -> None:
    forward = provider_change_forward(npwp_changed(), now=NOW)
    assert forward is not None
    assert json.loads(forward.body) == {
        "lpse": "banjarmasin",
        "user_id": "CVMAJUJAYA01",
        "provider_id": "b1a00000-0000-4000-8000-000000000001",
        "kind": "changed",
        "what": "npwp",
        "request_id": "b1a00000-0000-4000-8000-0000000000a1",
        "request_ref": "PRM-BJM-2612-000042",
        "changes": [{"field": "npwp", "label": "NPWP", "before": "01.***.***.*-***.000", "after": NEW_NPWP}],
        "npwp": NEW_NPWP,
        "email": "admin@majujaya.co.id",
        "provider_type": None,
        "company_name": "CV Maju Jaya",
        "director_name": "Siti Aminah",
        "status": "aktif",
        "reason": None,
        "deactivated_by": None,
        "occurred_at": "2026-12-30T01:30:00+00:00",
    }
    assert NEW_NPWP not in forward.reference and NEW_NPWP not in forward.idempotency_key


def test_deactivation_and_reactivation_send_the_status_after_and_the_reason() -> None:
    off = provider_change_forward(deactivated(), now=NOW)
    on = provider_change_forward(reactivated(), now=NOW)
    assert off is not None and on is not None
    sent_off, sent_on = json.loads(off.body), json.loads(on.body)
    assert (sent_off["kind"], sent_off["status"], sent_off["reason"], sent_off["deactivated_by"]) == (
        "deactivated",
        "nonaktif",
        "Masuk daftar hitam",
        "lpse",
    )
    assert (sent_off["changes"], sent_off["request_id"], sent_off["npwp"]) == ([], None, None)
    assert (sent_on["kind"], sent_on["status"], sent_on["reason"], sent_on["request_id"]) == (
        "reactivated",
        "aktif",
        None,
        "b1a00000-0000-4000-8000-0000000000a1",
    )


def test_the_request_is_signed_under_lkpps_secret_with_the_forwards_key() -> None:
    forward = provider_change_forward(npwp_changed(), now=NOW)
    assert forward is not None
    api = PartyApi("http://lkpp.test/lkpp/api", "rahasia", "x-lkpp-signature", 10.0)
    sent = headers(forward, api)
    assert sent["Idempotency-Key"] == "b1a00000-0000-4000-8000-0000000000e1:lkpp"
    assert set(sent) == {"content-type", "Idempotency-Key", "x-lkpp-signature"}
    assert len(sent["x-lkpp-signature"]) == 64


def claimed(attempts: int) -> Forward:
    forward = provider_change_forward(npwp_changed(), now=NOW)
    assert forward is not None
    return replace(forward, status=ForwardStatus.SENDING, attempts=attempts)


def test_lkpps_number_is_read_from_lkpp_ref() -> None:
    response = httpx.Response(202, json={"lkpp_ref": "LKPP-PRB-1A2B3C4D"})
    assert answer_of(response, ForwardKind.PROVIDER_CHANGE) == Answer(202, external_ref="LKPP-PRB-1A2B3C4D")


def test_accepted_publishes_the_forwarded_fact_with_lkpps_number_and_the_attempts() -> None:
    decided = decide(claimed(3), Answer(202, external_ref="LKPP-PRB-1A2B3C4D"), now=NOW)
    assert decided.state.forward.status is ForwardStatus.FORWARDED
    (fact,) = decided.facts
    assert isinstance(fact, ProviderChangeForwardedV1)
    assert fact.subject == "gateway.banjarmasin.provider_change.forwarded.v1"
    assert (
        fact.provider_id,
        fact.user_id,
        fact.change,
        fact.change_event_id,
        fact.request_id,
        fact.request_reference,
        fact.lkpp_ref,
        fact.attempts,
        fact.causation_id,
        fact.correlation_id,
    ) == (
        PROVIDER,
        "CVMAJUJAYA01",
        "changed",
        EVENT,
        REQUEST,
        "PRM-BJM-2612-000042",
        "LKPP-PRB-1A2B3C4D",
        3,
        EVENT,
        REQUEST,
    )
    assert decided.audit is not None
    assert decided.audit.reason == "perubahan akun CVMAJUJAYA01 ke LKPP: HTTP 202 setelah 3 percobaan"
    assert NEW_NPWP not in fact.model_dump_json()


def test_a_4xx_publishes_the_refused_fact_with_the_reason_masked() -> None:
    answer = Answer(422, message=f"NPWP {NEW_NPWP} tidak ditemukan")
    decided = decide(claimed(1), answer, now=NOW)
    assert decided.state.forward.status is ForwardStatus.REFUSED
    (fact,) = decided.facts
    assert isinstance(fact, ProviderChangeForwardRefusedV1)
    assert fact.subject == "gateway.banjarmasin.provider_change.forward_refused.v1"
    assert (fact.http_status, fact.reason, fact.attempts, fact.change) == (
        422,
        "NPWP **************** tidak ditemukan",
        1,
        "changed",
    )
    assert decided.state.error == "NPWP **************** tidak ditemukan"


def test_a_503_is_tried_again_after_the_backoff_and_publishes_nothing() -> None:
    decided = decide(claimed(1), Answer(503, message="layanan sedang tidak tersedia"), now=NOW)
    assert decided.state.forward.status is ForwardStatus.PENDING
    assert decided.state.forward.next_attempt_at == NOW + timedelta(seconds=2)
    assert decided.facts == () and decided.audit is None
