"""Render an event into an email from its versioned template."""

from __future__ import annotations

import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from contracts.envelope import Event
from contracts.lpse import LpseProfile
from lpse_runtime.web import local_time
from notifier.domain import EmailTemplate, recipient_of

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates" / "email"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def render(
    event: Event, template: EmailTemplate, profile: LpseProfile, *, sender: str, delivery_id: uuid.UUID
) -> EmailMessage:
    """The email for an event: plain text and HTML, a Message-ID derived from the delivery."""
    context = {
        "e": event,
        "lpse": profile,
        "expires": local_time(getattr(event, "set_password_expires_at", None), profile.time_zone),
    }
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient_of(event)
    message["Subject"] = template.subject.format(**event.model_dump(mode="json"))
    message["Date"] = format_datetime(event.occurred_at)
    message["Message-ID"] = make_msgid(idstring=str(delivery_id), domain="lpse-platform.local")
    message["X-Lpse-Template"] = f"{template.name}@v{template.version}"
    message.set_content(_env.get_template(f"{template.name}.txt").render(context))
    message.add_alternative(_env.get_template(f"{template.name}.html").render(context), subtype="html")
    return message
