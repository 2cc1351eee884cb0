"""The sender's decisions after one attempt, from the README's delivery table and the shipped SMTP settings.

README: temporary failures are retried after 30 s, 1, 2, 5, 10, 30 min (SMTP_BACKOFF_SECONDS); still temporary
after SMTP_MAX_ATTEMPTS (8) attempts the email is `expired`; a 5xx puts the address on the suppression list; a
sender hands at most SMTP_RATE_PER_MINUTE (120) messages a minute to the server. Expected values written out.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from contracts.envelope import Actor, Event
from contracts.helpdesk import TicketOpenedV1
from contracts.notifier import NotificationFailedV1, NotificationSentV1
from contracts.registration import EmailVerificationRequestedV1
from lpse_runtime.machine import TransitionRefused
from notifier.domain import (
    Delivery,
    DeliveryStatus,
    Outcome,
    Recorded,
    after_failure,
    capacity,
    classify_smtp_code,
    decide,
    next_attempt,
)
from notifier.emails import language_of, recipient_of
from tests.support import application_submitted

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
SHIPPED_BACKOFF = (30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)  # 30 s, 1, 2, 5, 10, 30 min
SHIPPED_MAX_ATTEMPTS = 8
BOUNCE = "550 5.1.1 <direktur@contoh.co.id>: mailbox unavailable"


def claimed(attempts: int, status: DeliveryStatus = DeliveryStatus.SENDING) -> Delivery:
    """A delivery a sender holds after its `attempts`-th try was counted."""
    return Delivery(
        delivery_id=uuid.UUID(int=1),
        lpse="banjarmasin",
        correlation_id=uuid.UUID(int=2),
        trigger_event_id=uuid.UUID(int=3),
        template="account_activated",
        template_version=1,
        status=status,
        attempts=attempts,
        recipient="direktur@contoh.co.id",
    )


def attempt(delivery: Delivery, outcome: Outcome, detail: str = "") -> tuple[Recorded, tuple[Event, ...]]:
    """Decide with the shipped settings; return the record and the facts."""
    decided = decide(
        delivery, outcome, now=NOW, detail=detail, max_attempts=SHIPPED_MAX_ATTEMPTS, backoff=SHIPPED_BACKOFF
    )
    return decided.state, decided.facts


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        (250, Outcome.ACCEPTED),
        (200, Outcome.ACCEPTED),
        (299, Outcome.ACCEPTED),
        (421, Outcome.TEMPORARY),
        (400, Outcome.TEMPORARY),
        (450, Outcome.TEMPORARY),
        (499, Outcome.TEMPORARY),
        (500, Outcome.PERMANENT),
        (550, Outcome.PERMANENT),
        (554, Outcome.PERMANENT),
        (300, Outcome.PERMANENT),  # no mail server answers DATA with 3xx at the end: not a delivery
        (199, Outcome.PERMANENT),
    ],
)
def test_an_smtp_reply_code_is_accepted_temporary_or_permanent(code: int, outcome: Outcome) -> None:
    assert classify_smtp_code(code) is outcome


@pytest.mark.parametrize(
    ("attempts", "wait_seconds"),
    [(0, 30), (1, 30), (2, 60), (3, 120), (4, 300), (5, 600), (6, 1800), (7, 1800), (8, 1800)],
)
def test_the_retry_waits_grow_then_stay_at_thirty_minutes(attempts: int, wait_seconds: int) -> None:
    assert next_attempt(NOW, attempts, SHIPPED_BACKOFF) == NOW + timedelta(seconds=wait_seconds)


def test_without_a_backoff_the_retry_is_at_once() -> None:
    assert next_attempt(NOW, 3, ()) == NOW


@pytest.mark.parametrize(("sent", "left"), [(0, 120), (1, 119), (119, 1), (120, 0), (121, 0), (500, 0)])
def test_a_sender_hands_at_most_120_a_minute_to_the_server(sent: int, left: int) -> None:
    assert capacity(sent, 120) == left


@pytest.mark.parametrize(
    ("outcome", "attempts", "after"),
    [
        (Outcome.TEMPORARY, 1, Outcome.TEMPORARY),
        (Outcome.TEMPORARY, 7, Outcome.TEMPORARY),
        (Outcome.TEMPORARY, 8, Outcome.GIVE_UP),
        (Outcome.TEMPORARY, 9, Outcome.GIVE_UP),
        (Outcome.PERMANENT, 8, Outcome.PERMANENT),
        (Outcome.ACCEPTED, 8, Outcome.ACCEPTED),
    ],
)
def test_only_a_temporary_failure_on_the_eighth_attempt_gives_up(
    outcome: Outcome, attempts: int, after: Outcome
) -> None:
    assert after_failure(outcome, attempts, SHIPPED_MAX_ATTEMPTS) is after


def test_accepted_is_delivered_now_and_announced_with_the_template_version() -> None:
    recorded, facts = attempt(claimed(1), Outcome.ACCEPTED, "250 OK")
    assert recorded.delivery.status is DeliveryStatus.DELIVERED
    assert recorded.sent_at == NOW
    assert recorded.next_attempt_at is None and recorded.error is None
    assert recorded.suppress is False
    assert recorded.outcome is Outcome.ACCEPTED and recorded.decided_at == NOW
    (sent,) = facts
    assert isinstance(sent, NotificationSentV1)
    assert sent.template == "account_activated" and sent.template_version == 1
    assert sent.delivery_id == uuid.UUID(int=1) and sent.trigger_event_id == uuid.UUID(int=3)
    assert sent.causation_id == uuid.UUID(int=3) and sent.correlation_id == uuid.UUID(int=2)
    assert sent.lpse == "banjarmasin" and sent.occurred_at == NOW and sent.actor.id == "notifier"


def test_a_temporary_failure_on_the_third_attempt_is_retried_in_two_minutes_and_announces_nothing() -> None:
    recorded, facts = attempt(claimed(3), Outcome.TEMPORARY, "421 try later")
    assert recorded.delivery.status is DeliveryStatus.TEMPORARY_FAILURE
    assert recorded.next_attempt_at == NOW + timedelta(minutes=2)
    assert recorded.sent_at is None and recorded.error == "421 try later"
    assert recorded.suppress is False
    assert facts == ()


def test_still_temporary_on_the_eighth_attempt_is_expired_and_announced_failed() -> None:
    recorded, facts = attempt(claimed(8), Outcome.TEMPORARY, "421 <direktur@contoh.co.id> try later")
    assert recorded.delivery.status is DeliveryStatus.EXPIRED
    assert recorded.outcome is Outcome.GIVE_UP
    assert recorded.next_attempt_at is None and recorded.suppress is False
    (failed,) = facts
    assert isinstance(failed, NotificationFailedV1)
    assert failed.reason == "expired: 421 <di***@contoh.co.id> try later"


def test_a_5xx_suppresses_the_address_and_the_fact_carries_no_full_address() -> None:
    recorded, facts = attempt(claimed(1), Outcome.PERMANENT, BOUNCE)
    assert recorded.delivery.status is DeliveryStatus.PERMANENT_FAILURE
    assert recorded.suppress is True and recorded.next_attempt_at is None
    assert recorded.error == BOUNCE, "staff see the server's reply in the notifier's own table"
    (failed,) = facts
    assert isinstance(failed, NotificationFailedV1)
    assert failed.reason == "permanent_failure: 550 5.1.1 <di***@contoh.co.id>: mailbox unavailable"
    assert failed.template == "account_activated" and failed.causation_id == uuid.UUID(int=3)


def test_the_failure_reason_is_cut_at_500_characters() -> None:
    _, facts = attempt(claimed(1), Outcome.PERMANENT, "5" * 600)
    (failed,) = facts
    assert isinstance(failed, NotificationFailedV1)
    assert failed.reason == ("permanent_failure: " + "5" * 600)[:500]
    assert len(failed.reason) == 500


def test_a_suppressed_address_is_not_tried_and_not_suppressed_again() -> None:
    recorded, facts = attempt(claimed(1), Outcome.SUPPRESS, "alamat diblokir")
    assert recorded.delivery.status is DeliveryStatus.SUPPRESSED
    assert recorded.suppress is False
    (failed,) = facts
    assert isinstance(failed, NotificationFailedV1) and failed.reason == "suppressed: alamat diblokir"


def test_a_message_that_cannot_be_built_fails_technically_before_any_send() -> None:
    recorded, facts = attempt(claimed(0, DeliveryStatus.CREATED), Outcome.TECHNICAL, "template missing")
    assert recorded.delivery.status is DeliveryStatus.TECHNICAL_FAILURE
    assert recorded.suppress is False
    (failed,) = facts
    assert isinstance(failed, NotificationFailedV1) and failed.reason == "technical_failure: template missing"


def test_a_delivered_email_takes_no_further_outcome() -> None:
    with pytest.raises(TransitionRefused, match="temporary does not apply in state delivered"):
        attempt(claimed(1, DeliveryStatus.DELIVERED), Outcome.TEMPORARY, "421")


# -- whom and in which language -------------------------------------------------------------------------------


def test_the_email_goes_in_the_language_the_applicant_chose() -> None:
    assert language_of(application_submitted(language="en")) == "en"
    assert language_of(application_submitted(language="id")) == "id"
    assert language_of(application_submitted()) == "id", "Bahasa Indonesia unless English was chosen"


def test_the_recipient_is_the_applicants_or_the_reporters_address() -> None:
    assert recipient_of(application_submitted(email="direktur@majujaya.co.id")) == "direktur@majujaya.co.id"
    ticket = TicketOpenedV1(
        occurred_at=NOW,
        lpse="depok",
        correlation_id=uuid.UUID(int=4),
        actor=Actor(id="pelapor@contoh.co.id", role="penyedia"),
        ticket_id=uuid.UUID(int=4),
        reference="HD-DPK-0001",
        category="akun_penyedia",
        summary="Lupa kata sandi",
        reporter_email="pelapor@contoh.co.id",
    )
    assert recipient_of(ticket) == "pelapor@contoh.co.id"
    with pytest.raises(ValueError, match="NotificationSentV1 carries no recipient"):
        recipient_of(attempt(claimed(1), Outcome.ACCEPTED)[1][0])


def test_the_link_to_the_form_goes_in_bahasa_indonesia_before_a_language_is_chosen() -> None:
    asked = EmailVerificationRequestedV1(
        occurred_at=NOW,
        lpse="depok",
        correlation_id=uuid.UUID(int=5),
        actor=Actor(id="direktur@contoh.co.id", role="penyedia"),
        draft_id=uuid.UUID(int=5),
        email="direktur@contoh.co.id",
        draft_url="sealed",
        expires_at=NOW + timedelta(hours=24),
    )
    assert language_of(asked) == "id"
    assert recipient_of(asked) == "direktur@contoh.co.id"
