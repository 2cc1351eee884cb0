"""Render an event into an email from its versioned template, in the recipient's language."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from contracts.envelope import Event, Language
from contracts.lpse import LpseProfile, describe_hours
from lpse_runtime.text import mask_email
from lpse_runtime.web import local_time
from notifier.domain import EmailTemplate
from notifier.emails import recipient_of, staff_path

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates" / "email"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False, default=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)
_env.filters["mask_email"] = mask_email  # an address told to someone else: enough to recognise, not to read


@dataclass(frozen=True)
class RenderedEmail:
    """What is sent, kept with the delivery so operators can prove it and staff can resend it."""

    recipient: str
    subject: str
    text: str
    html: str
    message_id: str


def render(
    event: Event,
    template: EmailTemplate,
    profile: LpseProfile,
    *,
    language: Language,
    delivery_id: uuid.UUID,
    recipient: str | None = None,
    base_url: str = "",
) -> RenderedEmail:
    """The email for an event, plain text and HTML, with a Message-ID derived from the delivery; a staff email goes
    to the `recipient` given and links to the case in the staff console under `base_url`."""
    expiry = getattr(event, "set_password_expires_at", None) or getattr(event, "expires_at", None)
    expires = local_time(expiry, profile.time_zone, language)
    due = local_time(getattr(event, "due_at", None), profile.time_zone, language)
    service = next((s for s in profile.services if s.id == getattr(event, "service_id", None)), None)
    hours = profile.hours_for(service) if service is not None else profile.office_hours
    context = {
        "e": event,
        "lpse": profile,
        "expires": expires,
        "due": due,
        "hours": describe_hours(hours, profile.zone_label, language),
        "hours_assumed": not hours.stated,
        "bring": [d.describe(language) for d in getattr(event, "bring", ())],
        "staff_url": f"{base_url}{staff_path(event)}" if template.staff_role else None,
        "at": functools.partial(local_time, zone=profile.time_zone, language=language),
        "helpdesk": profile.helpdesk,
        "service": service,
        "category": category_label(event, profile),
        "missing": missing_content(event, profile),
    }
    address = recipient or recipient_of(event)
    if address is None:
        raise ValueError(f"{type(event).__name__} names nobody to write to")
    return RenderedEmail(
        recipient=address,
        subject=template.subject[language].format(**event.model_dump(mode="json")),
        text=_env.get_template(f"{template.name}.{language}.txt").render(context),
        html=_env.get_template(f"{template.name}.{language}.html").render(context),
        message_id=make_msgid(idstring=str(delivery_id), domain="lpse-platform.local"),
    )


def category_label(event: Event, profile: LpseProfile) -> str | None:
    """A ticket's category as its LPSE's profile names it."""
    code = getattr(event, "category", None)
    rule = profile.helpdesk.category(code) if code is not None else None
    return rule.label if rule is not None else None


def missing_content(event: Event, profile: LpseProfile) -> list[str]:
    """The items a complaint lacks (letters a–d), each in the words of the LPSE's standard."""
    rules = profile.complaints
    named = dict(zip(rules.content_codes, rules.required_content, strict=True))
    return [named.get(code, code) for code in getattr(event, "missing", ())]


def to_message(
    rendered: RenderedEmail,
    *,
    sender: str,
    template: str,
    version: int,
    language: str,
    date: object,
    attachments: Sequence[tuple[str, str, bytes]] = (),
) -> EmailMessage:
    """The MIME message for a stored rendering."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = rendered.recipient
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(date)  # type: ignore[arg-type]
    message["Message-ID"] = rendered.message_id
    message["X-Lpse-Template"] = f"{template}@v{version}"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    for filename, content_type, content in attachments:
        maintype, _, subtype = content_type.partition("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype or "octet-stream", filename=filename)
    message["Content-Language"] = language  # after set_content, which clears Content-* headers
    return message
