"""Registration's reactions to verification's facts: each fact to the use case that makes the status page follow."""

from __future__ import annotations

from contracts.provider_account import ProviderAccountChangedV1
from contracts.verification import (
    AccountActivatedV1,
    AggregationRefusedV1,
    AggregationRequestedV1,
    CaseCheckedInV1,
    CaseClaimedV1,
    CaseHandedOverV1,
    CaseInvitedV1,
    CaseOpenedV1,
    CaseRejectedV1,
    CaseResumedV1,
    CaseReturnedV1,
    ProviderAggregatedV1,
)
from lpse_runtime.consumer import Dispatch
from registration.usecases.following import follow_account_change, follow_case, follow_counter_visit, show_deadline


def from_verification() -> Dispatch:
    """Verification's facts that move the status page, each to its use case."""
    return (
        Dispatch()
        .on(CaseOpenedV1, show_deadline)
        .on(CaseInvitedV1, follow_counter_visit)
        .on(CaseCheckedInV1, follow_counter_visit)
        .on(CaseHandedOverV1, follow_counter_visit)
        .on(CaseClaimedV1, follow_case)
        .on(CaseReturnedV1, follow_case)
        .on(CaseResumedV1, follow_case)
        .on(CaseRejectedV1, follow_case)
        .on(AccountActivatedV1, follow_case)
        .on(AggregationRequestedV1, follow_case)
        .on(ProviderAggregatedV1, follow_case)
        .on(AggregationRefusedV1, follow_case)
        .on(ProviderAccountChangedV1, follow_account_change)
    )
