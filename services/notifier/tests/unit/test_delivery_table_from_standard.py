"""One email's delivery states, written by hand from the README's delivery table ("Emails: once, …").

The oracle is README.md, never `notifier.domain.TRANSITIONS`: each (status, outcome) pair below is typed literally
and fed to the public decide() the sender records every attempt with.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime

import pytest

from contracts.notifier import NotificationFailedV1, NotificationSentV1
from lpse_runtime.machine import TransitionRefused
from notifier.domain import Delivery, DeliveryStatus, Outcome, decide

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
S, R = DeliveryStatus, Outcome

ALLOWED: dict[tuple[DeliveryStatus, Outcome], DeliveryStatus] = {
    # README delivery table: "`created` → `sending`: claimed under a lease, the attempt counted".
    (S.CREATED, R.CLAIM): S.SENDING,
    # README delivery table: `temporary_failure` "retried after 30 s, 1, 2, 5, 10, 30 min…": claimed again.
    (S.TEMPORARY_FAILURE, R.CLAIM): S.SENDING,
    # README "The guarantee": a delivery left `sending` by a dead notifier is sent once more when its lease runs out.
    (S.SENDING, R.CLAIM): S.SENDING,
    # README delivery table: `delivered` "the server answered 250".
    (S.SENDING, R.ACCEPTED): S.DELIVERED,
    # README delivery table: `temporary_failure` "4xx, refused connection, timeout".
    (S.SENDING, R.TEMPORARY): S.TEMPORARY_FAILURE,
    # README delivery table: `expired` "still temporary after `SMTP_MAX_ATTEMPTS` (8) attempts".
    (S.SENDING, R.GIVE_UP): S.EXPIRED,
    # README delivery table: `permanent_failure` "5xx for the recipient or the message".
    (S.SENDING, R.PERMANENT): S.PERMANENT_FAILURE,
    # README delivery table: `technical_failure` "our side: the template did not render, or the server refused our
    # credentials": at the server (sending), or before any attempt when the message cannot be built (created).
    (S.SENDING, R.TECHNICAL): S.TECHNICAL_FAILURE,
    (S.CREATED, R.TECHNICAL): S.TECHNICAL_FAILURE,
    # README delivery table: `suppressed` "the address is on the suppression list: not tried".
    (S.SENDING, R.SUPPRESS): S.SUPPRESSED,
}

# README "The guarantee": "a delivery is retried until the server accepts it or it fails for good"; a resend is a new
# delivery ("a new delivery with a new Message-ID"), so these never move again.
FINAL = (S.DELIVERED, S.EXPIRED, S.PERMANENT_FAILURE, S.TECHNICAL_FAILURE, S.SUPPRESSED)


def delivery(status: DeliveryStatus, attempts: int = 1) -> Delivery:
    return Delivery(
        delivery_id=uuid.uuid4(),
        lpse="depok",
        correlation_id=uuid.uuid4(),
        trigger_event_id=uuid.uuid4(),
        template="application_submitted",
        template_version=1,
        status=status,
        attempts=attempts,
        recipient="direktur@contoh.co.id",
    )


def attempt(status: DeliveryStatus, outcome: Outcome, attempts: int = 1) -> DeliveryStatus:
    decided = decide(
        delivery(status, attempts), outcome, now=NOW, detail="451 coba lagi", max_attempts=8, backoff=(30.0,)
    )
    return decided.state.delivery.status


@pytest.mark.parametrize(("pair", "target"), list(ALLOWED.items()))
def test_each_outcome_the_readme_lists_leads_where_it_says(
    pair: tuple[DeliveryStatus, Outcome], target: DeliveryStatus
) -> None:
    assert attempt(*pair) is target


@pytest.mark.parametrize("pair", [p for p in itertools.product(S, R) if p not in ALLOWED])
def test_every_other_outcome_is_refused_naming_it_and_the_status(pair: tuple[DeliveryStatus, Outcome]) -> None:
    status, outcome = pair
    with pytest.raises(TransitionRefused) as refused:
        attempt(status, outcome)
    assert str(refused.value) == f"{outcome.value} does not apply in state {status.value}"


@pytest.mark.parametrize(("final", "outcome"), list(itertools.product(FINAL, R)))
def test_a_delivery_that_ended_stays_ended(final: DeliveryStatus, outcome: Outcome) -> None:
    with pytest.raises(TransitionRefused, match=f"^{outcome.value} does not apply in state {final.value}$"):
        attempt(final, outcome)


@pytest.mark.parametrize("status", [s for s in S if s is not S.SENDING])
def test_only_a_delivery_being_sent_is_delivered(status: DeliveryStatus) -> None:
    with pytest.raises(TransitionRefused, match=f"^accepted does not apply in state {status.value}$"):
        attempt(status, R.ACCEPTED)


def test_a_temporary_failure_on_the_eighth_attempt_expires_and_says_so() -> None:
    assert attempt(S.SENDING, R.TEMPORARY, attempts=7) is S.TEMPORARY_FAILURE
    decided = decide(delivery(S.SENDING, 8), R.TEMPORARY, now=NOW, detail="451", max_attempts=8, backoff=(30.0,))
    assert decided.state.delivery.status is S.EXPIRED
    [fact] = decided.facts
    assert isinstance(fact, NotificationFailedV1) and fact.reason.startswith("expired: ")


def test_delivered_and_final_failures_each_publish_their_fact_and_a_retry_publishes_none() -> None:
    for outcome, fact in (
        (R.ACCEPTED, NotificationSentV1),
        (R.PERMANENT, NotificationFailedV1),
        (R.TECHNICAL, NotificationFailedV1),
        (R.SUPPRESS, NotificationFailedV1),
    ):
        decided = decide(delivery(S.SENDING), outcome, now=NOW, detail="x", max_attempts=8, backoff=(30.0,))
        assert [type(f) for f in decided.facts] == [fact], outcome
    retry = decide(delivery(S.SENDING), R.TEMPORARY, now=NOW, detail="x", max_attempts=8, backoff=(30.0,))
    assert retry.facts == ()
