"""SMTP_URL forms and how SMTP failures are read."""

from __future__ import annotations

import aiosmtplib
import pytest

from notifier.domain import Outcome
from notifier.mailer import SmtpTarget, classify


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://127.0.0.1:1025", SmtpTarget("127.0.0.1", 1025, False, False, None, None)),
        (
            "smtp+starttls://lpse%40depok.go.id:rahasia%21@mail.depok.go.id:587",
            SmtpTarget("mail.depok.go.id", 587, False, True, "lpse@depok.go.id", "rahasia!"),
        ),
        ("smtps://u:p@mail.example.id", SmtpTarget("mail.example.id", 465, True, False, "u", "p")),
    ],
)
def test_smtp_url_forms(url: str, expected: SmtpTarget) -> None:
    assert SmtpTarget.from_url(url) == expected


def test_an_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="scheme"):
        SmtpTarget.from_url("http://mail")


def test_failures_are_classified() -> None:
    refused = aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(550, "no such user", "a@b.id")])
    assert classify(refused).outcome is Outcome.PERMANENT
    greylisted = aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(451, "try later", "a@b.id")])
    assert classify(greylisted).outcome is Outcome.TEMPORARY
    assert classify(ConnectionRefusedError()).outcome is Outcome.TEMPORARY
    assert classify(aiosmtplib.SMTPAuthenticationError(535, "bad credentials")).outcome is Outcome.TECHNICAL
    assert classify(aiosmtplib.SMTPDataError(554, "rejected")).outcome is Outcome.PERMANENT
