"""The application's status, moved by verification's facts: the table written by hand from the standard and README.

The oracle is the standard (§4.1-4.5, §5) and README.md ("The journey", "Agregasi"), never
`registration.domain.TRANSITIONS`. Every fact is one verification publishes; each is fed to the public decide().
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

import pytest

from contracts.envelope import Actor
from contracts.verification import (
    AccountActivatedV1,
    AggregationRefusedV1,
    AggregationRequestedV1,
    CaseClaimedV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    ProviderAggregatedV1,
)
from lpse_runtime.machine import TransitionRefused
from registration.domain import Application, ApplicationStatus, StatusFact, Trigger, decide

S, T = ApplicationStatus, Trigger

ALLOWED: dict[tuple[ApplicationStatus, Trigger], ApplicationStatus] = {
    # README "The journey" 6 and its email list ("being verified"); standard BJM-1 step 9, TMG-1 b.
    (S.SUBMITTED, T.VERIFICATION_STARTED): S.IN_VERIFICATION,
    # README "The journey" 6: "when the file is returned, upload slots for exactly the returned documents";
    # standard BJM-1 step 10, TMG-1 c.2.
    (S.IN_VERIFICATION, T.DOCUMENTS_RETURNED): S.RETURNED,
    # README "The journey" 6: "the case resumes by itself"; standard §4.5 ReturnedIncomplete → resubmitted.
    (S.RETURNED, T.VERIFICATION_RESUMED): S.IN_VERIFICATION,
    # Standard DPK-1a: "penolakan atas permohonan pendaftaran … berdasarkan hasil verifikasi".
    (S.IN_VERIFICATION, T.APPLICATION_REJECTED): S.REJECTED,
    # Standard BJM-1 step 11, TMG-1 c.1, DPK-1a step 2: the user ID is activated.
    (S.IN_VERIFICATION, T.ACCOUNT_ACTIVATED): S.ACTIVE,
    # Standard §4.5 Active → AggregationRequestedToLKPP (BJM-6); README "Agregasi" (`via_lkpp`).
    (S.ACTIVE, T.AGGREGATION_REQUESTED): S.AGGREGATION_REQUESTED,
    # Standard §5.1 BJM-6: nothing makes LKPP's refusal final; a corrected request is filed again.
    (S.AGGREGATION_REFUSED, T.AGGREGATION_REQUESTED): S.AGGREGATION_REQUESTED,
    # Standard §5.1 BJM-6: REQUESTED_TO_LKPP → AGGREGATED / LKPP_REJECTED; README "aggregated or refused".
    (S.AGGREGATION_REQUESTED, T.AGGREGATION_COMPLETED): S.AGGREGATED,
    (S.AGGREGATION_REQUESTED, T.AGGREGATION_REFUSED): S.AGGREGATION_REFUSED,
    # Standard §4.5 Active → Aggregated: self-service "Lakukan Aktivasi" (TMG-1 d); README `mandiri`.
    (S.ACTIVE, T.AGGREGATION_COMPLETED): S.AGGREGATED,
}

AT = datetime(2026, 11, 25, 3, tzinfo=UTC)
VERIFIER = Actor(id="verif.depok", role="verifikator")
APPLICATION_ID = uuid.uuid4()
CASE = {
    "occurred_at": AT,
    "lpse": "depok",
    "correlation_id": APPLICATION_ID,
    "actor": VERIFIER,
    "case_id": uuid.uuid4(),
    "application_id": APPLICATION_ID,
    "reference": "DPK-2611-ABCDEF",
    "applicant_email": "direktur@majujaya.co.id",
    "status_url": "http://x/daftar/status/t",
}
PROVIDER = {"provider_id": uuid.uuid4(), "user_id": "majujaya01"}


def fact_for(trigger: Trigger) -> StatusFact:
    """The fact verification publishes for this step."""
    if trigger is T.VERIFICATION_STARTED:
        return CaseClaimedV1(**CASE, verifier_id="verif.depok")
    if trigger is T.DOCUMENTS_RETURNED:
        return CaseReturnedV1(**CASE, verifier_id="verif.depok", reason="KTP buram", items=("ktp",))
    if trigger is T.VERIFICATION_RESUMED:
        return CaseResumedV1(**CASE, verifier_id="verif.depok", due_at=AT)
    if trigger is T.APPLICATION_REJECTED:
        return CaseRejectedV1(**CASE, verifier_id="verif.depok", reason="NIB palsu")
    if trigger is T.ACCOUNT_ACTIVATED:
        return AccountActivatedV1(**CASE, **PROVIDER, set_password_url="http://x/sandi/t", set_password_expires_at=AT)
    if trigger is T.AGGREGATION_REQUESTED:
        return AggregationRequestedV1(
            **CASE, **PROVIDER, request_ref="ADP-0001", npwp="012345678901000", company_name="PT Maju Jaya"
        )
    if trigger is T.AGGREGATION_COMPLETED:
        return ProviderAggregatedV1(**CASE, **PROVIDER, mode="via_lkpp")
    return AggregationRefusedV1(**CASE, **PROVIDER, reason="NPWP ganda")


def test_each_trigger_is_read_from_its_own_fact() -> None:
    for trigger in T:
        decided = decide(Application(APPLICATION_ID, next(s for (s, t) in ALLOWED if t is trigger)), fact_for(trigger))
        assert decided.audit is not None and decided.audit.action == trigger.value


@pytest.mark.parametrize(("pair", "target"), list(ALLOWED.items()))
def test_each_step_the_standard_allows_leads_where_it_says(
    pair: tuple[ApplicationStatus, Trigger], target: ApplicationStatus
) -> None:
    assert decide(Application(APPLICATION_ID, pair[0]), fact_for(pair[1])).state.status is target


@pytest.mark.parametrize("pair", [p for p in itertools.product(S, T) if p not in ALLOWED])
def test_every_other_step_is_refused_naming_the_step_and_the_status(pair: tuple[ApplicationStatus, Trigger]) -> None:
    status, trigger = pair
    with pytest.raises(TransitionRefused) as refused:
        decide(Application(APPLICATION_ID, status), fact_for(trigger))
    assert str(refused.value) == f"{trigger.value} does not apply in state {status.value}"


@pytest.mark.parametrize("trigger", list(T))
def test_a_rejected_application_stays_rejected(trigger: Trigger) -> None:
    with pytest.raises(TransitionRefused, match="does not apply in state rejected"):
        decide(Application(APPLICATION_ID, S.REJECTED), fact_for(trigger))


@pytest.mark.parametrize("status", [s for s in S if s is not S.IN_VERIFICATION])
def test_an_account_is_activated_only_from_verification(status: ApplicationStatus) -> None:
    with pytest.raises(TransitionRefused, match=f"account_activated does not apply in state {status.value}$"):
        decide(Application(APPLICATION_ID, status), fact_for(T.ACCOUNT_ACTIVATED))


@pytest.mark.parametrize("status", [s for s in S if s is not S.RETURNED])
def test_verification_resumes_only_a_returned_file(status: ApplicationStatus) -> None:
    with pytest.raises(TransitionRefused, match=f"verification_resumed does not apply in state {status.value}$"):
        decide(Application(APPLICATION_ID, status), fact_for(T.VERIFICATION_RESUMED))
