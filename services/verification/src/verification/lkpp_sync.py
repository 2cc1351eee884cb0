"""LKPP's answer to a forwarded change of an aggregated account reaches the account's history.

Each handler runs inside the inbox's transaction: a redelivered answer finds its inbox row and adds no second line.
"""

from __future__ import annotations

import logging

import asyncpg

from lpse_runtime.commit import commit
from verification import lkpp_sync_db
from verification.lkpp_history import LkppAnswer, history_of

log = logging.getLogger(__name__)


async def on_lkpp_answer(event: LkppAnswer, conn: asyncpg.Connection) -> None:
    """Write "Perubahan diteruskan ke LKPP" (with LKPP's number) or "LKPP menolak perubahan" (with the reason)."""
    if not await lkpp_sync_db.lock_provider(conn, event.provider_id):
        log.warning("LKPP's answer for account %s: no such account here; nothing written", event.user_id)
        return
    await commit(conn, history_of(event), lkpp_sync_db.append_history)
