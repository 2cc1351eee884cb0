"""Each fact that should reach a person becomes one recorded delivery; the sender hands it to the mail server."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import asyncpg
import httpx

from contracts.envelope import Event
from contracts.lpse import LpseProfile
from contracts.provider_account import ProviderAccountChangedV1
from contracts.registration import ApplicationSubmittedV1
from lpse_runtime.clock import Clock
from lpse_runtime.consumer import PermanentError
from lpse_runtime.sealing import LINK_FIELDS, LinkBox, UnreadableSeal
from notifier import db
from notifier.domain import NO_HEAD_EMAIL, NO_HEAD_RECIPIENT, DeliveryStatus, EmailTemplate
from notifier.emails import TEMPLATES, language_of, letters_of, wanted
from notifier.render import RenderedEmail, render

Fetch = Callable[[str], Awaitable[bytes]]
log = logging.getLogger(__name__)
E = TypeVar("E", bound=Event)


def delivery_id_for(event: Event, template: str, recipient: str) -> uuid.UUID:
    """The same (event, template, recipient) always gets the same delivery id; an application's receipt, one per
    application (announced again under a new event id, it is the same application and gets no second email), and
    an account change's, one per request and address (a change is applied once per request)."""
    if isinstance(event, ApplicationSubmittedV1):
        return uuid.uuid5(uuid.NAMESPACE_URL, f"application:{event.application_id}:{template}")
    if isinstance(event, ProviderAccountChangedV1):
        return uuid.uuid5(uuid.NAMESPACE_URL, f"account-change:{event.request_id}:{template}:{recipient}")
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{event.event_id}:{template}:{recipient}")


class DocumentFetcher:
    """Fetches the documents producing services lend by signed links, through one HTTP client per process.

    A client per attachment built a new TLS context and connection each time (~40 ms); this one keeps its pool.
    """

    def __init__(self, timeout: float = 15.0) -> None:
        self._timeout = timeout
        self._client: httpx.AsyncClient | None = None

    async def __call__(self, url: str) -> bytes:
        """The document's bytes; an HTTP error status raises."""
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout)
        response = await self._client.get(url)
        response.raise_for_status()
        return bytes(response.content)

    async def hold_open(self) -> None:
        """Run with the service: the client is closed when the service stops (and made again if it restarts)."""
        try:
            await asyncio.Event().wait()
        finally:
            if self._client is not None:
                await self._client.aclose()
                self._client = None


fetch_document = DocumentFetcher()  # for callers outside a service (the app makes its own and closes it)


def opened(event: E, box: LinkBox) -> E:
    """The fact with its private links opened, for the mail only; a link sealed under another key is refused."""
    update: dict[str, object] = {
        name: box.open(value) for name in LINK_FIELDS if isinstance(value := getattr(event, name, None), str)
    }
    if attachments := getattr(event, "attachments", ()):
        update["attachments"] = tuple(ref.model_copy(update={"url": box.open(ref.url)}) for ref in attachments)
    return event.model_copy(update=update)


@dataclass(frozen=True)
class Recording:
    """What recording a fact's emails needs besides the fact: the clock, the sender, the keys, the site's address."""

    clock: Clock
    sender: str
    box: LinkBox
    fetch: Fetch
    base_url: str


async def record(
    sealed: Event,
    conn: asyncpg.Connection,
    *,
    clock: Clock,
    profiles: dict[str, LpseProfile],
    sender: str,
    box: LinkBox,
    fetch: Fetch = fetch_document,
    base_url: str = "",
) -> None:
    """Render the event's email now and record it once per recipient, with its attachments; a failed rendering is
    technical, and a staff email that finds nobody to write to is one technical failure saying so."""
    try:
        event = opened(sealed, box)
    except UnreadableSeal as exc:  # no retry mends a foreign key: straight to the dead letters, with why
        raise PermanentError(f"{type(sealed).__name__}: {exc}") from exc
    template = TEMPLATES[type(event)]
    if not wanted(event):
        return
    profile = profiles.get(event.lpse)
    if profile is None:
        raise PermanentError(f"unknown LPSE {event.lpse!r}: no service standard to write the email from")
    how = Recording(clock, sender, box, fetch, base_url)
    if template.staff_role is None:  # a walk-in who left no address gets no email; an email change, two
        for letter, address in letters_of(event, template):
            await record_one(conn, event, letter, profile, address, how)
        return
    addresses = await db.staff_contacts(conn, event.lpse, template.staff_role)
    for address in addresses:
        await record_one(conn, event, template, profile, address, how)
    if not addresses:
        await record_nobody(conn, event, template, how)


async def record_one(
    conn: asyncpg.Connection,
    event: Event,
    template: EmailTemplate,
    profile: LpseProfile,
    recipient: str,
    how: Recording,
) -> None:
    """One recipient's email of the fact, rendered and recorded once, with the fact's attachments."""
    language = language_of(event, template)
    delivery_id = delivery_id_for(event, template.name, recipient)
    if await db.delivery_exists(conn, delivery_id):
        log.info("%s for event %s already recorded for the same application", template.name, event.event_id)
        return
    status, error = DeliveryStatus.CREATED, None
    try:
        email = render(
            event,
            template,
            profile,
            language=language,
            delivery_id=delivery_id,
            recipient=recipient,
            base_url=how.base_url,
        )
    except Exception as exc:  # a template bug must not block the stream: it is recorded and shown to operators
        status, error = DeliveryStatus.TECHNICAL_FAILURE, f"render: {type(exc).__name__}: {exc}"
        email = RenderedEmail(recipient=recipient, subject=template.name, text="", html="", message_id="")
    fresh = await insert(conn, event, template, delivery_id, language, email, how, status, error)
    if not fresh or status is not DeliveryStatus.CREATED:
        return
    for position, ref in enumerate(getattr(event, "attachments", ())):
        content = await how.fetch(ref.url)  # an outage raises: the event is retried with backoff
        if hashlib.sha256(content).hexdigest() != ref.sha256:
            raise PermanentError(f"attachment {ref.filename} does not match its SHA-256")
        await db.add_attachment(conn, delivery_id, position, ref.filename, ref.content_type, content, ref.sha256)


async def record_nobody(conn: asyncpg.Connection, event: Event, template: EmailTemplate, how: Recording) -> None:
    """No head of the LPSE has an address on record: one failed delivery says so on the deliveries page."""
    subject = template.subject["id"].format(**event.model_dump(mode="json"))
    email = RenderedEmail(recipient=NO_HEAD_RECIPIENT, subject=subject, text="", html="", message_id="")
    delivery_id = delivery_id_for(event, template.name, NO_HEAD_RECIPIENT)
    await insert(conn, event, template, delivery_id, "id", email, how, DeliveryStatus.TECHNICAL_FAILURE, NO_HEAD_EMAIL)


async def insert(
    conn: asyncpg.Connection,
    event: Event,
    template: EmailTemplate,
    delivery_id: uuid.UUID,
    language: str,
    email: RenderedEmail,
    how: Recording,
    status: DeliveryStatus,
    error: str | None,
) -> bool:
    """Store one delivery of the fact; False when it was already recorded."""
    return await db.insert_delivery(
        conn,
        delivery_id=delivery_id,
        trigger_event_id=event.event_id,
        template=template.name,
        version=template.version,
        language=language,
        lpse=event.lpse,
        correlation_id=event.correlation_id,
        sender=how.sender,
        email=email,
        box=how.box,
        now=how.clock.now(),
        status=status,
        error=error,
    )
