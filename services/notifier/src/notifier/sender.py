"""The sender: takes due deliveries, respects the rate limit, hands each to the mail server, records the outcome.

A delivery is claimed (status `sending`, attempt counted, a lease) and committed before the SMTP conversation;
the outcome is recorded in a second transaction with its fact. A sender that dies between the two leaves the
lease to run out; the delivery is then sent again with the same Message-ID (see the README's guarantee).
"""

from __future__ import annotations

import logging
import os
from datetime import timedelta

import asyncpg
from prometheus_client import CollectorRegistry, Counter

from lpse_runtime.clock import Clock
from lpse_runtime.commit import commit
from lpse_runtime.loop import WakingLoop
from lpse_runtime.sealing import link_box
from lpse_runtime.text import mask_email, mask_emails_in
from notifier import db
from notifier.domain import Outcome, capacity, decide
from notifier.mailer import Attempt, Mailer
from notifier.render import to_message
from notifier.settings import Settings

log = logging.getLogger(__name__)


class DeliverySender:
    """One sender loop per notifier process; several processes share the work through row locks."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        mailer: Mailer,
        clock: Clock,
        settings: Settings,
        registry: CollectorRegistry | None = None,
        schema: str = "notifier",
    ) -> None:
        self._pool = pool
        self._schema = schema
        self._mailer = mailer
        self._clock = clock
        self._settings = settings
        self._box = link_box(settings)
        self._outcomes = Counter("notifier_delivery_outcomes", "SMTP outcomes", ["outcome"], registry=registry)
        self._limited = Counter("notifier_rate_limited", "Sender passes held back by the rate limit", registry=registry)

    async def send_due(self) -> int:
        """Send what is due within the rate limit; returns how many deliveries were attempted."""
        now = self._clock.now()
        async with self._pool.acquire() as conn, conn.transaction():
            await db.hold_allowance(conn, self._settings.mail_from)
            room = capacity(
                await db.attempts_in_last_minute(conn, self._settings.mail_from, now),
                self._settings.smtp_rate_per_minute,
            )
            if room == 0:
                self._limited.inc()
                return 0
            claimed = await db.claim_due(conn, now, min(room, 20), timedelta(seconds=self._settings.smtp_lease_seconds))
        # UPDATE … RETURNING gives no order: send the oldest due first.
        for row in sorted(claimed, key=lambda r: r["next_attempt_at"] or now):
            await self._attempt(row)
        return len(claimed)

    async def _attempt(self, row: asyncpg.Record) -> None:
        async with self._pool.acquire() as conn:
            suppressed = await db.is_suppressed(conn, row["recipient"])
            files = [
                (a["filename"], a["content_type"], bytes(a["content"])) for a in await db.attachments(conn, row["id"])
            ]
        if suppressed:
            attempt = Attempt(Outcome.SUPPRESS, "alamat ada di daftar blokir")
        else:
            message = to_message(
                db.rendering_of(row, self._box),
                sender=row["sender"] or self._settings.mail_from,
                template=row["template"],
                version=row["template_version"],
                language=row["language"],
                date=self._clock.now(),
                attachments=files,
            )
            attempt = await self._mailer.send(message)
            if attempt.outcome is Outcome.ACCEPTED and self._settings.fault_exit_after_send:
                os._exit(70)  # fault injection: die after the server accepted, before recording it
        await self._record(row, attempt)

    async def _record(self, row: asyncpg.Record, attempt: Attempt) -> None:
        decided = decide(
            db.delivery_of(row),
            attempt.outcome,
            now=self._clock.now(),
            detail=attempt.detail,
            max_attempts=self._settings.smtp_max_attempts,
            backoff=self._settings.smtp_backoff_seconds,
        )
        self._outcomes.labels(decided.state.outcome.value).inc()
        async with self._pool.acquire() as conn:
            await commit(conn, decided, db.save_recorded)
        # The address stays in the delivery's row; a log line names it only masked.
        log.debug(
            "delivery %s to %s: %s (%s)",
            row["id"],
            mask_email(row["recipient"]),
            decided.state.delivery.status.value,
            mask_emails_in(attempt.detail),
        )

    async def run(self) -> None:
        """Send until cancelled: woken when deliveries are committed, polling for retries that fall due."""
        await WakingLoop(
            self._sent_some,
            name="sender",
            poll_seconds=self._settings.sender_poll_seconds,
            database_url=self._settings.database_url,
            schema=self._schema,
            channel=f"{self._schema}_deliveries",
        ).run()

    async def _sent_some(self) -> bool:
        return await self.send_due() > 0
